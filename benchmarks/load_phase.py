"""The load alone: a run's staged Parquet parts upserted by `load.warehouse.load_tables` into a fresh
warehouse, in a process of its own, with its CPU seconds, wall seconds, peak RSS and DuckDB's memory.

Stage once (parse + extract + normalise the files of a folder in batches of 500, as `pressroom run`'s
workers do, into a staging folder that is kept), then load it as often as needed; the code loaded is
the one the interpreter imports, so two checkouts with their own venvs load the same parts (A B A B):

    python benchmarks/generate.py --n 10000 --shape text --out /tmp/c10k --seed 1
    python benchmarks/load_phase.py stage --source /tmp/c10k --out /tmp/c10k-stage
    cd /tmp && /path/to/checkout/.venv/bin/python /path/to/benchmarks/load_phase.py load \
        --staging /tmp/c10k-stage --db /tmp/new.duckdb

`load` prints one line: `cpu_s 7.21 wall_s 9.80 peak_rss_mib 402.1 rss_before_mib 250.3
duckdb_peak_mib 180.4 load1 3.51`: user + sys CPU and wall seconds of the `load_tables` call, the
process's peak RSS (VmHWM) and its RSS just before the call, the largest sum of DuckDB's own
`duckdb_memory()` seen before each statement of the load, and the 1-minute load average at the start.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

BATCH = 500  # the flow's batch size


def stage(source: Path, out: Path) -> int:
    """Parse, extract and stage every file of `source` into `out` (part-NNNNNN per batch); documents staged."""
    from flows.batches import process_files

    paths = sorted(str(p.resolve()) for p in source.iterdir() if p.is_file())
    out.mkdir(parents=True, exist_ok=True)
    documents = 0
    for batch_no, start in enumerate(range(0, len(paths), BATCH)):
        stats = process_files(paths[start:start + BATCH], str(out), batch_no, {}, "bench")
        documents += stats.documents
    return documents


def _status_mib(field_name: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


class _Sampled:
    """A DuckDB connection that reads `duckdb_memory()` before each statement (the previous one's
    result has been read by then); everything else goes to the connection itself."""

    def __init__(self, con: object) -> None:
        self._con = con
        self.peak = 0

    def execute(self, *args: object, **kwargs: object) -> object:
        used = self._con.execute("select sum(memory_usage_bytes) from duckdb_memory()").fetchall()[0][0]
        self.peak = max(self.peak, int(used or 0))
        return self._con.execute(*args, **kwargs)

    def __getattr__(self, name: str) -> object:
        return getattr(self._con, name)


def load(staging: Path, db: Path) -> str:
    """Load `staging` into a new warehouse `db` with load_tables; the figures line (see the module)."""
    import load.warehouse as warehouse

    if db.exists():
        raise SystemExit(f"{db} exists: the load is measured into a fresh warehouse")
    sampled: list[_Sampled] = []
    opened = warehouse.connect

    @contextlib.contextmanager
    def connect(*args: object, **kwargs: object) -> Iterator[_Sampled]:
        with opened(*args, **kwargs) as con:
            sampled.append(_Sampled(con))
            yield sampled[-1]

    warehouse.prepare(db)  # migrations and the place registers, as the run's flow does before its load
    load1 = os.getloadavg()[0]
    warehouse.connect = connect
    rss_before = _status_mib("VmRSS")
    t0, c0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    warehouse.load_tables(db, staging=staging)
    c1, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter() - t0
    cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
    duck = max((s.peak for s in sampled), default=0) / 2**20
    return (f"cpu_s {cpu:.2f} wall_s {wall:.2f} peak_rss_mib {_status_mib('VmHWM'):.1f} "
            f"rss_before_mib {rss_before:.1f} duckdb_peak_mib {duck:.1f} load1 {load1:.2f}")


def main(argv: list[str] | None = None) -> int:
    """Command line: `stage --source DIR --out DIR` or `load --staging DIR --db FILE`; the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("stage")
    s.add_argument("--source", type=Path, required=True)
    s.add_argument("--out", type=Path, required=True)
    ld = sub.add_parser("load")
    ld.add_argument("--staging", type=Path, required=True)
    ld.add_argument("--db", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "stage":
        print(f"staged {stage(args.source, args.out)} documents into {args.out}")
    else:
        print(load(args.staging, args.db))
    return 0


if __name__ == "__main__":
    sys.exit(main())
