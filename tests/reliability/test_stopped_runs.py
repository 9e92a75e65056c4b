"""A run stopped from outside leaves nothing behind: SIGKILL during parse + extract leaves no worker and
no Prefect API server alive; SIGTERM stops the run in seconds with one line, records it `cancelled` and
leaves every data table as it was. The `pressroom` command runs in a subprocess with its own Prefect
home; the tests wait on events (a worker appears, a process exits), polling with generous deadlines."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, dump

REAL = REPO / "data" / "real" / "corpus"
DATA_TABLES = ("documents", "releases", "release_documents", "people", "person_roles", "contacts", "quotes",
               "amounts", "fetches")


def children(pid: int) -> set[int]:
    """Every live descendant of `pid` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(predicate, deadline: float, what: str) -> None:
    end = time.monotonic() + deadline
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"not within {deadline} s: {what}")
        time.sleep(0.1)


def command_line(pid: int) -> str:
    """A process's command line, words joined by spaces ("" when it is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def parent_of(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def workers_of(pid: int) -> set[int]:
    """Descendants of the run that are parse + extract workers: forks of the workers' forkserver
    (flows/workers.py; a fork keeps the forkserver's command line), or spawned children."""
    found = set()
    for child in children(pid):
        cmd = command_line(child)
        if "multiprocessing.spawn" in cmd or "spawn_main" in cmd:
            found.add(child)
        elif "multiprocessing.forkserver" in cmd and "multiprocessing.forkserver" in command_line(parent_of(child)):
            found.add(child)
    return found


@pytest.fixture
def big_corpus(tmp_path: Path) -> Path:
    """The 57 real pages, 10 copies each under different names: enough to keep two workers busy."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for copy in range(10):
        for page in sorted(REAL.glob("*.txt")):
            text = page.read_text(encoding="utf-8")
            (corpus / f"{copy:02d}_{page.name}").write_text(text + f"\n\n(kopi {copy})\n", encoding="utf-8")
    return corpus


def start_run(tmp_path: Path, db: Path, corpus: Path) -> subprocess.Popen:
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PRESSROOM_BATCH_SIZE": "10",
           "PRESSROOM_CONFIG": str(REPO / "pressroom.toml"), "TMPDIR": str(tmp_path / "tmp")}
    env.pop("PREFECT_API_URL", None)
    return subprocess.Popen([sys.executable, "-m", "pressroom.cli", "run", "--db", str(db), "--source", str(corpus),
                             "--workers", "2"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def busy_workers(proc: subprocess.Popen) -> set[int]:
    """Wait until both workers of the run exist (parse + extract has started); their pids and the rest."""
    wait_until(lambda: len(workers_of(proc.pid)) >= 2 or proc.poll() is not None, 240,
               "two parse + extract workers")
    assert proc.poll() is None, proc.communicate()
    return children(proc.pid)


def test_sigkill_during_parse_and_extract_leaves_no_process_and_the_next_run_removes_its_staging(
        tmp_path: Path, big_corpus: Path) -> None:
    proc = start_run(tmp_path, tmp_path / "w.duckdb", big_corpus)
    try:
        family = busy_workers(proc)
        assert len(family) >= 3  # two workers and the API server at least
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        wait_until(lambda: not any(alive(p) for p in family), 20,
                   f"processes of the killed run still alive: {[p for p in family if alive(p)]}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    left = list((tmp_path / "tmp").glob(f"pressroom-stage-{proc.pid}-*"))
    assert len(left) == 1  # SIGKILL: nothing could remove it
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(sorted(REAL.glob("*.txt"))[0], one)
    later = start_run(tmp_path, tmp_path / "other.duckdb", one)
    out, err = later.communicate(timeout=240)
    assert later.returncode == 0, (out, err)
    assert not left[0].exists()  # removed by the later run: its owner is gone
    assert not list((tmp_path / "tmp").glob("pressroom-stage-*"))


def test_stale_staging_folders_of_gone_processes_are_removed(tmp_path: Path) -> None:
    from load.staging import remove_stale_staging

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead = tmp_path / f"pressroom-stage-{gone.pid}-abc"
    (dead / "releases").mkdir(parents=True)
    (dead / "releases" / "part-000000.parquet").write_bytes(b"PAR1")
    mine = tmp_path / f"pressroom-stage-{os.getpid()}-def"
    mine.mkdir()
    legacy_new, legacy_old = tmp_path / "pressroom-stage-k3j2", tmp_path / "pressroom-stage-x9q1"
    legacy_new.mkdir()
    legacy_old.mkdir()
    os.utime(legacy_old, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    other = tmp_path / "not-pressroom-123"
    other.mkdir()
    assert sorted(remove_stale_staging(tmp_path)) == sorted([dead, legacy_old])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, legacy_new.name, other.name])


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_sigterm_or_ctrl_c_cancels_the_run_in_one_line_and_leaves_the_tables_as_they_were(
        tmp_path: Path, big_corpus: Path, sample_warehouse: Path, signum: signal.Signals) -> None:
    db = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, db)
    before = dump(db)
    proc = start_run(tmp_path, db, big_corpus)
    try:
        family = busy_workers(proc)
        os.kill(proc.pid, signum)
        stopped = time.monotonic()
        out, err = proc.communicate(timeout=60)
        took = time.monotonic() - stopped
        wait_until(lambda: not any(alive(p) for p in family), 20, "processes of the stopped run")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 128 + signum, (out, err)
    # progress lines ("pressroom: read (unchanged skipped) + parse 0/570") aside
    lines = [line for line in (out + err).splitlines() if line.strip() and not line.startswith("pressroom: ")]
    assert lines == [f"pressroom run cancelled: stopped by {signum.name}; nothing of this run was loaded"], lines
    assert took < 15, took
    after = dump(db)
    assert {t: after[t] for t in DATA_TABLES} == {t: before[t] for t in DATA_TABLES}
    runs = [r for r in after["ingest_runs"] if r not in before["ingest_runs"]]
    assert [r[4] for r in runs] == ["cancelled"]
