"""Work kept beside the warehouse when a run's load could not start (another process held the file).

    <db>.pending/<run_id>/parts/<table>/part-*.parquet   the run's staged rows, as staged
    <db>.pending/<run_id>/kept.json                      run id, extractor version, documents kept
    <db>.pending/<run_id>/run.json                       its `ingest_runs` row, until a writer writes it

The next run loads kept parts with its own rows (their documents are not parsed again) unless the
extractor version changed (then they are parsed again and the parts dropped); the next process that
opens the warehouse for writing writes the waiting `ingest_runs` rows first.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq


@dataclass(frozen=True)
class KeptRun:
    """The staged parts of one run whose load could not start (grain: one run)."""

    run_id: str
    folder: Path
    version: str
    documents: int

    @property
    def parts(self) -> Path:
        return self.folder / "parts"


def pending_root(db: str | Path) -> Path:
    """The folder beside the warehouse that holds kept work: pending_root('w.duckdb') -> w.duckdb.pending."""
    return Path(f"{db}.pending")


def _json_default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def keep_staged(db: str | Path, staging: str | Path, run_id: str, version: str, documents: int) -> Path:
    """Move a run's staged parts beside the warehouse; returns the folder they now live in."""
    folder = pending_root(db) / run_id
    parts = folder / "parts"
    parts.mkdir(parents=True, exist_ok=True)
    for table in Path(staging).iterdir():
        if table.is_dir():
            shutil.move(str(table), parts / table.name)
    (folder / "kept.json").write_text(json.dumps({"run_id": run_id, "extractor_version": version,
                                                  "documents": documents}), encoding="utf-8")
    return folder


def save_run_row(db: str | Path, run: Mapping) -> Path:
    """Leave a run's `ingest_runs` row beside the warehouse for the next writer; returns its file."""
    folder = pending_root(db) / str(run["run_id"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "run.json"
    tmp = folder / ".run.json.tmp"
    tmp.write_text(json.dumps(dict(run), default=_json_default, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return path


def kept_runs(db: str | Path) -> list[KeptRun]:
    """Runs with kept parts, oldest first (by run folder time)."""
    root = pending_root(db)
    if not root.is_dir():
        return []
    found = []
    for meta in sorted(root.glob("*/kept.json"), key=lambda p: p.stat().st_mtime):
        data = json.loads(meta.read_text(encoding="utf-8"))
        found.append(KeptRun(data["run_id"], meta.parent, data["extractor_version"], data["documents"]))
    return found


def known_from_kept(run: KeptRun) -> dict[str, str]:
    """{source_uri: "<sha256>@<version>"} of the documents in a run's kept parts (so they are not parsed again)."""
    known = {}
    for part in sorted((run.parts / "documents").glob("part-*.parquet")):
        table = pq.read_table(part, columns=["source_uri", "content_sha256", "extractor_version"])
        for row in table.to_pylist():
            if row["content_sha256"] and row["extractor_version"]:
                known[row["source_uri"]] = f"{row['content_sha256']}@{row['extractor_version']}"
    return known


def drop_parts(run: KeptRun) -> None:
    """Delete a run's kept parts (loaded, or read by an older extractor); its waiting row stays."""
    shutil.rmtree(run.parts, ignore_errors=True)
    (run.folder / "kept.json").unlink(missing_ok=True)
    _remove_if_empty(run.folder)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
        folder.parent.rmdir()
    except OSError:  # not empty: something still waits
        pass


def write_waiting_runs(con: duckdb.DuckDBPyConnection, db: str | Path,
                       write_run: Callable[[duckdb.DuckDBPyConnection, Mapping], None]) -> int:
    """Write every waiting `ingest_runs` row through `write_run`, then delete its file; returns how many."""
    root = pending_root(db)
    if not root.is_dir():
        return 0
    written = 0
    for path in sorted(root.glob("*/run.json")):
        row = json.loads(path.read_text(encoding="utf-8"))
        for key in ("started_at", "finished_at"):
            if row.get(key):
                row[key] = datetime.fromisoformat(row[key])
        write_run(con, row)
        path.unlink()
        _remove_if_empty(path.parent)
        written += 1
    return written
