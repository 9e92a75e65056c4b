"""Dev score of transform.extractors.amounts on the real pages, without any page reader.

Runs `extract_amounts` over every line (paragraph) of each data/real file and compares the
multiset of (value, currency, qualifier, value_high) with the file's gold amounts; gold
optional_amounts are neither required nor penalised. Prints P/R/F1 and, with --show, every miss.

    .venv/bin/python -m tests.devset.real_amounts [--show] [--time]
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

from transform.extractors.amounts import extract_amounts

ROOT = Path(__file__).resolve().parents[2]
Key = tuple[Decimal, str, str, Decimal | None]


def _key(a: dict) -> Key:
    high = a.get("value_high")
    return (Decimal(str(a["value"])).quantize(Decimal("0.01")), a["currency"], a["qualifier"],
            Decimal(str(high)).quantize(Decimal("0.01")) if high is not None else None)


def main(argv: list[str]) -> int:
    show = "--show" in argv
    corpus = ROOT / "data" / "real" / "corpus"
    gold = json.loads((ROOT / "tests" / "gold" / "real.json").read_text(encoding="utf-8"))
    tp = fp = fn = 0
    qual_ok = qual_n = 0
    elapsed = 0.0
    for doc in gold["documents"]:
        text = (corpus / doc["file"]).read_text(encoding="utf-8")
        want: Counter[Key] = Counter()
        optional: Counter[tuple[Decimal, str]] = Counter()
        for rel in doc["releases"]:
            want.update(_key(a) for a in rel.get("amounts", []))
            optional.update(_key(a)[:2] for a in rel.get("optional_amounts", []))
        got: list[tuple[Key, str]] = []
        t0 = time.perf_counter()
        for line in text.splitlines():
            for m in extract_amounts(line, language=doc.get("language")):
                got.append(((m.value, m.currency, m.qualifier, m.value_high), m.raw_text))
        elapsed += time.perf_counter() - t0
        left = Counter(want)
        for key, raw in got:
            if left[key] > 0:
                left[key] -= 1
                tp += 1
                qual_ok += 1
                qual_n += 1
            elif optional[key[:2]] > 0:
                optional[key[:2]] -= 1
            else:
                # a value match with another qualifier counts for the qualifier figure only
                same = [k for k in left if left[k] > 0 and k[:2] == key[:2]]
                fp += 1
                if same:
                    qual_n += 1
                if show:
                    print(f"EXTRA {doc['file'][:45]}: {key} {raw!r}" + (" (qualifier)" if same else ""))
        for key, count in left.items():
            fn += count
            if show and count:
                print(f"MISS  {doc['file'][:45]}: {key} x{count}")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"amounts tp={tp} fp={fp} fn={fn} P={p:.3f} R={r:.3f} F1={f1:.3f} "
          f"qualifier={qual_ok}/{qual_n}")
    if "--time" in argv:
        print(f"extract_amounts time {elapsed * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
