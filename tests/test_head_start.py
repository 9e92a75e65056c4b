"""`pressroom run`'s head start (flows/head_start.py): batches submitted to the workers before the flow
starts are adopted by the flow when they are its own, and give the warehouse a run without them gives;
a head start that no longer matches (another batch size, a file changed or added since it was listed)
is thrown away — its workers ended, its parts gone — and the flow parses as it always does.

Real flow runs (prefect_test_harness) into real DuckDB files; each test waits on the head start's
batches (their futures) or on nothing, never on the clock.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import wait
from pathlib import Path

import pytest

from flows import head_start
from load.warehouse import connect

REPO = Path(__file__).resolve().parent.parent
SAMPLES, REAL_CORPUS = REPO / "data" / "samples", REPO / "data" / "real" / "corpus"
SKIPPED = {"ingest_runs", "_migrations"}  # the run's own row and the migrations' times


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, the run's own rows aside: equal dumps, equal warehouses. (Views
    are queries over these tables; most_quoted_people picks among tied roles arbitrarily, so two equal
    warehouses can show it differently.)"""
    with connect(db, read_only=True) as con:
        names = [t for (t,) in con.execute("select table_name from information_schema.tables "
                                           "where table_type = 'BASE TABLE'").fetchall()]
        return {t: sorted(con.execute(f"select * exclude (run_id, quarantined_at) from {t}" if t == "quarantine"
                                      else f"select * from {t}").fetchall(), key=repr)
                for t in sorted(names) if t not in SKIPPED}


def ended(pid: int) -> bool:
    """True when the process is gone or a zombie (it runs no more code)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def our_staging() -> list[Path]:
    """This process's staging folders (the flow's and the head start's) still on disk."""
    return sorted(Path(tempfile.gettempdir()).glob(f"pressroom-stage-{os.getpid()}-*"))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The samples and the real corpus (62 pages) in one folder of the test's own."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for page in [*sorted(SAMPLES.glob("*.txt")), *sorted(REAL_CORPUS.glob("*.txt"))]:
        shutil.copy2(page, folder / page.name)
    return folder


def begun(corpus: Path, db: Path, batch_size: int) -> head_start.HeadStart:
    head = head_start.begin([str(corpus)], str(db), batch_size, 2, False, lambda files: True)
    assert head is not None
    head_start.wait_submitted(head)
    assert head.complete and head.pool is not None and len(head.pending) > 1
    return head


@pytest.mark.usefixtures("prefect_harness")
def test_an_adopted_head_start_gives_the_warehouse_of_a_run_without_it(tmp_path: Path, corpus: Path) -> None:
    from flows.ingest import ingest

    without = ingest(sources=[str(corpus)], db=str(tmp_path / "without.duckdb"), batch_size=7, workers=2)
    assert without["status"] == "ok" and without["documents_read"] == 62, without

    db = tmp_path / "with.duckdb"
    head = begun(corpus, db, 7)
    workers = [p.pid for p in head.pool._processes.values()]
    adopted = ingest(sources=[str(corpus)], db=str(db), batch_size=7, workers=2)
    assert head_start.outcome == f"adopted ({len(head.pending)} batches)"
    assert head_start.current() is None and all(ended(pid) for pid in workers)
    assert (adopted["status"], adopted["documents_read"], adopted["rows_inserted"]) == \
        ("ok", 62, without["rows_inserted"])
    assert dump(db) == dump(tmp_path / "without.duckdb")
    assert our_staging() == []


def change_a_file(corpus: Path) -> None:
    page = sorted(corpus.glob("*.txt"))[3]
    page.write_text(page.read_text(encoding="utf-8") + "\nKontakt: Ola Hansen, tlf. 24 13 26 01\n", encoding="utf-8")


def add_a_file(corpus: Path) -> None:
    shutil.copy2(sorted(SAMPLES.glob("*.txt"))[0], corpus / "zz_added.txt")


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.parametrize(("change", "flow_batch_size", "why"), [
    (None, 5, "discarded: batch size not the same"),
    (change_a_file, 7, "discarded: a file or folder changed since it was listed"),
    (add_a_file, 7, "discarded: a file or folder changed since it was listed"),
], ids=["another batch size", "a file changed", "a file added"])
def test_a_head_start_that_no_longer_matches_is_thrown_away(tmp_path: Path, corpus: Path, change,
                                                            flow_batch_size: int, why: str) -> None:
    from flows.ingest import ingest

    db = tmp_path / "with.duckdb"
    head = begun(corpus, db, 7)
    folder = Path(head.folder)
    workers = [p.pid for p in head.pool._processes.values()]
    if change is not None:
        wait(head.pending)  # the head start has read every file: the change comes after it
        change(corpus)
    summary = ingest(sources=[str(corpus)], db=str(db), batch_size=flow_batch_size, workers=2)
    assert head_start.outcome == why
    assert head_start.current() is None and all(ended(pid) for pid in workers) and not folder.exists()
    assert summary["status"] == "ok", summary
    # the warehouse a run without a head start gives of the files as they are now
    plain = ingest(sources=[str(corpus)], db=str(tmp_path / "without.duckdb"), batch_size=flow_batch_size,
                   workers=2)
    assert plain["documents_read"] == summary["documents_read"] == (63 if change is add_a_file else 62)
    assert dump(db) == dump(tmp_path / "without.duckdb")
    assert our_staging() == []


@pytest.mark.usefixtures("prefect_harness")
def test_a_head_start_of_other_sources_is_thrown_away(tmp_path: Path, corpus: Path) -> None:
    """A flow of other sources than the head start's throws it away (workers ended, folder gone) and
    reads its own."""
    from flows.ingest import ingest

    db = tmp_path / "w.duckdb"
    head = begun(corpus, db, 7)
    workers = [p.pid for p in head.pool._processes.values()]
    summary = ingest(sources=[str(SAMPLES)], db=str(db), batch_size=7, workers=2)
    assert head_start.outcome == "discarded: other sources or warehouse"
    assert (summary["status"], summary["documents_read"]) == ("ok", 5)
    assert head_start.current() is None and all(ended(pid) for pid in workers) and our_staging() == []
