"""Hold-out evaluation: the pipeline on three corpora of hand-written documents (24, 16, 12) written blind.

Builds a warehouse from each hold-out folder (data/holdout, data/holdout2, data/holdout3) without Prefect
(expand/read_files -> extract_batch -> tables_for -> load_tables), reads the contract tables back and
scores them against its tests/gold/holdout*.json with a small scorer of its own (the repo must not import
../shared). Each headline figure has a threshold; a figure below it fails with the misses named (see
docs/eval_holdout.md, docs/eval_holdout2.md, docs/eval_holdout3.md).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.scoring import QUOTE_MATCH_MIN, Figure, norm, overlap
from tests.scoring import same_time as same_instant

REPO = Path(__file__).resolve().parent.parent
# Two hold-out corpora, each written blind by someone who had not seen the extractors' rules, then used
# to fix general rules: (folder, gold file, documents, documents that are not press releases).
SETS = {
    "holdout": ("holdout.json", 24, ["o01_agenda_en.txt", "o02_projekt_pl.txt"]),
    "holdout2": ("holdout2.json", 16, ["o01_projekt_de.txt"]),
    "holdout3": ("holdout3.json", 12, []),
}

# ---- a small scorer (norm, overlap, Figure and the date rule are tests/scoring.py's) -----------

def f1(tp: int, n_pred: int, n_gold: int) -> float:
    """F1 from true positives and the predicted and gold counts (1.0 when both are empty)."""
    if not n_pred and not n_gold:
        return 1.0
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def gold_releases(gold: dict) -> dict[str, dict]:
    """Gold releases by normalised title; a release listed on several pages counts once (first wins)."""
    out: dict[str, dict] = {}
    for doc in gold["documents"]:
        for rel in doc["releases"]:
            out.setdefault(norm(rel["title"]), rel)
    return out


def score_quotes(gold: dict, con: duckdb.DuckDBPyConnection) -> tuple[Figure, Figure]:
    """Quotes F1 (text matched anywhere) and speaker accuracy over the matched quotes."""
    releases = gold_releases(gold)
    wanted, seen = [], set()
    for rel in releases.values():
        for q in rel["quotes"]:
            key = (norm(q["text"]), norm(q["speaker"]))
            if key not in seen:
                seen.add(key)
                wanted.append(q)
    optional = [q["text"] for rel in releases.values() for q in rel.get("optional_quotes", [])]
    got = con.execute("select q.text, p.full_name, q.attribution from quotes q "
                      "left join people p using (person_id)").fetchall()
    candidates = [(text, who) for text, who, attribution in got
                  if attribution != "title" and norm(text) not in releases]
    used: set[int] = set()
    tp = speaker_ok = 0
    quote_misses, speaker_misses = [], []
    for q in wanted:
        scored = [(overlap(q["text"], text or ""), i) for i, (text, _) in enumerate(candidates) if i not in used]
        best_score, best = max(scored, default=(0.0, -1))
        if best_score < QUOTE_MATCH_MIN:
            quote_misses.append(f"missing: {q['speaker']}: {q['text'][:60]!r}")
            continue
        used.add(best)
        tp += 1
        who = candidates[best][1]
        if norm(who) == norm(q["speaker"]):
            speaker_ok += 1
        else:
            speaker_misses.append(f"{q['text'][:50]!r}: got {who!r}, want {q['speaker']!r}")
    extra = [i for i in range(len(candidates)) if i not in used
             and not any(overlap(o, candidates[i][0] or "") >= QUOTE_MATCH_MIN for o in optional)]
    quote_misses += [f"extra: {candidates[i][1]!r}: {(candidates[i][0] or '')[:60]!r}" for i in extra]
    quotes = Figure(f1(tp, tp + len(extra), len(wanted)), quote_misses)
    speakers = Figure(speaker_ok / tp if tp else 0.0, speaker_misses)
    return quotes, speakers


def score_amounts(gold: dict, con: duckdb.DuckDBPyConnection) -> Figure:
    """Amounts F1 on (value, currency) pairs counted with multiplicity."""
    want = Counter((Decimal(str(a["value"])).normalize(), a["currency"])
                   for rel in gold_releases(gold).values() for a in rel["amounts"])
    got = Counter((Decimal(str(v)).normalize(), (c or "").upper())
                  for v, c in con.execute("select value, currency from amounts").fetchall())
    hit = sum((want & got).values())
    misses = [f"missing: {v} {c}" for v, c in (want - got).elements()]
    misses += [f"extra: {v} {c}" for v, c in (got - want).elements()]
    return Figure(f1(hit, sum(got.values()), sum(want.values())), misses)


def score_people(gold: dict, con: duckdb.DuckDBPyConnection) -> Figure:
    """People F1 on normalised full names; optional (only mentioned) people are not counted."""
    want = {norm(p["name"]) for doc in gold["documents"] for p in doc["people"]}
    optional = {norm(n) for doc in gold["documents"] for n in doc.get("optional_people", [])}
    got = {norm(n) for (n,) in con.execute("select full_name from people").fetchall()} - optional
    misses = [f"missing: {n}" for n in sorted(want - got)] + [f"extra: {n}" for n in sorted(got - want)]
    return Figure(f1(len(want & got), len(got), len(want)), misses)


def score_dates(gold: dict, con: duckdb.DuckDBPyConnection) -> Figure:
    """Share of dated gold releases found by title with the right instant (a missed release is wrong)."""
    by_title: dict[str, list[float | None]] = {}
    for title, epoch in con.execute("select title, epoch(published_at) from releases").fetchall():
        by_title.setdefault(norm(title), []).append(epoch)
    dated = {k: r for k, r in gold_releases(gold).items() if r["published_at"]}
    misses = []
    for key, rel in dated.items():
        if not any(same_instant(e, rel["published_at"]) for e in by_title.get(key, [])):
            misses.append(f"{rel['title']!r}: got {by_title.get(key, 'no such release')}, "
                          f"want {rel['published_at']}")
    return Figure(1 - len(misses) / len(dated) if dated else 1.0, misses)


# ---- the warehouse under test -----------------------------------------------------------------

@pytest.fixture(scope="module", params=sorted(SETS))
def holdout_set(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def gold(holdout_set: str) -> dict:
    return json.loads((REPO / "tests" / "gold" / SETS[holdout_set][0]).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def holdout_db(tmp_path_factory, holdout_set: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to a warehouse built from one hold-out folder (parse + extract + load)."""
    from extract.files import expand, read_files
    from load.warehouse import load_tables
    from transform.batch import extract_batch
    from transform.normalise import tables_for

    db = tmp_path_factory.mktemp(holdout_set) / "holdout.duckdb"
    paths, failures = expand([REPO / "data" / holdout_set])
    assert not failures
    inputs = [item for item in read_files(paths) if not isinstance(item, Exception)]
    assert len(inputs) == SETS[holdout_set][1]
    batch = extract_batch(inputs)
    assert not batch.failures, batch.failures
    load_tables(db, tables_for(batch.results))
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def figures(gold, holdout_db) -> dict[str, Figure]:
    quotes, speakers = score_quotes(gold, holdout_db)
    return {"quotes_f1": quotes, "speaker_accuracy": speakers, "amounts_f1": score_amounts(gold, holdout_db),
            "people_f1": score_people(gold, holdout_db), "release_dates": score_dates(gold, holdout_db)}


