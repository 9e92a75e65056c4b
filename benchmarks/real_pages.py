"""CPU docs per second of parse + extract on the real pages (and on benchmark text pages), fastest of N rounds.

    .venv/bin/python benchmarks/real_pages.py --rounds 8 --n 300
    .venv/bin/python benchmarks/real_pages.py --repo /work/wt/base77     # an older checkout's code, same pages

One process: a warm-up on 20 benchmark pages, then per round one `transform.batch.extract_batch` call
over each input set (300 new benchmark text pages, data/real, data/real2, data/real3 corpus pages),
timed by time.process_time. The caches that hold answers per text (word counts, languages, roles,
normalised quotes) are emptied before each call, so a round reads the pages as a first reading does;
caches of words and patterns stay warm, as in a worker that has read other pages. The fastest round of
each set is printed: a real set is 44-57 pages, a tenth of a second, and one timing of it on a shared
machine says little. `--repo DIR` runs another checkout's code on this checkout's pages.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
FIXED = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
PER_TEXT_CACHES = ("word_count", "_release_language", "_detect_cached", "_norm", "_roles_in")
REAL_SETS = ("real", "real2", "real3")


def _per_text_caches() -> list:
    """The lru caches of transform's modules that hold an answer per text."""
    found = {}
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("transform"):
            for value in vars(module).values():
                if getattr(value, "__name__", None) in PER_TEXT_CACHES and hasattr(value, "cache_clear"):
                    found[id(value)] = value
    return list(found.values())


def main(argv: list[str] | None = None) -> int:
    """Print the fastest round's docs per CPU-second of each input set as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--n", type=int, default=300, help="new benchmark text pages per round (0: none)")
    parser.add_argument("--repo", type=Path, default=HERE, help="checkout whose code is timed")
    args = parser.parse_args(argv)
    sys.path[:0] = [str(args.repo), str(args.repo / "benchmarks")]
    from generate import iter_inputs

    from extract.files import read_file
    from transform.batch import extract_batch

    extract_batch(list(iter_inputs(20, "text", 1, start=10**6)))
    caches = _per_text_caches()
    sets = {name: [dataclasses.replace(read_file(path), fetched_at=FIXED, read_at=FIXED)
                   for path in sorted((HERE / "data" / name / "corpus").iterdir())] for name in REAL_SETS}
    best: dict[str, float] = {}
    for r in range(args.rounds):
        if args.n:
            sets["text"] = list(iter_inputs(args.n, "text", 1, start=r * args.n))
        for name, inputs in sets.items():
            for cache in caches:
                cache.cache_clear()
            gc.collect()
            started = time.process_time()
            extract_batch(inputs)
            best[name] = min(best.get(name, float("inf")), time.process_time() - started)
    print(args.repo.name, json.dumps({name: round(len(sets[name]) / s, 1) for name, s in best.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
