"""One writer at a time: the run lock refuses a second run at once and survives a killed holder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from load.lock import RunLocked, run_lock

HOLD = """import sys, time
from load.lock import run_lock
with run_lock(sys.argv[1]):
    print('held', flush=True)
    time.sleep(60)
"""


def holder(db: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_second_run_is_refused_with_the_holder_named(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    proc = holder(db)
    try:
        started = time.monotonic()
        with pytest.raises(RunLocked, match=rf"another pressroom run \(pid {proc.pid}\)"), run_lock(db):
            pass
        assert time.monotonic() - started < 1
    finally:
        proc.kill()
        proc.wait()


def test_lock_is_free_again_after_the_holder_is_killed(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    proc = holder(db)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with run_lock(db) as path:
        assert path.read_text() == str(os.getpid())


def test_the_holding_process_may_take_it_again(tmp_path: Path) -> None:
    # the CLI takes the lock before Prefect starts; the flow it calls takes it again in-process
    db = tmp_path / "w.duckdb"
    with run_lock(db), run_lock(db) as inner:
        assert inner.read_text() == str(os.getpid())
    proc = holder(db)  # released: another process can take it now
    proc.kill()
    proc.wait()


def test_a_waiting_run_starts_when_the_holder_ends(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", HOLD.replace("time.sleep(60)", "sys.stdin.readline()"), str(db)],
                            stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    assert proc.stdout.readline().strip() == "held"
    with pytest.raises(RunLocked):
        with run_lock(db):
            pass
    proc.stdin.write("done\n")  # the holder finishes while we wait (the wait is far longer than needed)
    proc.stdin.flush()
    with run_lock(db, wait_seconds=120) as path:
        assert path.read_text() == str(os.getpid())
    proc.wait()
