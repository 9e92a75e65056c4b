"""The `pressroom` command as users meet it, through the real command in a subprocess (issue 15).

Most cases are answered before Prefect starts (usage errors, a refused run, query, config, export),
so they take about a second each; two real runs cover partial (3) and failed (1).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).parent / "pressroom"
SAMPLE = REPO / "data" / "samples" / "002_8e0624722da03f09.txt"


def pressroom(*args: str, cwd: Path | None = None, env: dict | None = None, stdin: str | None = None,
              timeout: int = 300) -> subprocess.CompletedProcess:
    """Run the installed `pressroom` command; output captured (so stdout is piped, not a terminal)."""
    full = {**os.environ, **(env or {})}
    full.pop("PREFECT_API_URL", None)
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, cwd=cwd or REPO, env=full,
                          input=stdin, timeout=timeout)


@pytest.fixture()
def warehouse(sample_warehouse: Path, tmp_path: Path) -> Path:
    db = tmp_path / "data" / "ks.duckdb"
    db.parent.mkdir()
    shutil.copy(sample_warehouse, db)
    return db


def test_version() -> None:
    result = pressroom("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == "pressroom 0.1.0"


@pytest.mark.parametrize(("args", "message"), [
    (["--source", "ks-ntbb"], "--source ks-ntbb: no such file, directory or source name (did you mean ks-ntb?)"),
    (["--source", "data/sample"], "(did you mean data/samples?)"),
    (["--source", "ntb:abc"], "--source ntb:abc: unknown source 'ntb:abc'"),
    (["--since", "2025-13-01"], "--since '2025-13-01': not a date; use YYYY-MM-DD"),
    (["--db", "/proc/pressroom/w.duckdb"], "--db /proc/pressroom/w.duckdb: cannot write here"),
    (["--db", "tests"], "--db tests: is a directory"),
    (["--forse"], "No such option: --forse (Possible options: --force"),
])
def test_usage_errors_are_one_line_exit_2_before_prefect(args: list[str], message: str, tmp_path: Path) -> None:
    env = {"PREFECT_HOME": str(tmp_path / "prefect")}
    db = [] if "--db" in args else ["--db", str(tmp_path / "w.duckdb")]
    result = pressroom("run", *db, *args, env=env)
    assert result.returncode == 2, result.stderr
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
    if "--forse" not in args:
        assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "prefect").exists()  # Prefect never started
    assert not (tmp_path / "w.duckdb").exists()


def test_second_run_is_refused_at_once_exit_4_message_once(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    hold = "import sys, time\nfrom load.lock import run_lock\nwith run_lock(sys.argv[1]):\n" \
           "    print('held', flush=True)\n    time.sleep(120)\n"
    holder = subprocess.Popen([sys.executable, "-c", hold, str(db)], stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = pressroom("run", "--db", str(db), "--source", str(SAMPLE),
                           env={"PREFECT_HOME": str(tmp_path / "prefect")})
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 4
    assert result.stderr.count("another pressroom run") == 1
    assert f"(pid {holder.pid})" in result.stderr
    assert not (tmp_path / "prefect").exists()  # refused before Prefect started
    assert not db.exists()


def test_partial_run_exit_3_then_every_input_failed_exit_1(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLE, inbox / "good.txt")
    (inbox / "empty.txt").write_text("  \n", encoding="utf-8")
    (inbox / "note.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "menu.txt").write_text("Forside\nMeny\nKontakt oss\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    env = {"PREFECT_HOME": str(tmp_path / "prefect")}
    result = pressroom("run", "--db", str(db), "--source", str(inbox), env=env)
    out = " ".join(result.stdout.split())
    assert result.returncode == 3, result.stdout + result.stderr
    assert "pressroom run partial: 2 documents read" in out
    assert result.stderr.count("empty.txt") == 1  # each skipped file once, no Prefect warning first
    assert "ignored 1 files that are not .txt, .md, .html or .json" in result.stderr
    assert "note.pdf" in result.stderr
    assert "1 documents gave no release: 1 too short" in out
    assert "examples from this run:" in out and "Helgesen" in out
    assert "Traceback" not in result.stdout + result.stderr

    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "empty.txt").write_bytes(b"")
    failed = pressroom("run", "--db", str(db), "--source", str(only_bad), env=env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "pressroom run failed" in failed.stdout
    assert "Flow run" not in failed.stderr and "Task run" not in failed.stderr  # the summary says it, once
    # the earlier run's quotes are not shown as this run's examples
    assert "examples from this run" not in failed.stdout

    status = pressroom("query", "select status from ingest_runs order by started_at", "--db", str(db),
                       "--format", "csv")
    assert status.stdout.split() == ["status", "partial", "failed"]


def test_every_command_reads_the_configured_warehouse(warehouse: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PRESSROOM_WAREHOUSE": str(warehouse)}
    q = pressroom("query", "select count(*) as n from releases", "--format", "csv", cwd=elsewhere, env=env)
    assert q.returncode == 0, q.stderr
    assert q.stdout.split() == ["n", "22"]
    e = pressroom("export", "--format", "csv", "out", cwd=elsewhere, env=env)
    assert e.returncode == 0, e.stderr
    assert (elsewhere / "out" / "releases.csv").exists()
    assert (elsewhere / "out" / "most_quoted_people.csv").exists()  # the analyst views too
    r = pressroom("report", "--out", "r", cwd=elsewhere, env=env)
    assert r.returncode == 0, r.stderr
    assert (elsewhere / "r" / "index.html").exists()
    c = pressroom("config", cwd=elsewhere, env=env)
    assert f"warehouse {warehouse} env PRESSROOM_WAREHOUSE" in " ".join(c.stdout.replace("│", " ").split())


def test_config_shows_origins_and_warns_about_misspelled_variables(tmp_path: Path) -> None:
    (tmp_path / "pressroom.toml").write_text("batch_size = 50\n", encoding="utf-8")
    result = pressroom("config", cwd=tmp_path, env={"PRESSROOM_WAREHOSE": "x.duckdb",
                                                    "PRESSROOM_POLITENESS_RETRIES": "5"})
    rows = {line.split()[0]: line.split()[1:] for line in
            (" ".join(r.replace("│", " ").split()) for r in result.stdout.splitlines()) if line}
    assert rows["batch_size"] == ["50", "pressroom.toml"]
    assert rows["politeness.retries"] == ["5", "env", "PRESSROOM_POLITENESS_RETRIES"]
    assert rows["warehouse"] == ["warehouse.duckdb", "default"]
    assert ("warning: PRESSROOM_WAREHOSE is not a pressroom setting and is ignored "
            "(did you mean PRESSROOM_WAREHOUSE?)") in " ".join(result.stderr.split())


@pytest.mark.parametrize(("sql", "code", "message"), [
    ("", 2, "no SQL statement given"),
    ("-- only a comment", 2, "no SQL statement given"),
    ("select 1; select 2", 2, "2 statements given; run one at a time"),
    ("drop table releases", 1, "read-only"),
    ("selec 1", 1, "syntax error"),
])
def test_query_errors(warehouse: Path, sql: str, code: int, message: str) -> None:
    result = pressroom("query", sql, "--db", str(warehouse))
    assert result.returncode == code
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_query_sql_starting_with_a_comment_is_sql_not_an_option(warehouse: Path) -> None:
    result = pressroom("query", "-- releases\nselect count(*) as n from releases", "--db", str(warehouse),
                       "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["n", "22"]
    piped = pressroom("query", "--db", str(warehouse), "--format", "csv", stdin="select 7 as seven")
    assert piped.stdout.split() == ["seven", "7"]


def test_query_formats_null_empty_width_and_limit(warehouse: Path) -> None:
    sql = "select null as a, '' as b, 'x,y' as c, repeat('ord ', 40) as long"
    csv_out = pressroom("query", sql, "--db", str(warehouse), "--format", "csv")
    assert csv_out.stdout.splitlines()[1] == ',"","x,y",' + "ord " * 40
    as_json = json.loads(pressroom("query", sql, "--db", str(warehouse), "--format", "json").stdout)
    assert as_json == [{"a": None, "b": "", "c": "x,y", "long": "ord " * 40}]
    table = pressroom("query", sql, "--db", str(warehouse)).stdout
    assert "NULL" in table
    assert ("ord " * 40).strip() in table  # piped: not cut at 80 columns
    limited = pressroom("query", "select * from releases order by release_id", "--db", str(warehouse),
                        "--format", "csv", "--limit", "2")
    assert len(limited.stdout.splitlines()) == 3
    assert "first 2 rows" in limited.stderr
    bad = pressroom("query", "select 1", "--db", str(warehouse), "--format", "xml")
    assert bad.returncode == 2


def test_unreachable_host_is_named_as_such_and_counted_once(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on: connection refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"PREFECT_HOME": str(tmp_path / "prefect"), "PRESSROOM_POLITENESS_RETRIES": "0",
           "PRESSROOM_POLITENESS_DELAY_SECONDS": "0", "PRESSROOM_ARCHIVE": str(tmp_path / "archive")}
    result = pressroom("run", "--db", str(tmp_path / "w.duckdb"), "--source",
                       f"http://127.0.0.1:{port}/?publisherId=15032900", env=env)
    assert result.returncode == 1, result.stdout + result.stderr  # every page failed
    shown = result.stdout + result.stderr
    assert "host unreachable" in result.stderr, shown
    assert "robots.txt" not in result.stderr, shown
    assert "unchanged" not in result.stdout, shown  # a page that failed is not also counted unchanged
    assert "Traceback" not in shown, shown


def test_serve_checks_its_warehouse_and_needs_a_server(tmp_path: Path) -> None:
    bad = pressroom("serve", "--db", "/proc/pressroom/w.duckdb")
    assert bad.returncode == 2
    assert "--db /proc/pressroom/w.duckdb: cannot write here" in bad.stderr
    no_server = pressroom("serve", "--db", str(tmp_path / "w.duckdb"))
    assert no_server.returncode == 2
    assert "needs a Prefect server" in " ".join(no_server.stderr.split())


def test_a_corrupt_warehouse_is_one_line_before_prefect(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    db.write_bytes(bytes(range(256)) * 20)
    result = pressroom("run", "--db", str(db), "--source", str(SAMPLE), env={"PREFECT_HOME": str(tmp_path / "p")})
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {db}: not a DuckDB warehouse file (corrupt, or another kind of " \
                                    "file); nothing was read or changed"
    assert not (tmp_path / "p").exists()
    assert db.read_bytes() == bytes(range(256)) * 20
