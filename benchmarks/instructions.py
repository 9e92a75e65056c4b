"""Instructions executed by parse + extract, counted by valgrind: a speed figure a busy machine does not move.

    PYTHONHASHSEED=0 valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/dev/null \\
        .venv/bin/python benchmarks/instructions.py text --n 100     # the first 100 benchmark text pages
    ... benchmarks/instructions.py real                               # the pages of data/real/corpus

valgrind prints `Collected : N`: the instructions of one `transform.batch.extract_batch` call over the
inputs, nothing else (imports, the language model and the warm-up on 20 other pages run with counting
off; `callgrind_control` turns it on and off around the call). Two runs of the same code differ by
less than 0.01 %, so two versions compare in one run each, where CPU seconds on a shared 2-core machine
swing by 20 % from run to run. Instructions are not seconds (numpy's gathers wait on memory), so the
A B A B timing of run.py stays the figure to quote; this one says which way a change moves.
`--repo DIR` reads the code of another checkout (e.g. a worktree of an older commit) with this
interpreter; the real pages are always this checkout's.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
FIXED = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def main(argv: list[str] | None = None) -> int:
    """Run extract_batch once over the chosen inputs with valgrind's counting on around it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", help="'text' (benchmark pages, seed 1) or a real set: real, real2, real3")
    parser.add_argument("--n", type=int, default=100, help="benchmark pages (for 'text')")
    parser.add_argument("--repo", type=Path, default=HERE, help="checkout whose code is counted")
    args = parser.parse_args(argv)
    sys.path[:0] = [str(args.repo), str(args.repo / "benchmarks")]
    from generate import iter_inputs

    from extract.files import read_file
    from transform.batch import extract_batch

    extract_batch(list(iter_inputs(20, "text", 1, start=10**6)))  # imports, models, patterns: not counted
    if args.inputs == "text":
        inputs = list(iter_inputs(args.n, "text", 1))
    else:
        folder = HERE / "data" / args.inputs / "corpus"
        inputs = [dataclasses.replace(read_file(path), fetched_at=FIXED, read_at=FIXED)
                  for path in sorted(folder.iterdir())]
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], capture_output=True, check=False)
    extract_batch(inputs)
    subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], capture_output=True, check=False)
    print(len(inputs), "inputs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
