"""Real Prefect flow runs (prefect_test_harness) and the `pressroom` command on the samples."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from load.warehouse import connect

CONTRACT_TABLES = ["documents", "releases", "release_documents", "people", "person_roles", "contacts",
                   "quotes", "amounts"]


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with connect(db, read_only=True) as con:
        return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr) for t in CONTRACT_TABLES}


@pytest.mark.usefixtures("prefect_harness")
def test_ingest_flow_loads_samples_and_rerun_changes_nothing(tmp_path: Path, samples_dir: Path) -> None:
    from flows.ingest import ingest

    db = tmp_path / "warehouse.duckdb"
    first = ingest(sources=[str(samples_dir)], db=str(db))
    assert first["status"] == "ok", first
    assert first["documents_read"] == 5
    assert first["rows_after"]["releases"] >= 20
    assert first["rows_after"]["quotes"] >= 10
    assert all(n == 0 for _, n in first["checks"])
    rows = snapshot(db)

    second = ingest(sources=[str(samples_dir)], db=str(db))
    assert second["status"] == "unchanged"  # as `pressroom run` records it without Prefect (issue 20)
    assert (second["documents_read"], second["documents_unchanged"]) == (0, 5)
    assert set(second["rows_inserted"].values()) == {0}
    assert snapshot(db) == rows

    forced = ingest(sources=[str(samples_dir)], db=str(db), force=True, workers=2, batch_size=2)
    assert (forced["status"], forced["documents_read"]) == ("ok", 5)
    assert set(forced["rows_inserted"].values()) == {0}
    assert snapshot(db) == rows
    with connect(db, read_only=True) as con:
        runs = con.execute("select status, documents_read, documents_unchanged from ingest_runs "
                           "order by started_at").fetchall()
    assert runs == [("ok", 5, 0), ("unchanged", 0, 5), ("ok", 5, 0)]


@pytest.mark.usefixtures("prefect_harness")
def test_bad_inputs_are_named_and_the_rest_is_ingested(tmp_path: Path, samples_dir: Path) -> None:
    from flows.ingest import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(samples_dir / "001_e5bb6b77325dfee6.txt", corpus)
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "slides.pdf").write_bytes(b"%PDF-1.4 binary")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    db = tmp_path / "w.duckdb"
    summary = ingest(sources=[str(corpus), str(corpus / "slides.pdf"), str(tmp_path / "missing.txt")],
                     db=str(db))
    assert summary["status"] == "partial"
    reasons = dict(summary["failures"])
    assert any("empty.txt" in k and "empty file" in v for k, v in reasons.items())
    assert any("binary.txt" in k and "binary" in v for k, v in reasons.items())
    assert any("slides.pdf" in k and "unknown format" in v for k, v in reasons.items())
    assert any("missing.txt" in k and "no such file" in v for k, v in reasons.items())
    assert summary["documents_read"] == 1
    assert summary["rows_after"]["releases"] == 6


def test_pressroom_command_runs_and_queries(tmp_path: Path, samples_dir: Path) -> None:
    exe = Path(sys.executable).parent / "pressroom"
    db = tmp_path / "cli.duckdb"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home")}
    env.pop("PREFECT_API_URL", None)
    run = subprocess.run([str(exe), "run", "--db", str(db), "--source", str(samples_dir / "002_8e0624722da03f09.txt")],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "rows per table" in run.stdout
    assert "Helgesen" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr
    sample = str(samples_dir / "002_8e0624722da03f09.txt")
    again = subprocess.run([str(exe), "run", "--db", str(db), "--source", sample],
                           capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "unchanged: all 1 documents" in " ".join(again.stdout.split())
    runs = subprocess.run([str(exe), "query", "select status from ingest_runs order by started_at", "--db", str(db)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert runs.stdout.index("ok") < runs.stdout.index("unchanged")
    q = subprocess.run([str(exe), "query", "select count(*) as n from releases", "--db", str(db)],
                       capture_output=True, text=True, env=env, timeout=120)
    assert q.returncode == 0, q.stderr
    assert " 6 " in q.stdout
    bad = subprocess.run([str(exe), "query", "drop table releases", "--db", str(db)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 1
    assert "read-only" in (bad.stdout + bad.stderr).lower()


@pytest.mark.usefixtures("prefect_harness")
def test_concurrent_run_is_refused_and_leaves_the_warehouse_alone(tmp_path: Path, samples_dir: Path) -> None:
    from flows.ingest import ingest

    db = tmp_path / "w.duckdb"
    hold = ("import sys, time\nfrom load.lock import run_lock\nwith run_lock(sys.argv[1]):\n"
            "    print('held', flush=True)\n    time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", hold, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        summary = ingest(sources=[str(samples_dir)], db=str(db))
    finally:
        holder.kill()
        holder.wait()
    assert summary["status"] == "refused"
    assert f"another pressroom run (pid {holder.pid})" in summary["error"]
    assert not db.exists()


@pytest.mark.usefixtures("prefect_harness")
def test_run_summary_artifact_and_ingest_runs_row(tmp_path: Path, samples_dir: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    from flows.ingest import ingest

    db = tmp_path / "w.duckdb"
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    summary = ingest(sources=[str(samples_dir / "000_0c407894616695cd.txt"), str(tmp_path / "empty.txt")],
                     db=str(db))
    assert summary["status"] == "partial"
    with get_client(sync_client=True) as client:
        # the newest first: the session's server holds every test's runs, and an unsorted read stops at the
        # API's default limit (200) in an order of ids, so this run's artifact was missing once in a while
        key = ArtifactFilterKey(any_=["ingest-summary"])
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(key=key), sort=ArtifactSort.CREATED_DESC,
                                          limit=50)
    texts = [a.data for a in artifacts if str(tmp_path / "empty.txt") in a.data]
    assert texts, [a.data[:80] for a in artifacts]
    assert "**ingest partial**" in texts[-1]
    assert "| releases | 6 | 6 |" in texts[-1]
    assert "empty file" in texts[-1]
    assert "| quotes_span_inside_release | 0 |" in texts[-1]
    with connect(db, read_only=True) as con:
        row = con.execute("select status, documents_read, documents_failed, rows_releases, rows_quotes, "
                          "failures, summary from ingest_runs").fetchall()
    assert len(row) == 1
    status, read, failed, releases, quotes, failures, run_summary = row[0]
    assert (status, read, failed, releases) == ("partial", 1, 1, 6)
    assert quotes >= 4
    assert "empty.txt" in failures
    assert '"quotes_span_inside_release", 0' in run_summary


EMBARGOED = """Kommunene får mer til barnevern
3.3.2031 09:00:00 CET | Pressemelding
Regjeringen foreslår å øke rammetilskuddet til kommunene med 300 millioner kroner for å styrke
barnevernet i hele landet neste år.

