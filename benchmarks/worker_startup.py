"""A parse + extract worker's start-up: time from submit to its first document done, per worker.

Compares the two ways of starting the run's workers, each round in a fresh Python process (a run's
start-up is paid once per process), A B A B:

* `spawn` (before issue 21): each worker a fresh interpreter that imports the transform modules and
  loads the language model itself, after the run asked for it;
* `forkserver` (flows/workers.py): each worker a fork of a forkserver that preloaded all of it
  (flows/preload.py). The forkserver is started first, as `pressroom run` starts it before importing
  Prefect; its own CPU (paid once per run, while the run imports Prefect) is printed apart.

For each round and worker: wall seconds from `submit` of a one-document batch (a real sample page,
`process_files` as the flow calls it) to its result, and the worker process's CPU seconds by then
(/proc/<pid>/stat). Prints one line per round, then the medians.

    .venv/bin/python benchmarks/worker_startup.py                 # 5 rounds of each
    .venv/bin/python benchmarks/worker_startup.py --rounds 3 --workers 2
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
METHODS = ("spawn", "forkserver")
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a live process so far (fields 14 and 15 of /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def one_round(method: str, workers: int, sample: Path) -> dict:
    """Start `workers` workers the given way and give each a one-document batch; what it cost."""
    from flows.batches import code_version, process_files
    from flows.lifeline import worker_init

    version = code_version()
    out: dict = {"method": method}
    t0 = time.perf_counter()
    if method == "forkserver":
        from multiprocessing import forkserver

        from flows.workers import start_forkserver, worker_pool

        start_forkserver()
        probe = multiprocessing.get_context("forkserver").Process(target=os.getpid)
        probe.start()  # returns once the forkserver has preloaded and forked
        probe.join()
        out["forkserver_ready_s"] = time.perf_counter() - t0
        out["forkserver_cpu_s"] = cpu_seconds(forkserver._forkserver._forkserver_pid)
        pool = worker_pool(workers)
    else:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=worker_init, initargs=(os.getpid(),))
    with tempfile.TemporaryDirectory(prefix="pressroom-startup-") as staging, pool:
        walls = []
        started = time.perf_counter()
        futures = [pool.submit(process_files, [str(sample)], staging, no, {}, version) for no in range(workers)]
        for future in futures:
            stats = future.result()
            assert stats.documents == 1, stats.failures
            walls.append(time.perf_counter() - started)
        out["first_document_s"] = walls
        out["worker_cpu_s"] = sorted(cpu_seconds(p.pid) for p in pool._processes.values())
    return out


def median(values: list[float]) -> float:
    """The median of a non-empty list: median([3.0, 1.0, 2.0]) -> 2.0."""
    return statistics.median(values)


def main(argv: list[str] | None = None) -> int:
    """Run the rounds (each in a child process), print one line per round and the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each method (A B A B)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample", type=Path, default=sorted((REPO / "data" / "samples").glob("*.txt"))[0])
    parser.add_argument("--one", choices=METHODS, help=argparse.SUPPRESS)  # a child: one round, JSON out
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_round(args.one, args.workers, args.sample)))
        return 0
    print(f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}; "
          f"{args.workers} workers, first document {args.sample.name}", flush=True)
    rounds: dict[str, list[dict]] = {m: [] for m in METHODS}
    for _ in range(args.rounds):
        for method in METHODS:
            child = subprocess.run([sys.executable, __file__, "--one", method, "--workers", str(args.workers),
                                    "--sample", str(args.sample)], capture_output=True, text=True, check=True)
            result = json.loads(child.stdout.strip().splitlines()[-1])
            rounds[method].append(result)
            extra = (f"; forkserver ready after {result['forkserver_ready_s']:.2f} s wall, "
                     f"{result['forkserver_cpu_s']:.2f} s CPU (once)" if method == "forkserver" else "")
            print(f"{method:<10} first document done after " + ", ".join(f"{w:.2f}" for w in result["first_document_s"])
                  + " s wall; worker CPU " + ", ".join(f"{c:.2f}" for c in result["worker_cpu_s"]) + " s" + extra,
                  flush=True)
    print(f"\nmedians over {args.rounds} rounds (load average now "
          f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])}):")
    for method in METHODS:
        walls = [max(r["first_document_s"]) for r in rounds[method]]
        cpus = [c for r in rounds[method] for c in r["worker_cpu_s"]]
        line = (f"{method:<10} slowest worker's first document {median(walls):.2f} s wall; "
                f"a worker's CPU to its first document {median(cpus):.2f} s")
        if method == "forkserver":
            line += (f"; forkserver preload {median([r['forkserver_cpu_s'] for r in rounds[method]]):.2f} s CPU, "
                     f"ready after {median([r['forkserver_ready_s'] for r in rounds[method]]):.2f} s wall (once a run)")
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
