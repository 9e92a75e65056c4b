"""A blocked load keeps its work and its record: a reader holds the warehouse open (read-only) across a
run's load; the run fails in one line naming the holder, its staged parts and its `ingest_runs` row wait
beside the warehouse, and the next run loads those rows without parsing the documents again."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from load.pending import pending_root
from load.warehouse import connect, prepare
from tests.readers import reader_holding


@pytest.fixture
def corpus(copy_real_pages: Callable[[int], Path]) -> Path:
    return copy_real_pages(5)


@pytest.mark.usefixtures("prefect_harness")
def test_blocked_load_keeps_parts_and_record_and_the_next_run_loads_them_without_parsing(
        tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import transform.batch as batch  # flows.batches imports extract_batch from it when a batch runs
    from flows.ingest import ingest

    monkeypatch.setenv("PRESSROOM_LOCK_WAIT_SECONDS", "1")
    db = tmp_path / "w.duckdb"
    prepare(db)
    with reader_holding(db, "releases") as holder:
        started = time.monotonic()
        blocked = ingest(sources=[str(corpus)], db=str(db), workers=1)
        took = time.monotonic() - started
    assert blocked["status"] == "failed"
    assert blocked["documents_read"] == 5
    error = blocked["error"]
    assert "\n" not in error and f"pid {holder.pid}" in error and "python" in error, error
    assert "read-only" not in error.lower() and "kept in" in error, error
    assert took < 60
    kept = pending_root(db) / blocked["run_id"]
    assert (kept / "run.json").is_file() and list((kept / "parts" / "releases").glob("part-*.parquet"))
    with connect(db, read_only=True) as con:  # nothing loaded, nothing recorded yet
        assert con.execute("select count(*) from releases").fetchall() == [(0,)]
        assert con.execute("select count(*) from ingest_runs").fetchall() == [(0,)]

    parsed: list[int] = []
    real_extract = batch.extract_batch

    def counting(inputs, *args, **kwargs):
        inputs = list(inputs)
        parsed.append(len(inputs))
        return real_extract(inputs, *args, **kwargs)

    monkeypatch.setattr(batch, "extract_batch", counting)
    resumed = ingest(sources=[str(corpus)], db=str(db), workers=1)
    assert resumed["status"] == "ok", resumed
    assert sum(parsed) == 0  # not parsed again
    assert (resumed["documents_read"], resumed["documents_resumed"]) == (0, 5)
    assert not pending_root(db).exists()
    with connect(db, read_only=True) as con:
        assert con.execute("select count(*) from documents").fetchall() == [(5,)]
        assert con.execute("select count(*) from releases").fetchall()[0][0] >= 5
        runs = dict(con.execute("select run_id, status from ingest_runs").fetchall())
        first_error = con.execute("select summary from ingest_runs where run_id = ?",
                                  [blocked["run_id"]]).fetchall()[0][0]
    assert runs == {blocked["run_id"]: "failed", resumed["run_id"]: "ok"}
    assert f"pid {holder.pid}" in first_error


@pytest.mark.usefixtures("prefect_harness")
def test_a_run_that_loads_only_kept_parts_publishes_the_new_set(tmp_path: Path, corpus: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 22, 8: a run that loaded only kept parts and changed one quote did not rewrite quotes.csv."""
    from flows.ingest import ingest

    monkeypatch.setenv("PRESSROOM_LOCK_WAIT_SECONDS", "0.5")
    db = tmp_path / "w.duckdb"
    target = {"export_dir": str(tmp_path / "exports"), "export_format": "csv", "report_dir": ""}
    assert ingest(sources=[str(corpus)], db=str(db), publish=target, workers=1)["status"] == "ok"
    quotes = tmp_path / "exports" / "quotes.csv"
    before = quotes.read_text(encoding="utf-8")
    page = next(p for p in sorted(corpus.iterdir()) if " sier " in p.read_text(encoding="utf-8"))
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(" sier ", " og det haster, sier ", 1), encoding="utf-8")
    with reader_holding(db, "releases"):
        blocked = ingest(sources=[str(corpus)], db=str(db), publish=target, workers=1)
    assert blocked["status"] == "failed" and quotes.read_text(encoding="utf-8") == before
    resumed = ingest(sources=[str(corpus)], db=str(db), publish=target, workers=1)
    assert (resumed["status"], resumed["documents_read"], resumed["documents_resumed"]) == ("ok", 0, 1)
    assert set(resumed["rows_inserted"].values()) == {0}  # one quote replaced: the counts did not move
    after = quotes.read_text(encoding="utf-8")
    assert "og det haster" in after and "og det haster" not in before
