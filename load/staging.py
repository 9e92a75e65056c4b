"""Staging of a run's rows as Parquet parts, one per batch, so a big run streams instead of holding
every row in memory; `load.warehouse.load_tables(staging=…)` then loads them in one transaction.

A run stages into `$TMPDIR/pressroom-stage-<pid>-<random>/`, removed when the run ends. A run killed
outright (SIGKILL, the OOM killer) cannot remove it, so every run first removes the staging folders
whose owner process is gone.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
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


PREFIX = "pressroom-stage-"
OWNED = re.compile(r"^pressroom-stage-(\d+)-")
LEGACY_AGE_SECONDS = 24 * 3600  # folders of older versions name no owner: removed a day after their last write


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def remove_stale_staging(root: str | Path | None = None) -> list[Path]:
    """Remove staging folders left by runs that were killed; returns the folders removed.

    remove_stale_staging() -> [Path('/tmp/pressroom-stage-4242-k3j2')] when process 4242 is gone.
    A folder of a live process is kept; one without an owner pid (written by an older pressroom) is
    removed once it is a day old.
    """
    removed = []
    folder = Path(root or tempfile.gettempdir())
    try:
        entries = list(folder.glob(f"{PREFIX}*"))
    except OSError:
        return removed
    for entry in entries:
        if not entry.is_dir() or entry.is_symlink():
            continue
        owner = OWNED.match(entry.name)
        if owner is not None:
            stale = not _alive(int(owner.group(1)))
        else:
            try:
                stale = time.time() - entry.stat().st_mtime > LEGACY_AGE_SECONDS
            except OSError:
                continue
        if stale:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


@contextmanager
def staging_folder() -> Iterator[str]:
    """A fresh staging folder named for this process, removed on exit; stale ones of killed runs go first.

    with staging_folder() as staging: ...  # '/tmp/pressroom-stage-4242-k3j2'
    """
    remove_stale_staging()
    with tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-") as staging:
        yield staging
