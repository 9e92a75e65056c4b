"""Work kept beside the warehouse when a run's load could not start (another process held the file).

    <db>.pending/<run_id>/parts/<table>/part-*.parquet   the run's staged rows, as staged
    <db>.pending/<run_id>/kept.json                      run id, extractor version, documents (uri, sha256)
                                                         and every part with its row count; written last
    <db>.pending/<run_id>/run.json                       its `ingest_runs` row, until a writer writes it
    <db>.pending/set-aside/<run_id>/                     kept parts or a run row that could not be used,
                                                         with why.txt

Kept parts are trusted only when everything about them still holds: kept.json reads, every part it
lists is there and reads whole with its row count, the extractor version is today's, and every
document is a local file whose content is still what was kept (and that this run does not read again,
as `--force` does). Such parts are moved into the next run's staging and load with it; its documents
are not parsed again. Anything else is set aside with a line naming it, and its documents are read
again (now when they are among the run's inputs, else with their source's next run): correctness
before saved seconds. Fetched pages are never trusted (they are fetched again).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from load.faults import point

SET_ASIDE = "set-aside"


@dataclass(frozen=True)
class KeptRun:
    """The staged parts of one run whose load could not start (grain: one run)."""

    run_id: str
    folder: Path
    version: str
    documents: tuple[tuple[str, str], ...]  # (source_uri, content_sha256)
    parts_rows: tuple[tuple[str, int], ...]  # (part path relative to `parts`, rows)

    @property
    def parts(self) -> Path:
        return self.folder / "parts"


class UnusableKept(ValueError):
    """Kept parts that cannot be trusted; the message says why (a missing part, a changed file, …)."""


def pending_root(db: str | Path) -> Path:
    """The folder beside the warehouse that holds kept work: pending_root('w.duckdb') -> w.duckdb.pending."""
    return Path(f"{db}.pending")


def _json_default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def keep_staged(db: str | Path, staging: str | Path, run_id: str, version: str) -> KeptRun:
    """Move a run's staged parts beside the warehouse; returns the kept run (kept.json written last).

    keep_staged('w.duckdb', '/tmp/pressroom-stage-x', 'run-1', 'ab12…').folder -> w.duckdb.pending/run-1
    """
    folder = pending_root(db) / run_id
    parts = folder / "parts"
    parts.mkdir(parents=True, exist_ok=True)
    tables = sorted(t for t in Path(staging).iterdir() if t.is_dir())
    for no, table in enumerate(tables):
        if no == len(tables) // 2:
            point("keep-parts")
        shutil.move(str(table), parts / table.name)
    listed = sorted(parts.glob("*/part-*.parquet"))
    rows = [(str(p.relative_to(parts)), pq.read_metadata(p).num_rows) for p in listed]
    documents = []
    for part in sorted((parts / "documents").glob("part-*.parquet")):
        table = pq.read_table(part, columns=["source_uri", "content_sha256"])
        documents += [(r["source_uri"], r["content_sha256"]) for r in table.to_pylist()]
    kept = KeptRun(run_id, folder, version, tuple(documents), tuple(rows))
    _write_atomically(folder / "kept.json", json.dumps({
        "run_id": run_id, "extractor_version": version, "documents": documents, "parts": rows}))
    return kept


def save_run_row(db: str | Path, run: Mapping) -> Path:
    """Leave a run's `ingest_runs` row beside the warehouse for the next writer; returns its file."""
    folder = pending_root(db) / str(run["run_id"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "run.json"
    tmp = folder / ".run.json.tmp"
    tmp.write_text(json.dumps(dict(run), default=_json_default, ensure_ascii=False), encoding="utf-8")
    point("run-record")
    tmp.replace(path)
    return path


def _read_kept(meta: Path) -> KeptRun:
    """The kept run described by one kept.json; raises UnusableKept when it or a part it lists is damaged."""
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        kept = KeptRun(str(data["run_id"]), meta.parent, str(data["extractor_version"]),
                       tuple((str(u), str(s)) for u, s in data["documents"]),
                       tuple((str(p), int(n)) for p, n in data["parts"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UnusableKept(f"{meta} cannot be read ({type(exc).__name__}: {exc})") from None
    for relative, rows in kept.parts_rows:
        part = kept.parts / relative
        try:
            found = pq.read_table(part).num_rows  # read whole: a damaged page fails here, not in the load
        except Exception as exc:  # noqa: BLE001 - any unreadable part (missing, truncated, not Parquet)
            raise UnusableKept(f"{part} cannot be read ({type(exc).__name__}: {str(exc)[:120]})") from None
        if found != rows:
            raise UnusableKept(f"{part} holds {found} rows, {rows} were kept")
    return kept


def set_aside(db: str | Path, folder: Path, why: str) -> str:
    """Move a kept run's parts (not its waiting run row) to <db>.pending/set-aside/; returns the line to show.

    set_aside('w.duckdb', Path('w.duckdb.pending/run-1'), 'a.txt changed since') ->
    'kept parts w.duckdb.pending/run-1 set aside (a.txt changed since) in …/set-aside/run-1; …'
    """
    target = pending_root(db) / SET_ASIDE / folder.name
    n = 1
    while target.exists():
        n += 1
        target = pending_root(db) / SET_ASIDE / f"{folder.name}.{n}"
    target.mkdir(parents=True)
    for name in ("parts", "kept.json"):
        if (folder / name).exists():
            shutil.move(str(folder / name), target / name)
    (target / "why.txt").write_text(why + "\n", encoding="utf-8")
    line = (f"kept parts {folder} set aside ({why}) in {target}; their documents are read again "
            f"(now when among this run's inputs, else with their source's next run)")
    _note_on_waiting_row(folder, line)
    _remove_if_empty(folder)
    return line


def _note_on_waiting_row(folder: Path, line: str) -> None:
    """Say in the blocked run's waiting row (when it still waits) that its kept parts were set aside."""
    path = folder / "run.json"
    try:
        row = json.loads(path.read_text(encoding="utf-8"))
        summary = json.loads(row.get("summary") or "{}")
        summary["error"] = f"{summary.get('error') or ''}; later: {line}".lstrip("; ")
        row["summary"] = json.dumps(summary, ensure_ascii=False)
        _write_atomically(path, json.dumps(row, ensure_ascii=False))
    except (OSError, ValueError, AttributeError):  # no waiting row (already written), or a damaged one
        pass


def _file_sha256(uri: str) -> str | None:
    try:
        return hashlib.sha256(Path(uri).read_bytes()).hexdigest()
    except OSError:
        return None


def why_untrusted(kept: KeptRun, version: str, read_again: Iterable[str] = ()) -> str | None:
    """Why a kept run's rows cannot be loaded as they are, or None when they can.

    why_untrusted(run, 'ab12…') -> '/data/a.txt changed since it was kept'
    """
    if kept.version != version:
        return "read by another extractor version"
    again = set(read_again)
    for uri, sha in kept.documents:
        if not uri.startswith("/"):
            return f"{uri} is a fetched page (fetched again)"
        if uri in again:
            return f"{uri} is read again by this run"
        current = _file_sha256(uri)
        if current is None:
            return f"{uri} is gone"
        if current != sha:
            return f"{uri} changed since it was kept"
    return None


def usable_kept(db: str | Path, version: str, read_again: Iterable[str] = ()) -> tuple[list[KeptRun], list[str]]:
    """Kept runs this run can load (oldest first), and a line for each one set aside (never raises).

    usable_kept('w.duckdb', 'ab12…') -> ([KeptRun('run-2', …)], ['kept parts w.duckdb.pending/run-1 set aside
    (/data/a.txt changed since it was kept) in …']); `read_again`: files this run reads whatever (--force).

    Folders with parts but no kept.json (a run stopped while keeping) are set aside too.
    """
    root = pending_root(db)
    if not root.is_dir():
        return [], []
    again = list(read_again)
    usable, lines = [], []
    folders = sorted((f for f in root.iterdir() if f.is_dir() and f.name != SET_ASIDE and not f.name.startswith(".")),
                     key=lambda f: f.stat().st_mtime)
    for folder in folders:
        meta = folder / "kept.json"
        if not meta.exists():
            if (folder / "parts").exists():
                lines.append(set_aside(db, folder, "no kept.json: the run stopped while keeping its parts"))
            continue
        try:
            kept = _read_kept(meta)
        except UnusableKept as exc:
            lines.append(set_aside(db, folder, str(exc)))
            continue
        why = why_untrusted(kept, version, again)
        if why:
            lines.append(set_aside(db, folder, why))
        else:
            usable.append(kept)
    return usable, lines


def claim(kept: KeptRun, staging: str | Path) -> None:
    """Move a kept run's parts into this run's staging folder (they load with it) and forget the run.

    claim(run, '/tmp/pressroom-stage-x') moves w.duckdb.pending/run-1/parts/releases/part-000000.parquet
    to /tmp/pressroom-stage-x/releases/part-krun-1-part-000000.parquet, and so on for every part.

    A run stopped half way leaves kept.json naming parts that are gone: the next run sets it aside.
    """
    moves = [(kept.parts / rel, Path(staging) / Path(rel).parent / f"part-k{kept.run_id[:8]}-{Path(rel).name}")
             for rel, _ in kept.parts_rows]
    for no, (src, dst) in enumerate(moves):
        if no == len(moves) // 2:
            point("claim-kept")
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(src), dst)
    (kept.folder / "kept.json").unlink(missing_ok=True)
    shutil.rmtree(kept.parts, ignore_errors=True)
    _remove_if_empty(kept.folder)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
        folder.parent.rmdir()
    except OSError:  # not empty: something still waits
        pass


def _read_row(path: Path) -> dict:
    row = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(row, dict) or not row.get("run_id"):
        raise ValueError("not a run row (no run_id)")
    for key in ("started_at", "finished_at"):
        if row.get(key):
            row[key] = datetime.fromisoformat(row[key])
    return row


def _set_aside_row(db: str | Path, path: Path, exc: Exception) -> str:
    why = f"{path} cannot be read ({type(exc).__name__}: {exc})"
    target = pending_root(db) / SET_ASIDE / f"{path.parent.name}.run"
    target.mkdir(parents=True, exist_ok=True)
    shutil.move(str(path), target / "run.json")
    (target / "why.txt").write_text(why + "\n", encoding="utf-8")
    _remove_if_empty(path.parent)
    return f"waiting run row {path} set aside ({why}) in {target}"


def unreadable_waiting_rows(db: str | Path) -> list[str]:
    """Set aside every waiting run row that cannot be read; returns a line naming each (never raises).

    unreadable_waiting_rows('w.duckdb') -> ['waiting run row w.duckdb.pending/run-1/run.json set aside (…
    JSONDecodeError: Unterminated string …) in w.duckdb.pending/set-aside/run-1.run'] for a truncated row.
    """
    root = pending_root(db)
    lines = []
    for path in sorted(root.glob("*/run.json")) if root.is_dir() else []:
        try:
            _read_row(path)
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            lines.append(_set_aside_row(db, path, exc))
    return lines


def write_waiting_runs(con: duckdb.DuckDBPyConnection, db: str | Path,
                       write_run: Callable[[duckdb.DuckDBPyConnection, Mapping], None]) -> int:
    """Write every waiting `ingest_runs` row through `write_run`, then delete its file; returns how many.

    A row file that cannot be read (truncated, not JSON) is set aside with why.txt, never a stop.
    """
    root = pending_root(db)
    if not root.is_dir():
        return 0
    written = 0
    for path in sorted(root.glob("*/run.json")):
        try:
            row = _read_row(path)
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            _set_aside_row(db, path, exc)
            continue
        write_run(con, row)
        path.unlink()
        _remove_if_empty(path.parent)
        written += 1
    return written


def kept_waiting(db: str | Path) -> bool:
    """True when kept parts of a blocked run wait beside the warehouse (the next run must look at them).

    kept_waiting('w.duckdb') -> True while w.duckdb.pending/run-1/kept.json (or parts/) is there.
    """
    root = pending_root(db)
    if not root.is_dir():
        return False
    return any(f.is_dir() and f.name != SET_ASIDE and ((f / "kept.json").exists() or (f / "parts").exists())
               for f in root.iterdir())
