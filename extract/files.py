"""Local inputs: files and directories of text dumps, markdown, HTML and JSON pages."""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from transform.text import repair_mojibake

# File types the readers understand, by suffix.
READABLE_SUFFIXES = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".json": "json"}
MAX_FILE_BYTES = 50 * 1024 * 1024


class InputError(ValueError):
    """An input that cannot be read; the message names the input and the problem."""


@dataclass(frozen=True, slots=True)
class LocalInput:
    """One local file read into text (grain: one file)."""

    source_uri: str
    text: str
    fmt: str  # text | html | json
    sha256: str
    fetched_at: datetime


def bundled_samples() -> Path:
    """The sample corpus shipped with the repo (data/samples)."""
    here = Path(__file__).resolve().parent.parent / "data" / "samples"
    return here if here.is_dir() else Path.cwd() / "data" / "samples"


def display_uri(path: Path) -> str:
    """A stable name for a local file: relative to the working directory when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def decode(data: bytes, name: str) -> str:
    """Bytes of a text file -> str: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252; mojibake repaired.

    Raises InputError for binary data (NUL bytes outside UTF-16) naming the input.
    """
    return repair_mojibake(_decode(data, name))


def _decode(data: bytes, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Windows-1252 is a superset of latin-1 in the printable range: Norwegian letters survive.
        return data.decode("cp1252", errors="replace")


def expand(sources: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files named by the sources (files, or directories read one level deep, sorted), and failures.

    A missing path, or a directory with no readable files, is a failure (source, reason).
    """
    files: list[Path] = []
    failures: list[tuple[str, str]] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES)
            if not found:
                failures.append((str(source), "directory has no .txt, .md, .html or .json files"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            failures.append((str(source), "no such file or directory"))
    return files, failures


def ignored_files(sources: Iterable[str | Path]) -> list[str]:
    """Files in the named directories that a run does not read (their suffix is not a readable format).

    ignored_files(['inbox']) -> ['inbox/note.pdf'] when inbox/ holds note.pdf beside .txt files.
    """
    ignored: list[str] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            ignored += sorted(str(p) for p in path.iterdir()
                              if p.is_file() and p.suffix.lower() not in READABLE_SUFFIXES)
    return ignored


def read_file(path: Path) -> LocalInput:
    """Read one file into a LocalInput; raises InputError naming the file and the problem.

    read_file(Path('data/samples/000_0c407894616695cd.txt')).fmt == 'text'
    """
    name = display_uri(path)
    fmt = READABLE_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{name}: unknown format {path.suffix or '(no suffix)'!r}; "
                         f"expected one of {', '.join(sorted(READABLE_SUFFIXES))}")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{name}: {size} bytes, over the {MAX_FILE_BYTES} byte cap")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise InputError(f"{name}: empty file")
    text = decode(data, name)
    if not text.strip():
        raise InputError(f"{name}: empty file (whitespace only)")
    mtime = datetime.fromtimestamp(os.stat(path).st_mtime, UTC).replace(microsecond=0)
    return LocalInput(source_uri=name, text=text, fmt=fmt, sha256=hashlib.sha256(data).hexdigest(),
                      fetched_at=mtime)


def read_files(paths: Iterable[Path]) -> Iterator[LocalInput | InputError]:
    """Each file read, or the InputError that says why it could not be."""
    for path in paths:
        try:
            yield read_file(path)
        except InputError as exc:
            yield exc
