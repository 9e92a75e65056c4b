"""Refresh what dashboards read (the export folder, the static report) after a run changed the warehouse.

Configured in pressroom.toml `[publish]`; called by the ingest flow after every run whose load changed
the warehouse (from the command line or the schedule, kept parts of a blocked run included). Each
refresh is published as a set: it is written whole into a new folder beside the configured one, then
the configured name, a symbolic link, is switched to it in one rename:

    exports -> .exports.versions/20261206T181500Z-3f9a1c/     (documents.parquet, releases.parquet, …)

A reader that resolves the link once (`realpath exports`, or opens the folder and reads relative to
it) sees the old set or the new one, never a mix. The set before the newest is kept until the next
refresh, so a reader that resolved it just before a switch can finish; older sets are removed.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from load.export import export
from load.report import build_report
from load.warehouse import now_utc

KEEP_SETS = 2  # the newest set and the one before it


def versions_root(target: str | Path) -> Path:
    """The folder holding the published sets of `target`: versions_root('exports') -> .exports.versions."""
    target = Path(target)
    return target.parent / f".{target.name}.versions"


def publish_set(target: str | Path, write: Callable[[Path], object]) -> Path:
    """Write a new set with `write(folder)` and switch `target` (a symlink) to it in one rename; returns the set.

    publish_set('exports', lambda folder: export('w.duckdb', folder)) -> Path('.exports.versions/2026…-3f9a1c')
    A `target` that is still a plain folder (written by an earlier pressroom) is moved into the versions
    folder first. A failing `write` leaves `target` as it was.
    """
    target = Path(target)
    root = versions_root(target)
    root.mkdir(parents=True, exist_ok=True)
    stamp = now_utc().strftime("%Y%m%dT%H%M%S%fZ")
    folder = root / f"{stamp}-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    try:
        write(folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if target.is_dir() and not target.is_symlink():
        target.rename(root / f"{stamp}-before")
    link = target.parent / f".{target.name}.link-{uuid.uuid4().hex[:6]}"
    os.symlink(os.path.relpath(folder, target.parent), link)
    os.replace(link, target)  # one rename: readers see the old set or the new one
    for old in sorted(p for p in root.iterdir() if p.is_dir())[:-KEEP_SETS]:
        shutil.rmtree(old, ignore_errors=True)
    return folder


def publish(db: str | Path, export_dir: str = "", export_format: str = "parquet", report_dir: str = "") -> list[str]:
    """Write the export (every table and view) and the report when their folders are set; empty = off.

    publish('warehouse.duckdb', export_dir='exports') -> ['exports: 16 files (parquet)'].
    """
    done = []
    if export_dir:
        written: dict = {}
        folder = publish_set(export_dir, lambda out: written.update(export(db, out, export_format)))
        done.append(f"{export_dir}: {len(written)} files ({export_format}) in {folder.name}")
    if report_dir:
        folder = publish_set(report_dir, lambda out: build_report(db, out, generated_at=now_utc()))
        done.append(str(Path(report_dir) / "index.html"))
    return done
