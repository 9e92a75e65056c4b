"""When a `pressroom run` hands its first batch to the parse workers: one timed run, with moments.

    python benchmarks/first_batch.py ../main-checkout /tmp/w.duckdb /tmp/c10k

runs `/usr/bin/time -f "%e %U %S %M" <checkout>/.venv/bin/pressroom run --source SOURCE --db DB` into a
new warehouse (DB and its side files are removed first) and prints one line: the 1/5/15-minute load
average at the start, and, in seconds from the start, when the head start's staging folder appeared
(its batches being submitted; none before the head start), when the first parse worker appeared (a
fork of the run's forkserver: a batch handed to a worker), when the first staged part appeared (a
batch done), then /usr/bin/time's wall, user, sys seconds and peak RSS (KiB). Sampled every 20 ms
from /proc and the staging folders in /tmp (TMPDIR is not changed).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

STAGING_ROOT = Path("/tmp")


def processes() -> dict[int, tuple[int, bytes]]:
    """{pid: (parent pid, command line)} of every process, from /proc.

    processes()[1] -> (0, b'/sbin/init\\x00')
    """
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                found[int(entry.name)] = (int(stat.rsplit(")", 1)[1].split()[1]), (entry / "cmdline").read_bytes())
            except OSError:
                continue
    return found


def rounded(seconds: float | None) -> float | None:
    """Seconds to two decimals; None (never seen) as it is."""
    return None if seconds is None else round(seconds, 2)


def main(checkout: str, db: str, source: str) -> None:
    """Run the command once and print its line (see the module's docstring)."""
    for old in Path(db).parent.glob(Path(db).name + "*"):
        old.unlink()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    start = time.monotonic()
    timed = subprocess.Popen(["/usr/bin/time", "-f", "%e %U %S %M", f"{checkout}/.venv/bin/pressroom", "run",
                              "--source", source, "--db", db], cwd=checkout, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    run = head = worker = part = None
    while timed.poll() is None and (worker is None or part is None):
        procs = processes()
        if run is None:
            run = next((pid for pid, (parent, _) in procs.items() if parent == timed.pid), None)
        if run is not None:
            servers = {pid for pid, (parent, cmd) in procs.items() if parent == run and b"forkserver" in cmd}
            if worker is None and any(parent in servers for parent, _ in procs.values()):
                worker = time.monotonic() - start
            if head is None and any(STAGING_ROOT.glob(f"pressroom-stage-{run}-head-*")):
                head = time.monotonic() - start
            if part is None and any(STAGING_ROOT.glob(f"pressroom-stage-{run}-*/*/part-*.parquet")):
                part = time.monotonic() - start
        time.sleep(0.02)
    err = timed.communicate()[1]
    print(f"{Path(checkout).name} load {load} head-folder {rounded(head)} first-worker {rounded(worker)} "
          f"first-part {rounded(part)} s; time {err.strip().splitlines()[-1]}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
