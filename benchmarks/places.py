"""pressroom benchmark: place recognition (docs/s) and the load it runs in (seconds), in process.

For each input shape (text, html, json), N documents generated in memory by benchmarks/generate.py
(seed 1) are parsed (`transform.batch.extract_batch`) and normalised (`transform.normalise.tables_for`),
neither timed, then loaded into a fresh warehouse (`load.warehouse.load_tables`), timed: wall and CPU
seconds of that call, and of the place mentions read inside it (`load.places.refresh_place_mentions`).
Then place recognition alone: `load.places.mention_rows` again over the releases the load gave it
(whatever their shape in that checkout), CPU seconds after one warm-up pass, as docs/s. Then the places the
parse workers read (`load.place_readings.place_readings` of each batch of 500: CPU seconds), and the load
into a fresh warehouse with them (`place_readings` staged): the load's seconds and its place mentions'. The load
with them runs first, so it, like a checkout's load without them, pays the process's first load (its first
DuckDB connection and imports). Two lines per shape:

    python benchmarks/places.py                     # 1,000 documents of each shape (~1 min on 2 cores)
    python benchmarks/places.py --n 300 --shapes text --repeat 3

Run it A B A B against another checkout by copying this file into that checkout's benchmarks/ and
running both copies in turn: it imports the code of the checkout it stands in (printed first).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from generate import SHAPES, iter_inputs  # noqa: E402 - needs the path above

BATCH = 500  # documents per extract_batch call: the flow's BATCH_SIZE


class Timed:
    """Wraps a function, adding the wall and CPU seconds of its calls up and keeping the last call's
    arguments and result and every call's first argument (the releases the load reads places from, chunk by
    chunk, and their rows)."""

    def __init__(self, fn) -> None:
        self.fn, self.wall, self.cpu, self.args, self.kwargs, self.result = fn, 0.0, 0.0, (), {}, None
        self.first_args: list = []  # the first argument of every call (the load's chunks of releases)

    def __call__(self, *args, **kwargs):
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            self.args, self.kwargs = args, kwargs
            self.first_args.append(args[0] if args else None)
            self.result = self.fn(*args, **kwargs)
            return self.result
        finally:
            self.wall += time.perf_counter() - t0
            self.cpu += time.process_time() - c0


def measure(shape: str, n: int, seed: int, repeat: int, folder: Path) -> dict[str, float]:
    """The figures of one shape: load and place seconds, place docs/s (best of `repeat` passes); then the
    load again with the places the parse workers read (load/place_readings.py), and their CPU."""
    import pyarrow as pa

    import load.places
    import load.warehouse
    from load.place_readings import place_readings
    from transform.batch import extract_batch
    from transform.normalise import tables_for

    pending: list = []
    batches: list = []
    for offset in range(0, n, BATCH):
        batch = extract_batch(list(iter_inputs(min(BATCH, n - offset), shape, seed, start=offset))).results
        pending.extend(batch)
        batches.append(tables_for(batch))  # what one worker stages (its copies), not timed
    tables = tables_for(pending)
    # first (so it pays the process's first load, as the load without readings does in a checkout without
    # them): the load with the places the workers read
    c0 = time.process_time()
    readings = [place_readings(t["releases"], t["documents"]) for t in batches]
    readings_cpu = time.process_time() - c0
    refreshed = Timed(load.warehouse.refresh_place_mentions)
    load.warehouse.refresh_place_mentions = refreshed
    t0, c0 = time.perf_counter(), time.process_time()
    result = load.warehouse.load_tables(folder / f"places-{shape}-readings.duckdb",
                                        {**tables, "place_readings": pa.concat_tables(readings)})
    with_wall, with_cpu = time.perf_counter() - t0, time.process_time() - c0
    load.warehouse.refresh_place_mentions = refreshed.fn
    refresh = load.warehouse.refresh_place_mentions = Timed(load.warehouse.refresh_place_mentions)
    rows = load.places.mention_rows = Timed(load.places.mention_rows)
    t0, c0 = time.perf_counter(), time.process_time()
    load.warehouse.load_tables(folder / f"places-{shape}.duckdb", tables)  # no readings: the load reads all
    # (the process's second load: its first connection and imports paid already)
    load_wall, load_cpu = time.perf_counter() - t0, time.process_time() - c0
    load.warehouse.refresh_place_mentions, load.places.mention_rows = refresh.fn, rows.fn
    # what the load read places from (every chunk), in the shape of that checkout's load
    releases = [r for chunk in rows.first_args for r in chunk]
    rows.args = (releases, *rows.args[1:])
    mentions = rows.fn(*rows.args, **rows.kwargs).num_rows  # warm-up: lazy imports and caches, as a long run
    best = float("inf")
    for _ in range(repeat):
        c0 = time.process_time()
        rows.fn(*rows.args, **rows.kwargs)
        best = min(best, time.process_time() - c0)
    return {"releases": len(releases), "mentions": mentions, "load_s": load_wall,
            "load_cpu_s": load_cpu, "load_places_s": refresh.wall, "load_places_cpu_s": refresh.cpu,
            "places_cpu_s": best, "places_docs_per_s": len(releases) / best,
            "readings_cpu_s": readings_cpu, "with_load_s": with_wall, "with_load_cpu_s": with_cpu,
            "with_places_cpu_s": refreshed.cpu, "found": result.place_mentions.staged,
            "recognised": result.place_mentions.recognised}


def main(argv: list[str] | None = None) -> int:
    """Print one line per shape: `text n=1000 releases=1009 mentions=1036 load 1.62 s …`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="documents of each shape")
    parser.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=SHAPES)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes of place recognition (best kept)")
    args = parser.parse_args(argv)
    import transform

    print(f"code: {Path(transform.__file__).parent.parent}  load average: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="pressroom-places-") as tmp:
        for shape in args.shapes:
            f = measure(shape, args.n, args.seed, args.repeat, Path(tmp))
            print(f"{shape:5} n={args.n} releases={f['releases']} mentions={f['mentions']}  "
                  f"load {f['load_s']:.2f} s wall ({f['load_cpu_s']:.2f} s CPU), of which place mentions "
                  f"{f['load_places_s']:.2f} s ({f['load_places_cpu_s']:.2f} s CPU)  |  place recognition "
                  f"{f['places_docs_per_s']:,.0f} docs/s ({f['places_cpu_s']:.3f} s CPU)", flush=True)
            print(f"{'':5} with the workers' readings ({f['readings_cpu_s']:.2f} s CPU to read, "
                  f"{1000 * f['readings_cpu_s'] / args.n:.2f} ms a page): load {f['with_load_s']:.2f} s wall "
                  f"({f['with_load_cpu_s']:.2f} s CPU), of which place mentions {f['with_places_cpu_s']:.2f} s CPU; "
                  f"releases found {f['found']}, recognised in the load {f['recognised']}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
