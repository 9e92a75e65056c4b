"""[publish]: after a run that changed the warehouse, the export and the report are refreshed in place."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from load.publish import publish
from load.warehouse import query


def test_publish_writes_export_and_report_beside_then_renames(sample_warehouse: Path, tmp_path: Path) -> None:
    done = publish(sample_warehouse, export_dir=str(tmp_path / "exports"), report_dir=str(tmp_path / "site"))
    assert len(done) == 2
    _, [(n,)] = query(sample_warehouse, "select count(*) from most_quoted_people")
    assert pq.read_metadata(tmp_path / "exports" / "most_quoted_people.parquet").num_rows == n
    assert (tmp_path / "site" / "index.html").stat().st_size > 0
    assert not list(tmp_path.rglob(".*partial"))
    assert publish(sample_warehouse) == []  # nothing configured: nothing written


@pytest.mark.usefixtures("prefect_harness")
def test_a_run_that_changed_something_publishes_and_an_unchanged_one_does_not(tmp_path: Path,
                                                                              samples_dir: Path) -> None:
    from flows.ingest import ingest

    db = tmp_path / "w.duckdb"
    target = {"export_dir": str(tmp_path / "exports"), "export_format": "csv", "report_dir": ""}
    first = ingest(sources=[str(samples_dir)], db=str(db), publish=target, workers=1)
    assert first["status"] == "ok"
    releases = tmp_path / "exports" / "releases.csv"
    _, [(n,)] = query(db, "select count(*) from releases")
    assert len(releases.read_text(encoding="utf-8").splitlines()) >= n + 1
    releases.unlink()
    again = ingest(sources=[str(samples_dir)], db=str(db), publish=target, workers=1)
    assert again["documents_read"] == 0 and again["documents_unchanged"] == 5
    assert not releases.exists()  # nothing changed: nothing refreshed
