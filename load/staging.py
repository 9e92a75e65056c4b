"""Staging of a run's rows as Parquet parts, one per batch, so a big run streams instead of holding
every row in memory; `load.warehouse.load_tables(staging=…)` then loads them in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def stage_tables(staging: Path, batch_no: int, tables: Mapping[str, pa.Table]) -> dict[str, int]:
    """Write one batch's Arrow tables as `<staging>/<table>/part-<batch_no>.parquet`; rows per table.

    stage_tables(Path("/tmp/run"), 0, tables_for(batch.results)) -> {"releases": 12, …}
    """
    written = {}
    for name, table in tables.items():
        if table.num_rows == 0:
            continue
        folder = Path(staging) / name
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".part-{batch_no:06d}.parquet.tmp"
        pq.write_table(table, tmp, compression="zstd")
        tmp.rename(folder / f"part-{batch_no:06d}.parquet")
        written[name] = table.num_rows
    return written
