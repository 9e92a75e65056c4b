"""What `pressroom run` checks before Prefect starts, so a mistake is answered in one line, at once."""

from __future__ import annotations

import difflib
import os
from datetime import date
from pathlib import Path


class UsageError(ValueError):
    """A command-line mistake (exit code 2); the message names the input and, when it can, a fix."""


def check_db(db: Path) -> None:
    """Raise UsageError unless the warehouse file can be created or written at `db`.

    check_db(Path('/proc/w.duckdb')) -> UsageError('/proc/w.duckdb: cannot write here (…)').
    Tried for real (a probe file beside it), so it also holds for root and read-only mounts. A folder
    that does not exist is not created (a mistyped path must not grow a second warehouse somewhere):
    check_db(Path('/nonexistent/dir/w.duckdb')) -> UsageError('… the folder /nonexistent/dir does not exist …').
    """
    if db.is_dir():
        raise UsageError(f"--db {db}: is a directory; name a file, e.g. {db / 'warehouse.duckdb'}")
    parent = db.parent if str(db.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"--db {db}: the folder {parent} does not exist (create it first if this is the place: "
                         f"mkdir -p {parent})")
    try:
        if db.exists():
            os.close(os.open(db, os.O_RDWR))
        probe = parent / f".{db.name}.probe-{os.getpid()}"
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"--db {db}: cannot write here ({exc.strerror or exc})") from None


def check_warehouse(db: Path, hint: str = "") -> None:
    """Raise UsageError unless `db` is an existing warehouse file (for commands that only read it).

    check_warehouse(Path('missing.duckdb')) -> UsageError('missing.duckdb: no warehouse here (run `pressroom run`
    first)'); `hint` is added to the message (how the path was chosen).
    """
    if db.is_dir():
        raise UsageError(f"{db}: is a directory, not a warehouse file")
    if not db.is_file():
        raise UsageError(f"{db}: no warehouse here (run `pressroom run` first{hint})")


def check_archive(archive: Path, db: Path, create: bool, archive_label: str = "--archive",
                  db_label: str = "--db") -> None:
    """Raise UsageError unless `pressroom reparse` can rebuild `db` from the raw archive at `archive`.

    The warehouse must exist unless `create` asks for a new one; the archive must be a folder that holds
    pages (objects/, index.jsonl), and a new warehouse needs its index (the only map of URLs). The labels
    name where each path came from (`--db` as typed, or `warehouse` from the configuration):
    check_archive(Path('no-such-folder'), Path('w.duckdb'), False) with w.duckdb present ->
    UsageError('--archive no-such-folder: no archive folder here …').
    """
    if not db.exists() and not create:
        raise UsageError(f"{db_label} {db}: no warehouse here; reparse rebuilds an existing warehouse from the "
                         "archive (add --create to build a new one there from the archive)")
    if not archive.is_dir():
        raise UsageError(f"{archive_label} {archive}: no archive folder here (live runs store the pages they fetch "
                         "in it; local files are not archived: `pressroom run --force` reads them again)")
    if not (archive / "index.jsonl").is_file() and not (archive / "objects").is_dir():
        raise UsageError(f"{archive_label} {archive}: nothing archived in this folder (no index.jsonl, no objects/)")
    if not db.exists() and not (archive / "index.jsonl").is_file():
        raise UsageError(f"{archive_label} {archive}: index.jsonl is missing, and a new warehouse has no `fetches` "
                         "table to rebuild it from")


def check_since(since: str | None) -> None:
    """Raise UsageError unless `since` is None or a date as YYYY-MM-DD: check_since('2025-13-01') raises."""
    if since is None:
        return
    try:
        date.fromisoformat(since)
    except ValueError:
        raise UsageError(f"--since {since!r}: not a date; use YYYY-MM-DD, e.g. 2025-01-01") from None


def classify_sources(sources: list[str], sources_file: Path) -> tuple[list[str], list[str]]:
    """(local paths, live sources) of a run; raises UsageError for a source that is neither.

    An existing path is local; a URL, `ntb:<digits>`, ks.no or a name from sources.toml is live (and
    must resolve); anything else is a mistake, answered with the closest name or path:
    classify_sources(['ks-ntbb'], Path('sources.toml')) -> UsageError("… (did you mean ks-ntb?)").
    """
    from extract.sources import SourceError, load_sources, resolve_source

    try:
        configured = load_sources(sources_file)
    except SourceError as exc:
        raise UsageError(str(exc)) from None
    local, live = [], []
    for spec in sources:
        if Path(spec).exists():
            check_folder(Path(spec), spec)
            local.append(spec)
            continue
        looks_live = spec in configured or spec.startswith(("http://", "https://")) or \
            spec.split(":", 1)[0].lower() in PLATFORM_PREFIXES or spec.lower() in ("ks.no", "www.ks.no")
        if looks_live:
            try:
                resolve_source(spec, configured)
            except SourceError as exc:  # its message may name the spec again: said once
                reason = str(exc).removeprefix(f"source {spec}: ").removeprefix(f"{spec}: ")
                raise UsageError(f"--source {spec}: {reason}") from None
            live.append(spec)
            continue
        raise UsageError(f"--source {spec}: no such file, directory or source name{_suggest(spec, configured)}")
    return local, live


# `<platform>:<publisherId>` specs (stt: is refused with its reason by extract.sources)
PLATFORM_PREFIXES = ("ntb", "tt", "ritzau", "stt")


def check_folder(path: Path, spec: str) -> None:
    """Raise UsageError for a folder source that holds no file a run reads, saying where such files are.

    A folder is read one level deep: check_folder(Path('inbox'), 'inbox') with only inbox/2024/a.txt ->
    UsageError('--source inbox: no .txt, .md, .html or .json files in this folder; subfolders are not read
    (inbox/2024 holds 1: name it with --source inbox/2024)').
    """
    from extract.files import READABLE_SUFFIXES

    if not path.is_dir():
        return
    try:
        entries = list(path.iterdir())
    except OSError as exc:
        raise UsageError(f"--source {spec}: cannot read this folder ({exc.strerror or exc})") from None
    if any(e.suffix.lower() in READABLE_SUFFIXES for e in entries):
        return  # the run reads them (an unreadable one is named in its summary)
    message = f"--source {spec}: no .txt, .md, .html or .json files in this folder"
    below: dict[Path, int] = {}
    for entry in sorted(entries):
        if entry.is_dir() and not entry.is_symlink():
            try:
                # one level, as `--source <subfolder>` would read it
                n = sum(1 for f in entry.iterdir() if f.suffix.lower() in READABLE_SUFFIXES and f.is_file())
            except OSError:
                continue
            if n:
                below[entry] = n
    if below:
        first, n = next(iter(below.items()))
        more = f" and {len(below) - 1} more subfolders" if len(below) > 1 else ""
        raise UsageError(f"{message}; subfolders are not read ({first} holds {n}{more}: name each folder with "
                         f"--source, e.g. --source {first})")
    others = sorted(e.name for e in entries if e.is_file())
    if others:
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        message += f" (it holds {shown})"
    raise UsageError(message)


def _suggest(spec: str, configured) -> str:
    names = [*configured, "ks.no"]
    parent = Path(spec).parent
    try:
        siblings = [str(parent / p.name) if str(parent) != "." else p.name for p in parent.iterdir()]
    except OSError:
        siblings = []
    close = difflib.get_close_matches(spec, names + siblings, n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""
