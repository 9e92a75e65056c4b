"""Place mentions read by the parse workers (load/place_readings.py) and taken by the load by the digest of
each stored release's inputs: the rows are those the load writes when it reads every release itself, and a
release whose inputs no worker read (readings missing, of another year, of other inputs) is read in the load.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from flows.batches import code_version, process_files, staged_tables
from load.place_readings import READINGS, place_readings
from load.warehouse import connect, load_tables

REPO = Path(__file__).resolve().parent.parent
REAL_CORPUS = REPO / "data" / "real" / "corpus"


def _mentions(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select * from place_mentions order by all").fetchall()


def _results(corpus: Path) -> list:
    from extract.files import expand, read_files
    from transform.batch import extract_batch

    paths, failures = expand([corpus])
    assert not failures
    return extract_batch([item for item in read_files(paths) if not isinstance(item, Exception)]).results


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> tuple[dict[str, pa.Table], list[tuple]]:
    """The real pages' staged tables (readings included) and the mentions of a warehouse whose load read
    every release itself (no readings given)."""
    tables = staged_tables(_results(REAL_CORPUS), "test")
    db = tmp_path_factory.mktemp("read-in-load") / "w.duckdb"
    result = load_tables(db, {k: v for k, v in tables.items() if k != "place_readings"})
    assert result.place_mentions is not None and result.place_mentions.staged == 0
    mentions = _mentions(db)
    assert len(mentions) > 50
    return tables, mentions


def _drop_first(readings: pa.Table) -> pa.Table:
    return readings.slice(1)


def _of_last_year(readings: pa.Table, tables: dict[str, pa.Table]) -> pa.Table:
    return place_readings(tables["releases"], tables["documents"], date(datetime.now(UTC).year - 1, 6, 1))


def _other_publisher(readings: pa.Table, tables: dict[str, pa.Table]) -> pa.Table:
    """Readings of the same copies under another publisher: inputs no stored release has."""
    releases = tables["releases"]
    other = releases.set_column(releases.schema.get_field_index("publisher"), "publisher",
                                pa.array(["Bergen kommune"] * releases.num_rows, pa.string()))
    return place_readings(other, tables["documents"])


@dataclass(frozen=True)
class Case:
    name: str
    readings: Callable[[pa.Table, dict[str, pa.Table]], pa.Table] | None  # None: the batch's own readings
    recognised_in_load: str  # 'none', 'one' or 'all' of the releases


CASES = [
    Case("every release's inputs read by the workers", None, "none"),
    Case("no readings staged (kept parts of older code, a load of Arrow tables)",
         lambda r, t: READINGS.empty_table(), "all"),
    Case("one release's reading missing", lambda r, t: _drop_first(r), "one"),
    Case("readings of last year (a year the text prints after it dates nothing)", _of_last_year, "all"),
    Case("readings of other inputs (another publisher)", _other_publisher, "all"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_mentions_are_those_the_load_reads_itself(real, case: Case, tmp_path: Path) -> None:
    tables, read_in_load = real
    readings = tables["place_readings"]
    if case.readings is not None:
        readings = case.readings(readings, tables)
    result = load_tables(tmp_path / "w.duckdb", {**tables, "place_readings": readings})
    assert _mentions(tmp_path / "w.duckdb") == read_in_load
    done = result.place_mentions
    releases = tables["releases"].num_rows
    assert done is not None and done.rows == len(read_in_load)
    assert done.staged + done.recognised == releases
    assert done.recognised == {"none": 0, "one": 1, "all": releases}[case.recognised_in_load], done


def test_a_reading_is_taken_as_staged(real, tmp_path: Path) -> None:
    """The load takes a release's mentions from the reading of its inputs, not from a reading of its own:
    readings emptied of their mentions give a warehouse without mentions."""
    tables, _ = real
    readings = tables["place_readings"]
    empty = readings.set_column(1, "mentions", pa.array([[]] * readings.num_rows, readings.schema.field(1).type))
    result = load_tables(tmp_path / "w.duckdb", {**tables, "place_readings": empty})
    assert result.place_mentions is not None and result.place_mentions.recognised == 0
    assert _mentions(tmp_path / "w.duckdb") == []


def _stage_and_load(corpus: Path, db: Path, staging: Path, known: dict[str, str] | None = None):
    """The run's steps without Prefect: each file a batch (process_files, as a worker runs it), one load."""
    version = code_version()
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    for no, path in enumerate(sorted(corpus.iterdir())):
        process_files([str(path)], str(staging), no, known or {}, version)
    return load_tables(db, staging=staging)


def _known(db: Path) -> dict[str, str]:
    with connect(db, read_only=True) as con:
        rows = con.execute("select source_uri, content_sha256, extractor_version from documents").fetchall()
    return {uri: f"{sha}@{version}" for uri, sha, version in rows}


def test_batches_staged_by_the_workers_step_then_an_edit(tmp_path: Path) -> None:
    """The real pages staged a page a batch by process_files: the load finds every release's reading, and
    writes the mentions a load reading every release itself writes; one page edited (a place added to its
    body) and run again: the warehouse's mentions are those of a fresh build of the edited pages."""
    corpus = tmp_path / "corpus"
    shutil.copytree(REAL_CORPUS, corpus)
    db = tmp_path / "w.duckdb"
    first = _stage_and_load(corpus, db, tmp_path / "stage")
    assert first.place_mentions is not None
    assert (first.place_mentions.staged, first.place_mentions.recognised) == (60, 0)
    reference = tmp_path / "reference.duckdb"
    load_tables(reference, {k: v for k, v in staged_tables(_results(corpus), code_version()).items()
                            if k != "place_readings"})
    assert _mentions(db) == _mentions(reference)

    page = corpus / "002_ks-ntb-ks-lederen-til-kommunene-i-viken-og-rogaland.txt"
    text = page.read_text(encoding="utf-8")
    assert "Rogaland" in text and "Lillehammer" not in text
    page.write_text(text.replace("Rogaland", "Rogaland og Lillehammer", 2), encoding="utf-8")
    again = _stage_and_load(corpus, db, tmp_path / "stage", _known(db))
    assert again.place_mentions is not None and again.place_mentions.recognised == 0
    assert again.place_mentions.staged >= 1
    fresh = tmp_path / "fresh.duckdb"
    _stage_and_load(corpus, fresh, tmp_path / "stage")
    assert _mentions(db) == _mentions(fresh)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from place_mentions where as_written = 'Lillehammer'").fetchone()[0]


@pytest.mark.usefixtures("prefect_harness")
def test_a_flow_run_writes_the_mentions_the_load_reads_itself(real, tmp_path: Path) -> None:
    """A run through the worker pool (batches of 10 pages) writes the place mentions of the warehouse whose
    load read every release itself."""
    from flows.ingest import ingest

    _, read_in_load = real
    db = tmp_path / "w.duckdb"
    summary = ingest(sources=[str(REAL_CORPUS)], db=str(db), workers=2, batch_size=10)
    assert summary["status"] == "ok", summary
    assert _mentions(db) == read_in_load
