"""Refresh what dashboards read (the export folder, the static report) after a run changed the warehouse.

Configured in pressroom.toml `[publish]`; called by the ingest flow after a scheduled run that changed
something. Every file is written beside its final name and renamed into place, so a dashboard never
reads a half-written export or page.
"""

from __future__ import annotations

from pathlib import Path

from load.export import export
from load.report import build_report
from load.warehouse import now_utc


def publish(db: str | Path, export_dir: str = "", export_format: str = "parquet", report_dir: str = "") -> list[str]:
    """Write the export (every table and view) and the report when their folders are set; empty = off.

    publish('warehouse.duckdb', export_dir='exports') -> ['exports: 16 files (parquet)'].
    """
    done = []
    if export_dir:
        written = export(db, export_dir, export_format)
        done.append(f"{export_dir}: {len(written)} files ({export_format})")
    if report_dir:
        done.append(str(build_report(db, Path(report_dir), generated_at=now_utc())))
    return done
