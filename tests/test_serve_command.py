"""`pressroom serve` as the README starts it, against a real Prefect server with its scheduler: one line
per scheduled run on stdout, the same status as `pressroom run` for the same outcome, and one line and
exit 0 on SIGTERM or Ctrl-C, with no asyncio traceback (issue 20)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.api_server import api_healthy, free_port
from load.warehouse import connect

REPO = Path(__file__).resolve().parent.parent
PRESSROOM = Path(sys.executable).parent / "pressroom"
# Lines on stderr that mean the shutdown was not clean (issue 20 saw ~78 of them on SIGTERM).
NOT_CLEAN = ("Traceback", "CancelledError", "Exception in callback", "was never awaited", "Task was destroyed")
# A limit for a stuck process, not a synchronisation: every wait below is on a line or an exit.
STUCK = 600


@pytest.fixture(scope="module")
def server_env(tmp_path_factory) -> Iterator[dict[str, str]]:
    """A Prefect server with its scheduler (what `prefect server start` runs, without the UI), as a child
    that follows this test process; the environment `pressroom serve` gets, PREFECT_API_URL naming it."""
    home = tmp_path_factory.mktemp("prefect-server")
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_UI_ENABLED": "0",
           # the scheduler looks for due deployments every second instead of every minute
           "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "1"}
    env.pop("PREFECT_API_URL", None)
    port = free_port()
    with (home / "server.log").open("w") as log:
        server = subprocess.Popen([sys.executable, "-m", "flows.api_server", str(os.getpid()), str(port)],
                                  env=env, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=log, start_new_session=True)
    try:
        deadline = time.monotonic() + STUCK
        while not api_healthy(port):  # waits for the server to answer (the event), bounded for a stuck one
            assert server.poll() is None, (home / "server.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "Prefect server did not start"
            time.sleep(0.2)
        yield {**env, "PREFECT_API_URL": f"http://127.0.0.1:{port}/api"}
    finally:
        server.terminate()
        server.wait(timeout=60)


def start_serve(env: dict[str, str], tmp_path: Path, folder: Path, interval: int) -> tuple[subprocess.Popen, Path]:
    """`pressroom serve --source FOLDER --interval N` with stdout piped (read line by line) and stderr in a file;
    a watchdog kills it if it gets stuck, so a read never hangs the suite."""
    errors = tmp_path / "serve.err"
    with errors.open("w") as err:
        serve = subprocess.Popen([str(PRESSROOM), "serve", "--source", str(folder), "--db", str(tmp_path / "w.duckdb"),
                                  "--interval", str(interval)], env=env, cwd=REPO, stdout=subprocess.PIPE,
                                 stderr=err, text=True, bufsize=1)
    watchdog = threading.Timer(STUCK, serve.kill)
    watchdog.daemon = True
    watchdog.start()
    return serve, errors


def stop(serve: subprocess.Popen, signum: int) -> tuple[list[str], int]:
    """Send `signum`; the lines serve printed after it, and its exit code."""
    serve.send_signal(signum)
    rest = serve.stdout.read().splitlines()
    return rest, serve.wait(timeout=STUCK)


def test_serve_prints_one_line_per_run_and_stops_cleanly(server_env: dict[str, str], tmp_path: Path,
                                                          samples_dir: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(samples_dir / "000_0c407894616695cd.txt", folder)
    serve, errors = start_serve(server_env, tmp_path, folder, interval=30)
    opening = serve.stdout.readline()
    assert opening.startswith("pressroom serve: discovery, backfill of flow ingest on "), opening
    runs = []
    while len(runs) < 2:  # discovery and backfill are due at the same moment; the second waits for the first
        line = serve.stdout.readline()
        assert line, f"serve ended before two runs: {errors.read_text()[-3000:]}"
        runs.append(line.rstrip("\n"))
    rest, code = stop(serve, signal.SIGTERM)

    db = (tmp_path / "w.duckdb").resolve()
    first, second = runs
    assert first.split(":")[0] in {"discovery ok", "backfill ok"}, runs
    assert "1 documents read, 0 unchanged; new rows: releases +6" in first and first.endswith(f"into {db}")
    # the same outcome gets the status `pressroom run` gives it without Prefect: unchanged, not ok
    assert second.split(":")[0] in {"discovery unchanged", "backfill unchanged"}, runs
    assert "0 documents read, 1 unchanged" in second
    stopped = [line for line in rest if line.startswith("pressroom serve stopped")]
    assert stopped == ["pressroom serve stopped (SIGTERM)"], rest
    assert all(line.split(" ")[0] in {"discovery", "backfill"} for line in rest if line not in stopped), rest
    assert code == 0
    stderr = errors.read_text()
    assert not [m for m in NOT_CLEAN if m in stderr], stderr[-3000:]
    with connect(db, read_only=True) as con:
        statuses = [s for (s,) in con.execute("select status from ingest_runs order by started_at").fetchall()]
    assert statuses[:2] == ["ok", "unchanged"]

    by_hand = subprocess.run([str(PRESSROOM), "run", "--source", str(folder), "--db", str(db)], cwd=REPO,
                             env={k: v for k, v in server_env.items() if k != "PREFECT_API_URL"},
                             capture_output=True, text=True, timeout=STUCK)
    assert by_hand.returncode == 0 and "pressroom run unchanged:" in by_hand.stdout, by_hand.stdout
    with connect(db, read_only=True) as con:
        last = con.execute("select status from ingest_runs order by started_at desc limit 1").fetchall()[0][0]
    assert last == "unchanged"


def test_ctrl_c_stops_serve_with_one_line(server_env: dict[str, str], tmp_path: Path, samples_dir: Path) -> None:
    serve, errors = start_serve(server_env, tmp_path, samples_dir, interval=3600)
    opening = serve.stdout.readline()
    assert opening.startswith("pressroom serve: "), errors.read_text()[-3000:]
    rest, code = stop(serve, signal.SIGINT)
    assert rest == ["pressroom serve stopped (SIGINT)"]
    assert code == 0
    stderr = errors.read_text()
    assert not [m for m in NOT_CLEAN if m in stderr], stderr[-3000:]
