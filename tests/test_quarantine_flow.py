"""The real-page case of issue 12 as a real Prefect run: one extracted amount on real pages is `about`
with a `value_high` (the extractor patched here to produce it, as it once did on a real page); the run
loads every other row, quarantines that one, says so in its summary, and a run of the fixed extractor
loads it and resolves the entry."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from load.warehouse import connect

TABLES = ["documents", "releases", "release_documents", "people", "person_roles", "contacts", "quotes", "amounts"]


def snapshot(db: Path) -> dict[str, set[tuple]]:
    with connect(db, read_only=True) as con:
        return {t: set(con.execute(f"select * from {t}").fetchall()) for t in TABLES}


@pytest.fixture
def real_pages(copy_real_pages: Callable[[int], Path]) -> Path:
    return copy_real_pages(8)


@pytest.mark.usefixtures("prefect_harness")
def test_one_odd_amount_on_real_pages_is_quarantined_and_the_rest_loads(
        tmp_path: Path, real_pages: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import transform.pipeline as pipeline
    from flows.ingest import ingest
    from flows.summary import RunSummary, summary_markdown

    clean_db = tmp_path / "clean.duckdb"
    clean = ingest(sources=[str(real_pages)], db=str(clean_db), workers=1)
    assert clean["status"] == "ok" and clean["quarantined"] == {}
    expected = snapshot(clean_db)
    assert len(expected["amounts"]) >= 2

    real_extract = pipeline.extract_amounts
    patched = []

    def about_with_high_end(text: str, **kwargs):
        amounts = real_extract(text, **kwargs)
        if amounts and not patched:  # the first amount of the run: `about` with a high end
            odd = dataclasses.replace(amounts[0], qualifier="about", value_high=amounts[0].value * 2)
            patched.append(odd)
            amounts = [odd, *amounts[1:]]
        return amounts

    monkeypatch.setattr(pipeline, "extract_amounts", about_with_high_end)
    db = tmp_path / "w.duckdb"
    bad = ingest(sources=[str(real_pages)], db=str(db), workers=1)
    assert len(patched) == 1
    assert bad["status"] == "partial", bad
    assert list(bad["quarantined"]) == ["accepted_values"]
    assert bad["quarantined"]["accepted_values"]["rows"] == 1
    assert "set on qualifier 'about'" in bad["quarantined"]["accepted_values"]["example"]
    markdown = summary_markdown(RunSummary(**{k: v for k, v in bad.items() if k != "rows_inserted"}))
    assert "| accepted_values | 1 |" in markdown

    got = snapshot(db)
    with connect(db, read_only=True) as con:
        held = con.execute("select table_name, row_id, check_name, source_uri, row_json from quarantine").fetchall()
        run = con.execute("select status, rows_quarantined, summary from ingest_runs").fetchall()
    [(table, row_id, check, source_uri, row_json)] = held
    assert (table, check) == ("amounts", "accepted_values")
    assert source_uri.startswith(str(real_pages))
    assert json.loads(row_json)["qualifier"] == "about" and json.loads(row_json)["amount_id"] == row_id
    for t in TABLES:  # every other row loaded, exactly as in the clean run
        if t == "amounts":
            assert got[t] == {r for r in expected[t] if r[0] != row_id}
            assert len(got[t]) == len(expected[t]) - 1
        else:
            assert got[t] == expected[t], t
    assert run[0][:2] == ("partial", 1)
    assert json.loads(run[0][2])["quarantined"]["accepted_values"]["rows"] == 1

    monkeypatch.setattr(pipeline, "extract_amounts", real_extract)  # the extractor is fixed
    fixed = ingest(sources=[str(real_pages)], db=str(db), workers=1, force=True)
    assert fixed["status"] == "ok", fixed
    assert snapshot(db) == expected
    with connect(db, read_only=True) as con:
        assert con.execute("select resolved_by_run from quarantine").fetchall() == [(fixed["run_id"],)]
