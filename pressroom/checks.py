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
    Tried for real (a probe file beside it), so it also holds for root and read-only mounts.
    """
    if db.is_dir():
        raise UsageError(f"--db {db}: is a directory; name a file, e.g. {db / 'warehouse.duckdb'}")
    parent = db.parent if str(db.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        if db.exists():
            os.close(os.open(db, os.O_RDWR))
        probe = parent / f".{db.name}.probe-{os.getpid()}"
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"--db {db}: cannot write here ({exc.strerror or exc})") from None


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
            local.append(spec)
            continue
        looks_live = spec in configured or spec.startswith(("http://", "https://", "ntb:")) or \
            spec.lower() in ("ks.no", "www.ks.no")
        if looks_live:
            try:
                resolve_source(spec, configured)
            except SourceError as exc:
                raise UsageError(f"--source {spec}: {exc}") from None
            live.append(spec)
            continue
        raise UsageError(f"--source {spec}: no such file, directory or source name{_suggest(spec, configured)}")
    return local, live


def _suggest(spec: str, configured) -> str:
    names = [*configured, "ks.no"]
    parent = Path(spec).parent
    try:
        siblings = [str(parent / p.name) if str(parent) != "." else p.name for p in parent.iterdir()]
    except OSError:
        siblings = []
    close = difflib.get_close_matches(spec, names + siblings, n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""