# The targets for unseen releases. The hold-out was first scored blind (speakers 0.80, people
# 0.91, see docs/eval_holdout.md); the misses were then fixed as general rules, so it now guards them.
@pytest.mark.parametrize(("figure", "threshold"), [
    ("quotes_f1", 0.95),
    ("speaker_accuracy", 0.97),
    ("amounts_f1", 0.95),
    ("people_f1", 0.90),
    ("release_dates", 0.98),
])
def test_holdout_figure_reaches_threshold(figures: dict[str, Figure], figure: str, threshold: float) -> None:
    got = figures[figure]
    assert got.value >= threshold, f"{figure} = {got.value:.3f} < {threshold}; misses:\n" + "\n".join(got.misses)


def test_documents_that_are_not_press_releases_give_no_rows(holdout_db, holdout_set: str) -> None:
    for file in SETS[holdout_set][2]:
        kind, n = holdout_db.execute(
            "select d.kind, count(r.release_id) from documents d left join releases r using (document_id) "
            "where d.source_uri like ? group by d.kind", [f"%{file}"]).fetchone()
        assert (kind, n) == ("other", 0), file


# ---- the scorer itself ------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "expected"), [
    ("– Et stramt opplegg, sier Heggem Lunde.", "Et stramt opplegg sier Heggem Lunde", 1.0),
    ("«Vi trenger forutsigbarhet»", "Vi trenger forutsigbarhet.", 1.0),
    ("Kommunene får for lite", "Staten må betale", 0.0),
    ("Vi må kutte i båtruter", "Vi må kutte i båtruter og bussavganger", 2 * 1.0 * (5 / 7) / (1 + 5 / 7)),
])
def test_overlap(a: str, b: str, expected: float) -> None:
    assert overlap(a, b) == pytest.approx(expected)


@pytest.mark.parametrize(("tp", "n_pred", "n_gold", "expected"), [
    (0, 0, 0, 1.0),
    (3, 3, 3, 1.0),
    (0, 2, 2, 0.0),
    (2, 4, 2, 2 * 0.5 * 1.0 / 1.5),
    (0, 0, 5, 0.0),
])
def test_f1(tp: int, n_pred: int, n_gold: int, expected: float) -> None:
    assert f1(tp, n_pred, n_gold) == pytest.approx(expected)


@pytest.mark.parametrize(("epoch", "iso", "expected"), [
    (1715681405.0, "2024-05-14T12:10:05+02:00", True),   # CEST
    (1706712002.0, "2024-01-31T15:40:02+01:00", True),   # CET
    (1715685005.0, "2024-05-14T12:10:05+02:00", False),  # read as CET: one hour off
    (None, "2024-05-14T12:10:05+02:00", False),
    (1707692400.0, "2024-02-12", True),   # midnight Oslo (CET) = 23:00 UTC the day before
    (1707696000.0, "2024-02-12", True),   # later the same Oslo day
    (1707688800.0, "2024-02-12", False),  # 22:00 UTC = 23:00 Oslo on the 11th
])
def test_same_instant(epoch: float | None, iso: str, expected: bool) -> None:
    assert same_instant(epoch, iso) is expected