– Dette er et viktig løft for barna, sier styreleder Gunn Marit Helgesen i KS.
"""


@pytest.mark.usefixtures("prefect_harness")
def test_a_future_date_is_kept_and_the_run_summary_warns(tmp_path: Path, capsys) -> None:
    """Issue 20: a release dated '3.3.2031 09:00:00 CET' loaded with published_at NULL and no warning."""
    from datetime import UTC, datetime

    from flows.ingest import ingest
    from pressroom.cli import print_summary

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "embargo.txt").write_text(EMBARGOED, encoding="utf-8")
    (corpus / "typo.txt").write_text(EMBARGOED.replace("2031", "2099").replace("barnevern", "skole"),
                                     encoding="utf-8")
    db = tmp_path / "w.duckdb"
    summary = ingest(sources=[str(corpus)], db=str(db))
    assert summary["status"] == "ok", summary
    warnings = dict(summary["warnings"])
    embargo = warnings[str(corpus / "embargo.txt")]
    assert "line 2 '3.3.2031 09:00:00 CET | Pressemelding'" in embargo and "kept as printed" in embargo
    assert "2099-03-03 is after 2050" in warnings[str(corpus / "typo.txt")]
    assert summary["warned"]["releases_not_in_future"]["rows"] == 1
    with connect(db, read_only=True) as con:
        dates = dict(con.execute("select title, published_at from releases").fetchall())
    assert dates["Kommunene får mer til barnevern"] == datetime(2031, 3, 3, 8, 0, tzinfo=UTC)
    assert dates["Kommunene får mer til skole"] is None  # implausible year: empty, with its warning

    print_summary(summary, db)
    out, err = capsys.readouterr()
    assert "pressroom run ok:" in out
    assert "releases_not_in_future warned (1, loaded)" in out
    assert f"warning {corpus / 'embargo.txt'}: line 2 '3.3.2031 09:00:00 CET | Pressemelding'" in " ".join(err.split())
    assert "2099-03-03 is after 2050" in err
