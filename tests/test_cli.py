"""The `pressroom` command as users meet it, through the real command in a subprocess (issues 15 and 20).

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
# a release whose second quote has no attribution of its own: carried from Helgesen, with no verb
CARRIED = """Kommunene trenger mer til skolene
– Vi ser at kommunene har strukket seg langt for å gi elevene et godt tilbud, og nå trengs det mer penger til \
skolene, sier KS’ styreleder Gunn Marit Helgesen.
– Uten et løft i budsjettet vil mange kommuner måtte kutte i tilbudet til de yngste elevene neste år.
Landsstyret i KS vedtok en uttalelse om skolen i dag. Uttalelsen peker på behovet for flere lærere og bedre \
rammer for spesialundervisning i hele landet.
"""


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
    (["--db", "/proc/w.duckdb"], "--db /proc/w.duckdb: cannot write here"),
    (["--db", "tests"], "--db tests: is a directory"),
    (["--forse"], "No such option: --forse (Possible options: --force"),
    # a folder that does not exist is not created: a mistyped path must not grow a second warehouse
    (["--db", "/nonexistent-pressroom/dir/w.duckdb"], "--db /nonexistent-pressroom/dir/w.duckdb: the folder "
                                                      "/nonexistent-pressroom/dir does not exist"),
    (["--source", "stt:123"], "--source stt:123: STT Info (sttinfo.fi) publishes in Finnish"),
    (["--source", "tt:abc"], "--source tt:abc: unknown source 'tt:abc'"),
    (["--source", "skr-tt"], "--source skr-tt: publisher_id 'FILL-IN' is not filled in: take the "
                             "number from the press room's address on via.tt.se (/pressrum/<number>/… or "
                             "?publisherId=<number>), check it with `pressroom probe tt:<number>`"),
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
    assert not Path("/nonexistent-pressroom").exists()


def test_a_folder_whose_files_are_in_subfolders_is_a_usage_error_and_nothing_is_created(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "2024").mkdir(parents=True)
    shutil.copy(SAMPLE, inbox / "2024" / "ks.txt")
    (inbox / "notes.pdf").write_bytes(b"%PDF-1.4")
    env = {"PREFECT_HOME": str(tmp_path / "prefect")}
    result = pressroom("run", "--db", str(tmp_path / "w.duckdb"), "--source", str(inbox), env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert " ".join(result.stderr.split()) == (
        f"error: --source {inbox}: no .txt, .md, .html or .json files in this folder; subfolders are not read "
        f"({inbox / '2024'} holds 1: name each folder with --source, e.g. --source {inbox / '2024'})")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF-1.4")
    nothing = pressroom("run", "--db", str(tmp_path / "w.duckdb"), "--source", str(empty), env=env)
    assert nothing.returncode == 2
    assert f"--source {empty}: no .txt, .md, .html or .json files in this folder (it holds notes.pdf)" in \
        " ".join(nothing.stderr.split())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "inbox"]  # no warehouse, no lock, no Prefect


@pytest.mark.parametrize("command", [["run"], ["config"], ["query", "select 1"]])
@pytest.mark.parametrize(("env", "message"), [
    ({"PRESSROOM_BATCH_SIZE": "0"}, "config error: PRESSROOM_BATCH_SIZE: batch_size = 0 is out of range; "
                                    "allowed: a whole number of at least 1"),
    ({"PRESSROOM_BATCH_SIZE": "-5"}, "config error: PRESSROOM_BATCH_SIZE: batch_size = -5 is out of range"),
    ({"PRESSROOM_POLITENESS_DELAY_SECONDS": "-1"}, "config error: PRESSROOM_POLITENESS_DELAY_SECONDS: "
                                                   "politeness.delay_seconds = -1.0 is out of range; "
                                                   "allowed: 0 or more seconds"),
])
def test_a_setting_out_of_range_is_refused_when_loaded_before_prefect(command: list[str], env: dict, message: str,
                                                                      tmp_path: Path) -> None:
    result = pressroom(*command, "--db", str(tmp_path / "w.duckdb"), env={**env,
                       "PREFECT_HOME": str(tmp_path / "prefect")}) if command[0] != "config" \
        else pressroom(*command, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip().startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_unknown_key_in_the_config_file_gets_the_closest_real_one(tmp_path: Path) -> None:
    (tmp_path / "pressroom.toml").write_text("warehous = 'ks.duckdb'\n[politeness]\ndelay_secs = 2\n",
                                            encoding="utf-8")
    result = pressroom("config", cwd=tmp_path)
    assert result.returncode == 2
    assert " ".join(result.stderr.split()) == (  # [politeness] shown as written, not taken for markup
        "config error: pressroom.toml: unknown setting(s) politeness.delay_secs (did you mean [politeness] "
        "delay_seconds?)")
    (tmp_path / "pressroom.toml").write_text("warehous = 'ks.duckdb'\n", encoding="utf-8")
    nested = pressroom("config", cwd=tmp_path)
    assert nested.stderr.strip() == ("config error: pressroom.toml: unknown setting(s) warehous "
                                     "(did you mean warehouse?)")


def test_a_mistyped_query_option_gets_the_real_one(warehouse: Path) -> None:
    result = pressroom("query", "select 1", "--db", str(warehouse), "--limt", "5")
    assert result.returncode == 2
    assert "No such option: --limt (did you mean --limit?)" in result.stderr
    assert "select" not in result.stderr  # not taken for SQL


@pytest.mark.parametrize("command", [["query", "select 1"], ["export", "out"], ["report", "--out", "out"],
                                     ["quarantine"], ["reparse"]])
def test_a_missing_warehouse_is_a_usage_error_and_nothing_is_created(command: list[str], tmp_path: Path) -> None:
    (tmp_path / "archive" / "objects").mkdir(parents=True)  # reparse: an archive is there, the warehouse is not
    (tmp_path / "archive" / "index.jsonl").write_text("", encoding="utf-8")
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    result = pressroom(*command, "--db", "missing.duckdb", cwd=tmp_path,
                       env={"PREFECT_HOME": str(tmp_path / "prefect"), "PRESSROOM_ARCHIVE": "archive"})
    assert result.returncode == 2, result.stdout + result.stderr
    shown = " ".join(result.stderr.split())
    if command[0] == "reparse":
        assert shown == ("error: --db missing.duckdb: no warehouse here; reparse rebuilds an "
                         "existing warehouse from the archive (add --create to build a new one there from the archive)")
    else:
        assert shown == f"error: {tmp_path / 'missing.duckdb'}: no warehouse here (run `pressroom run` first)"
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


def test_reparse_answers_a_missing_or_empty_archive_before_prefect(warehouse: Path, tmp_path: Path) -> None:
    env = {"PREFECT_HOME": str(tmp_path / "prefect")}
    missing = pressroom("reparse", "--db", str(warehouse), "--archive", "no-such-folder", cwd=tmp_path, env=env)
    assert missing.returncode == 2
    assert "error: --archive no-such-folder: no archive folder here" in " ".join(missing.stderr.split())
    (tmp_path / "empty").mkdir()
    empty = pressroom("reparse", "--db", str(warehouse), "--archive", "empty", cwd=tmp_path, env=env)
    assert empty.returncode == 2
    assert "nothing archived in this folder (no index.jsonl, no objects/)" in " ".join(empty.stderr.split())
    (tmp_path / "empty" / "objects").mkdir()  # pages, but their index is lost: a new warehouse cannot map them
    lost = pressroom("reparse", "--db", "new.duckdb", "--create", "--archive", "empty", cwd=tmp_path, env=env)
    assert lost.returncode == 2
    assert "index.jsonl is missing, and a new warehouse has no `fetches` table" in " ".join(lost.stderr.split())
    assert not (tmp_path / "prefect").exists() and not (tmp_path / "new.duckdb").exists()


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
    (inbox / "a_carried.txt").write_text(CARRIED, encoding="utf-8")
    shutil.copy(SAMPLE, inbox / "good.txt")
    (inbox / "empty.txt").write_text("  \n", encoding="utf-8")
    (inbox / "note.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "menu.txt").write_text("Forside\nMeny\nKontakt oss\n", encoding="utf-8")
    db = tmp_path.resolve() / "w.duckdb"
    env = {"PREFECT_HOME": str(tmp_path / "prefect")}
    # relative paths, as typed in a shell: the summary names the file it wrote by its absolute path
    result = pressroom("run", "--db", "w.duckdb", "--source", "inbox", cwd=tmp_path, env=env)
    out = " ".join(result.stdout.split())
    assert result.returncode == 3, result.stdout + result.stderr
    assert "pressroom run partial: 3 documents read" in out
    assert f"from inbox into {db} (a new file)" in out
    assert result.stderr.count("empty.txt") == 1  # each skipped file once, no Prefect warning first
    assert "ignored 1 files that are not .txt, .md, .html or .json" in result.stderr
    assert "note.pdf" in result.stderr
    assert f"1 document gave no release: 1 too short ({inbox.resolve() / 'menu.txt'})" in out
    assert "examples from this run:" in out and "Helgesen" in out
    # a quote carried from the speaker before: said so, not "(?)"
    assert "Gunn Marit Helgesen (carried): «Uten et løft i budsjettet" in out
    assert "Gunn Marit Helgesen (sier): «Vi ser at kommunene" in out
    assert "(?)" not in out
    assert "Traceback" not in result.stdout + result.stderr

    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "empty.txt").write_bytes(b"")
    failed = pressroom("run", "--db", str(db), "--source", str(only_bad), env=env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "pressroom run failed" in failed.stdout
    assert f"into {db}" in failed.stdout and "a new file" not in failed.stdout
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
    long_out = elsewhere / ("a-folder-with-a-long-name-" * 3) / "r"
    r = pressroom("report", "--out", str(long_out), cwd=elsewhere, env=env)
    assert r.returncode == 0, r.stderr
    assert (long_out / "index.html").exists()
    assert len(r.stdout.splitlines()) == 1  # piped: one line, not wrapped at 80 columns
    assert r.stdout.startswith(f"report written to {long_out / 'index.html'} (")
    c = pressroom("config", cwd=elsewhere, env=env)
    assert f"warehouse {warehouse} env PRESSROOM_WAREHOUSE" in " ".join(c.stdout.replace("│", " ").split())


def test_pressroom_config_alone_finds_the_warehouse_from_any_folder(sample_warehouse: Path, tmp_path: Path) -> None:
    home = tmp_path / "ks"
    home.mkdir()
    shutil.copy(sample_warehouse, home / "ks.duckdb")
    (home / "pressroom.toml").write_text('warehouse = "ks.duckdb"\n', encoding="utf-8")  # relative: to the file
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PRESSROOM_CONFIG": str(home / "pressroom.toml")}
    q = pressroom("query", "select count(*) as n from releases", "--format", "csv", cwd=elsewhere, env=env)
    assert q.returncode == 0, q.stderr
    assert q.stdout.split() == ["n", "22"]
    c = pressroom("config", cwd=elsewhere, env=env)
    assert c.stdout.splitlines()[0] == f"config file: {home / 'pressroom.toml'} (named by PRESSROOM_CONFIG)"
    rows = " ".join(c.stdout.replace("│", " ").split())
    assert f"warehouse {home / 'ks.duckdb'} {home / 'pressroom.toml'}" in rows
    assert f"archive {home / 'archive'} default" in rows  # a default too: beside the config file
    # without it, from a folder with no pressroom.toml: the default path here, and how to reach the other
    lost = pressroom("query", "select 1", cwd=elsewhere)
    assert lost.returncode == 2
    assert " ".join(lost.stderr.split()) == (
        f"error: {elsewhere / 'warehouse.duckdb'}: no warehouse here (run `pressroom run` first; no pressroom.toml "
        "was found here, so this is the default path: set PRESSROOM_CONFIG to your pressroom.toml, or give --db, "
        "to use that warehouse from any folder)")
    none = pressroom("config", cwd=elsewhere)
    assert none.stdout.splitlines()[0] == (f"config file: none: no pressroom.toml in the current folder ({elsewhere}) "
                                           "and PRESSROOM_CONFIG is not set; defaults only")
    found = pressroom("config", cwd=home)
    assert found.stdout.splitlines()[0] == f"config file: {home / 'pressroom.toml'} (found in the current folder)"
    assert not list(elsewhere.iterdir())  # nothing was created there


def test_placeholder_sources_are_listed_as_not_ready_with_how_to_fill_them_in() -> None:
    config = pressroom("config")
    rows = {line.split()[0]: line.split()[1:] for line in
            (" ".join(r.replace("│", " ").split()) for r in config.stdout.splitlines()) if line}
    assert rows["ks-ntb"][0] == "yes" and rows["um-ritzau"][0] == "yes"
    assert rows["skr-tt"][:2] == ["NOT", "READY"] and rows["kl-ritzau"][:2] == ["NOT", "READY"]
    assert ("not ready: kl-ritzau: publisher_id 'FILL-IN' is not filled in: take the number from the press room's "
            "address on via.ritzau.dk (/nyhedsrum/<number>/… or ?publisherId=<number>), check it with "
            "`pressroom probe ritzau:<number>`, then set publisher_id in sources.toml") in config.stdout
    help_text = " ".join(pressroom("run", "--help").stdout.replace("│", " ").split())
    assert "(ks-ntb, um-ritzau, ks.no; not ready until publisher_id is filled in (`pressroom config` says how): " \
           "skr-tt, kl-ritzau)" in help_text


@pytest.mark.parametrize("command", ["run", "reparse", "serve", "query", "report", "quarantine"])
def test_help_shows_no_type_after_plain_flags(command: str) -> None:
    text = pressroom(command, "--help").stdout
    assert "<bool>" not in text
    assert "<path>" in text  # an option that takes a value keeps its type
    assert "--help" in text


def test_serve_help_names_the_publish_section() -> None:
    text = " ".join(pressroom("serve", "--help").stdout.replace("│", " ").split())
    assert "the folders of pressroom.toml [publish] are refreshed" in text


def test_probe_says_what_it_takes_and_reports_no_robots_verdict_it_never_read(tmp_path: Path) -> None:
    import socket

    for spec, what in (("ks.no", "ks.no's news pages"),
                       ("https://www.ks.no/aktuelt/x/", "a single page, not a press room")):
        refused = pressroom("probe", spec)
        assert refused.returncode == 2
        assert " ".join(refused.stderr.split()).startswith(
            f"error: {spec}: {what}; probe asks the endpoints of a press room on the NTB, Via TT or Via Ritzau "
            f"platform"), refused.stderr
        assert f"`pressroom run --source {spec}` reads it" in " ".join(refused.stderr.split())
    assert "ks.no and single pages are not probed" in " ".join(pressroom("probe", "--help").stdout.replace(
        "│", " ").split())
    finnish = pressroom("probe", "stt:1")
    assert finnish.returncode == 2 and "publishes in Finnish" in finnish.stderr

    with socket.socket() as s:  # a port nobody listens on: robots.txt cannot be read
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"PRESSROOM_POLITENESS_RETRIES": "0", "PRESSROOM_POLITENESS_DELAY_SECONDS": "0"}
    # a press room's address with its publisher number is a source probe takes
    result = pressroom("probe", f"http://127.0.0.1:{port}/?publisherId=15032900", env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].startswith(f"robots.txt  ---  -  -  http://127.0.0.1:{port}/robots.txt")
    assert "note:    not read, so what it allows is not known" in result.stdout
    assert "allows" not in result.stdout.replace("what it allows", "")


def test_readme_probe_example_is_what_the_fixture_press_room_answers(tmp_path: Path) -> None:
    """The README's probe output is the real output against tests/live/fixture_press_room.py, which it
    tells a reader to start (the README shows its default port, 8765)."""
    server = subprocess.Popen([sys.executable, str(REPO / "tests" / "live" / "fixture_press_room.py"), "--port", "0"],
                              stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        first = server.stdout.readline()
        base = first.split(" on ", 1)[1].split(";", 1)[0]
        export = server.stdout.readline().split("export ", 1)[1].strip()
        name, value = export.split("=", 1)
        result = pressroom("probe", "kl-test", "--save", "probe-kl", cwd=tmp_path,
                           env={name: value, "PRESSROOM_POLITENESS_DELAY_SECONDS": "0"})
    finally:
        server.terminate()
        assert server.wait(timeout=30) == 0
    assert result.returncode == 1, result.stdout + result.stderr  # no public page: "look at: page"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ pressroom probe kl-test --save probe-kl\n", 1)[1].split("\n```", 1)[0]
    assert result.stdout.replace(base, "http://127.0.0.1:8765").rstrip("\n") == block
    assert (tmp_path / "probe-kl" / "probe.json").is_file()


def test_config_shows_origins_and_warns_about_misspelled_variables(tmp_path: Path) -> None:
    (tmp_path / "pressroom.toml").write_text("batch_size = 50\n", encoding="utf-8")
    result = pressroom("config", cwd=tmp_path, env={"PRESSROOM_WAREHOSE": "x.duckdb",
                                                    "PRESSROOM_POLITENESS_RETRIES": "5"})
    rows = {line.split()[0]: line.split()[1:] for line in
            (" ".join(r.replace("│", " ").split()) for r in result.stdout.splitlines()) if line}
    assert rows["batch_size"] == ["50", "pressroom.toml"]
    assert rows["politeness.retries"] == ["5", "env", "PRESSROOM_POLITENESS_RETRIES"]
    assert rows["warehouse"] == [str(tmp_path / "warehouse.duckdb"), "default"]  # the default, in this folder
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
    bad = pressroom("serve", "--db", "/proc/w.duckdb")
    assert bad.returncode == 2
    assert "--db /proc/w.duckdb: cannot write here" in bad.stderr
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
    # a file that is not a warehouse at all: refused the same way, and no <file>.lock is left beside it
    readme = tmp_path / "README.md"
    shutil.copy(REPO / "README.md", readme)
    other = pressroom("run", "--db", str(readme), "--source", str(SAMPLE), env={"PREFECT_HOME": str(tmp_path / "p")})
    assert other.returncode == 1
    assert "not a DuckDB warehouse file" in other.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "w.duckdb"]
