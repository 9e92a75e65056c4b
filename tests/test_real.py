"""Quality gate on real pages: the pipeline over the real press pages of data/real, data/real2 and data/real3.

Builds one warehouse per set without Prefect (expand/read_files -> extract_batch -> tables_for ->
load_tables) and scores it against tests/gold/<set>.json with tests/scoring.py (the project scorer's
rules: copies of one release score as one). Each headline figure has a threshold at the level reached;
a figure below it fails with the misses named. docs/eval_real.md lists the remaining misses and why.
data/real3 was the blind set of issue 19; its gate was added when that work was done and the set opened.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.scoring import Figure, score_warehouse

REPO = Path(__file__).resolve().parent.parent

# (figure, threshold): the figures reached on each set, kept as a floor (see docs/eval_real.md).
THRESHOLDS = {
    # roles raised 2026-12-07 (issue 19: posts held by a pronoun, "Han hadde da sittet som nestleder i KS"):
    # 0.977 -> 1.000
    "real": [
        ("releases_f1", 0.99),
        ("releases_precision", 0.99),
        ("dates_accuracy", 0.99),
        ("quotes_f1", 0.99),
        ("quotes_precision", 0.99),
        ("speaker_accuracy", 0.99),
        ("people_f1", 0.99),
        ("people_precision", 0.99),
        ("roles_recall", 0.99),
        ("amounts_f1", 0.99),
        ("amounts_precision", 0.99),
        ("contacts_f1", 0.99),
    ],
    # issue 19's readers and extractors, 2026-12-06 (before: releases 0.456, roles 0.733, contacts 0);
    # raised 2026-12-07 (issue 19, generalisation: wrapped lines, posts held by pronouns, headlines, verb-second
    # subjects and definite posts, leading zeros): speaker 0.986 -> 1.000, people 0.990 -> 1.000, roles 0.900
    # -> 0.967, amounts 0.995 -> 1.000
    "real2": [
        ("releases_f1", 0.99),
        ("releases_precision", 0.99),
        ("dates_accuracy", 0.99),
        ("quotes_f1", 0.98),
        ("quotes_precision", 0.98),
        ("speaker_accuracy", 0.99),
        ("people_f1", 0.99),
        ("people_precision", 0.99),
        ("roles_recall", 0.96),
        ("amounts_f1", 0.99),
        ("amounts_precision", 0.99),
        ("contacts_f1", 0.99),
    ],
    # the blind check of issue 19, opened once the page-layout work was done (blind: releases 0.581,
    # people 0.753, roles 0.630); gated at what the general rules built after opening it reach (raised
    # 2026-12-06 with the rules for captions, stray sentences, date forms and lists: releases 0.895 -> 0.974;
    # raised 2026-12-07 with bulleted list items, price tag lines, unnamed speakers and posts held by
    # pronouns: amounts 0.910 -> 0.993, quotes 0.978 -> 1.000, people 0.973 -> 0.982, roles 0.944 -> 0.963)
    "real3": [
        ("releases_f1", 0.96),
        ("releases_precision", 0.97),
        ("dates_accuracy", 0.93),
        ("quotes_f1", 0.99),
        ("quotes_precision", 0.99),
        ("speaker_accuracy", 0.99),
        ("people_f1", 0.98),
        ("people_precision", 0.99),
        ("roles_recall", 0.96),
        ("amounts_f1", 0.99),
        ("amounts_precision", 0.99),
        ("contacts_f1", 0.99),
    ],
}
PAGES = {"real": 57, "real2": 45, "real3": 44}


@pytest.fixture(scope="module", params=sorted(PAGES))
def real_set(request) -> str:
    """The name of a real set (a folder of data/ and a file of tests/gold/)."""
    return request.param


@pytest.fixture(scope="module")
def real_db(real_set: str, tmp_path_factory) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to a warehouse built from every page of one set (parse + extract + load)."""
    from extract.files import expand, read_files
    from load.warehouse import load_tables
    from transform.batch import extract_batch
    from transform.normalise import tables_for

    db = tmp_path_factory.mktemp(real_set) / f"{real_set}.duckdb"
    paths, failures = expand([REPO / "data" / real_set / "corpus"])
    assert not failures
    inputs = [item for item in read_files(paths) if not isinstance(item, Exception)]
    assert len(inputs) == PAGES[real_set]
    batch = extract_batch(inputs)
    assert not batch.failures, batch.failures
    load_tables(db, tables_for(batch.results))
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def figures(real_set: str, real_db) -> dict[str, Figure]:
    gold = REPO / "tests" / "gold" / f"{real_set}.json"
    return score_warehouse(real_db, json.loads(gold.read_text(encoding="utf-8")))


@pytest.mark.parametrize(("real_set", "figure", "threshold"),
                         [(name, figure, threshold) for name in sorted(THRESHOLDS)
                          for figure, threshold in THRESHOLDS[name]], indirect=["real_set"])
def test_real_figure_reaches_threshold(figures: dict[str, Figure], real_set: str, figure: str,
                                       threshold: float) -> None:
    got = figures[figure]
    assert got.value >= threshold, (f"{real_set} {figure} = {got.value:.3f} < {threshold}; misses:\n"
                                    + "\n".join(got.misses))


def test_every_real_page_yields_a_release(real_db) -> None:
    """Every real page is a press page: each one yields at least one release of its own."""
    rows = real_db.execute(
        "select d.source_uri from documents d left join release_documents rd using (document_id) "
        "group by d.source_uri having count(rd.release_id) = 0").fetchall()
    assert [Path(uri).name for (uri,) in rows] == []
