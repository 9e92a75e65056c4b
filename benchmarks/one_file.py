"""Where a one-file `pressroom run` spends its seconds: its steps one after the other, in one process.

The steps are those `pressroom run --source FILE --db NEW` takes, timed apart (wall and CPU seconds
of this process; its threads count in its CPU): the interpreter, the command's imports, the
warehouse's modules (DuckDB, pyarrow: the command opens an existing warehouse before Prefect starts),
the start of a new warehouse's schema in a thread (load/schema_ahead.py: the modules it needs, pandas
above all, imported first), Prefect's import, the flow's other modules, the language model, what is
left to wait for of the schema (and of the API server, when the run starts its own), the flow run
itself (Prefect's flow and task runs, read, parse + extract, load), and the whole command as a child
process for comparison: once into a new warehouse, then once more with `--second` (another file) into
the warehouse the first made (the scheduled case: an existing warehouse). The command parses in the
workers' forkserver (flows/workers.py) when a core is idle, so its CPU seconds (the command's and every
process it waited for) are not the sum of the steps. With PREFECT_API_URL set the flow talks to that
server; without it the steps start Prefect's temporary API server as the command does.

    PREFECT_API_URL=http://127.0.0.1:4200/api .venv/bin/python benchmarks/one_file.py --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
STEPS = ("interpreter", "command imports", "warehouse modules", "schema thread started", "Prefect import",
         "flow modules", "language model", "schema (and API server) waited for", "flow run", "whole command",
         "whole command, existing warehouse")


def steps(source: Path, work: Path) -> dict[str, tuple[float, float]]:
    """Run the steps in this process (a fresh one per round); step -> (wall s, CPU s)."""
    out: dict[str, tuple[float, float]] = {}
    wall, cpu = time.perf_counter(), time.process_time()

    def mark(step: str) -> None:
        nonlocal wall, cpu
        now_wall, now_cpu = time.perf_counter(), time.process_time()
        out[step] = (now_wall - wall, now_cpu - cpu)
        wall, cpu = now_wall, now_cpu

    import pressroom.cli as cli

    mark("command imports")
    import load.warehouse  # noqa: F401 - the step timed (the command's refuse_incompatible imports it)

    mark("warehouse modules")
    db = work / "one.duckdb"
    server = cli.quiet_prefect(db=db)  # a new warehouse: its schema is built in a thread from here on
    mark("schema thread started")
    import prefect  # noqa: F401 - the step timed

    mark("Prefect import")
    from flows.ingest import ingest

    mark("flow modules")
    from extract import language_model
    from transform.extractors.language import detect_language

    language_model.install()  # as the batch steps do: the tables mapped from the cache (built on a first run)
    detect_language("Hovedstyret i KS vedtok i dag å gi mer enn en million kroner til Ukraina.")
    mark("language model")
    cli.prefect_ready(server)
    mark("schema (and API server) waited for")
    from flows.heartbeats import heartbeats_of_our_own

    with heartbeats_of_our_own(send=server is None):  # as `pressroom run` calls the flow
        summary = ingest(sources=[str(source)], db=str(db))
    assert summary["status"] == "ok", summary
    mark("flow run")
    return out


def main(argv: list[str] | None = None) -> int:
    """Time the steps `--rounds` times (each in a fresh process) and the whole command as often; print medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    samples = sorted((REPO / "data" / "samples").glob("*.txt"))
    parser.add_argument("--source", type=Path, default=samples[0])
    parser.add_argument("--second", type=Path, default=samples[1],
                        help="the file of the second run, into the warehouse the first run made")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a child: the steps, JSON out
    args = parser.parse_args(argv)
    if args.one:
        with tempfile.TemporaryDirectory(prefix="pressroom-one-file-") as work:
            print(json.dumps(steps(args.source.resolve(), Path(work))))
        return 0
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "WARNING"}
    print(f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}; one file: {args.source.name}; "
          f"Prefect API: {os.environ.get('PREFECT_API_URL') or 'temporary (started by the run)'}", flush=True)
    rounds: list[dict[str, tuple[float, float]]] = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        child = subprocess.run([sys.executable, __file__, "--one", "--source", str(args.source)],
                               capture_output=True, text=True, env=env, cwd=REPO, check=True)
        whole_wall = time.perf_counter() - t0
        result = {k: tuple(v) for k, v in json.loads(child.stdout.strip().splitlines()[-1]).items()}
        inside = sum(w for w, _ in result.values())
        result["interpreter"] = (whole_wall - inside, float("nan"))
        with tempfile.TemporaryDirectory(prefix="pressroom-one-file-") as work:
            for step, source in (("whole command", args.source), ("whole command, existing warehouse", args.second)):
                before = os.times()
                t0 = time.perf_counter()
                subprocess.run([str(Path(sys.executable).parent / "pressroom"), "run", "--source", str(source),
                                "--db", str(Path(work) / "w.duckdb")], capture_output=True, env=env, check=True)
                after = os.times()
                result[step] = (time.perf_counter() - t0, (after.children_user - before.children_user)
                                + (after.children_system - before.children_system))
        rounds.append(result)
        print("  ".join(f"{step} {result[step][0]:.2f}" for step in STEPS if step in result) + " (s wall)", flush=True)
    print(f"\nmedians over {args.rounds} rounds, wall / CPU seconds (load average now "
          f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])}):")
    for step in STEPS:
        walls = [r[step][0] for r in rounds if step in r]
        cpus = [r[step][1] for r in rounds if step in r and r[step][1] == r[step][1]]
        if walls:
            print(f"  {step:<33} {statistics.median(walls):6.2f} s wall"
                  + (f"  {statistics.median(cpus):6.2f} s CPU" if cpus else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
