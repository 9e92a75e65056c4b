"""Dump what parse + extract give for every text and JSON input we have, to compare before and after a change.

    python benchmarks/extract_dump.py /tmp/before.txt            # samples, data/real*/corpus, 1,000 pages per shape
    python benchmarks/extract_dump.py /tmp/after.txt && cmp /tmp/before.txt /tmp/after.txt

For each input it writes a `=== name` line, then the repr of `transform.batch.extract_batch`'s result
for it (the Document and its extraction rows, or the failure and warnings). Inputs: the files of
data/samples and data/real*/corpus (read as `pressroom run` reads them, with a fixed
modification and reading time), and `--n` benchmark documents
of each shape of benchmarks/generate.py (seed 1; default 1,000 of text, html and json). Two dumps of
the same code are identical; the HTML reader has its own, wider dump in html_reader.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from generate import SHAPES, iter_inputs  # noqa: E402 - needs the path above

# a file's modification time and the moment it is read are fixed, so that two dumps can be equal
FIXED = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def _files() -> list[Path]:
    folders = [REPO / "data" / "samples", *sorted((REPO / "data").glob("real*/corpus"))]
    return [path for folder in folders for path in sorted(folder.iterdir()) if path.is_file()]


def dump(out: Path, n: int) -> int:
    """Write the extract_batch result of every input to `out`; returns the number of inputs."""
    from extract.files import read_file
    from transform.batch import extract_batch

    inputs: list[object] = [dataclasses.replace(read_file(path), fetched_at=FIXED, read_at=FIXED)
                            for path in _files()]
    for shape in SHAPES:
        inputs.extend(iter_inputs(n, shape, 1))
    with out.open("w", encoding="utf-8") as fh:
        for item in inputs:
            result = extract_batch([item])
            fh.write(f"=== {item.source_uri}\n{result!r}\n")
    return len(inputs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=1000, help="benchmark documents of each shape (seed 1)")
    args = parser.parse_args(argv)
    print(dump(args.out, args.n), "inputs dumped to", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
