"""Local inputs: files and directories of text dumps, markdown, HTML and JSON pages."""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from transform.text import normalise_text, repair_mojibake

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
    fetched_at: datetime  # the file's modification time: when the page was saved, as far as we know
    # when this run read the file: publication dates are judged against it, not against the mtime
    # (a zip archive's 1980 or a `touch`ed file must not make every date look "in the future")
    read_at: datetime | None = None


def bundled_samples() -> Path:
    """The sample corpus shipped with the repo (data/samples)."""
    here = Path(__file__).resolve().parent.parent / "data" / "samples"
    return here if here.is_dir() else Path.cwd() / "data" / "samples"


def display_uri(path: Path) -> str:
    """The identity of a local file: its resolved absolute path, whatever the working directory.

    display_uri(Path('data/samples/000_0c407894616695cd.txt')) -> '/home/me/pressroom/data/samples/000_….txt'
    (the same file read as `in/x.txt` from one directory and by its absolute path from another is one
    document; a cron job or a Prefect worker starting elsewhere does not double it).
    """
    return path.resolve().as_posix()


def decode(data: bytes, name: str) -> str:
    """Bytes of a text file -> str: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252; mojibake repaired;
    NFC, without soft hyphens and zero-width characters (transform.text.normalise_text).

    Raises InputError for binary data (NUL bytes outside UTF-16) naming the input.
    """
    return normalise_text(repair_mojibake(_decode(data, name)))


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


# Pseudo-filesystems: their files are not documents (and /proc files report size 0).
SYSTEM_ROOTS = (Path("/proc"), Path("/sys"), Path("/dev"))


def regular_file(path: Path, inside: Path | None = None) -> tuple[Path | None, str | None]:
    """(resolved path, None) when `path` resolves to a regular file (inside `inside`, when given), else
    (None, why it is skipped).

    regular_file(Path('inn/passwd.txt'), Path('/abs/inn')) -> (None, 'symbolic link leading outside the
    folder (to /etc/passwd)') when inn/passwd.txt -> /etc/passwd.
    """
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return None, ("dangling symbolic link (its target does not exist)" if path.is_symlink()
                      else "no such file or directory")
    except (RuntimeError, OSError) as exc:  # a symlink loop: RuntimeError before 3.13, OSError(ELOOP) after
        if "loop" in str(exc).lower() or getattr(exc, "errno", None) == errno.ELOOP:
            return None, "symbolic link loop"
        return None, f"cannot resolve ({exc})"
    if inside is not None and not target.is_relative_to(inside):
        return None, f"symbolic link leading outside the folder (to {target})"
    if any(target.is_relative_to(root) for root in SYSTEM_ROOTS):
        return None, f"system file ({target}), not a document"
    try:
        mode = target.stat().st_mode
    except OSError as exc:
        return None, f"cannot read ({exc.strerror or exc})"
    if stat.S_ISDIR(mode):
        return None, "a directory, not a file"
    if stat.S_ISFIFO(mode):
        return None, "a FIFO (named pipe), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return None, "a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return None, "a socket, not a regular file"
    if not stat.S_ISREG(mode):
        return None, "not a regular file"
    return target, None


def expand(sources: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files named by the sources (files, or directories read one level deep, sorted), and failures.

    A folder scan reads the regular .txt/.md/.html/.json files inside the folder only: a symlink leading
    outside it, a dangling link, a loop, a device, a FIFO or a directory named like a readable file is
    skipped with (entry, reason); other file types are not inputs and are passed over silently. A file
    named explicitly is read when it resolves to a regular file (outside the folder is fine). A missing
    path, or a directory with no readable files, is a failure (source, reason). Every file is returned
    once, by its resolved path.
    """
    files: list[Path] = []
    failures: list[tuple[str, str]] = []
    seen: set[Path] = set()

    def add(target: Path) -> None:
        if target not in seen:
            seen.add(target)
            files.append(target)

    for source in sources:
        path = Path(source)
        if path.is_dir():
            root = path.resolve()
            if any(root.is_relative_to(r) for r in SYSTEM_ROOTS):
                failures.append((str(source), f"system folder ({root}), not documents"))
                continue
            found = 0
            for entry in sorted(path.iterdir()):
                if entry.suffix.lower() not in READABLE_SUFFIXES:
                    continue
                target, reason = regular_file(entry, inside=root)
                if target is None:
                    failures.append((str(entry), reason))
                    continue
                found += 1
                add(target)
            if not found:
                failures.append((str(source), "directory has no .txt, .md, .html or .json files"))
        elif path.exists() or path.is_symlink():
            target, reason = regular_file(path)
            if target is None:
                failures.append((str(source), reason))
            else:
                add(target)
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
        data, info = _read_regular(path, name)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW: the file became a symbolic link after the scan
            raise InputError(f"{path.absolute()}: a symbolic link now (changed after the folder was read), "
                             "not followed") from exc
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise InputError(f"{name}: empty file")
    text = decode(data, name)
    if not text.strip():
        raise InputError(f"{name}: empty file (whitespace only)")
    mtime = datetime.fromtimestamp(info.st_mtime, UTC).replace(microsecond=0)
    return LocalInput(source_uri=name, text=text, fmt=fmt, sha256=hashlib.sha256(data).hexdigest(),
                      fetched_at=mtime, read_at=datetime.now(UTC).replace(microsecond=0))


# O_NONBLOCK: opening a FIFO (a file swapped for one after the folder was read) must not wait for a
# writer; O_NOFOLLOW: the paths read are already resolved, so a symbolic link here is a swap.
OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _read_regular(path: Path, name: str) -> tuple[bytes, os.stat_result]:
    """The bytes of `path` (at most the cap + 1) and its fstat, opened without blocking; InputError
    when what was opened is not a regular file or is over the cap."""
    fd = os.open(path, OPEN_FLAGS)
    with os.fdopen(fd, "rb", buffering=0) as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else "not a regular file"
            raise InputError(f"{name}: {kind} now (changed after the folder was read), not read")
        if info.st_size > MAX_FILE_BYTES:
            raise InputError(f"{name}: {info.st_size} bytes, over the {MAX_FILE_BYTES} byte cap")
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while total <= MAX_FILE_BYTES:  # bounded: a file whose size is not what stat says stops at the cap
            chunk = fh.read(min(1 << 20, MAX_FILE_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        data = b"".join(chunks)
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{name}: over the {MAX_FILE_BYTES} byte cap")
    return data, info


def read_files(paths: Iterable[Path]) -> Iterator[LocalInput | InputError]:
    """Each file read, or the InputError that says why it could not be."""
    for path in paths:
        try:
            yield read_file(path)
        except InputError as exc:
            yield exc
