"""`pressroom serve` against a real Prefect server: scheduled runs of the fixture press room.

Starts `prefect server start` on a free loopback port (its own PREFECT_HOME), serves the ingest flow on
a 5-second interval against the local fixture server, and waits for two scheduled runs to complete;
then checks their `ingest_runs` rows and Prefect artifacts. Discovery and backfill start at the same
moment on every tick: they queue on the warehouse's run lock, so both end `ok` however loaded the
machine is (the deadline only bounds a hung test; nothing depends on timing).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import requests
from live_site import nordic_sources_toml, serve_ntb

BIN = Path(sys.executable).parent
DEADLINE_SECONDS = 240


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def completed_runs(api: str, state: str = "COMPLETED") -> list[dict]:
    body = {"flow_runs": {"state": {"type": {"any_": [state]}}}}
    response = requests.post(f"{api}/flow_runs/filter", json=body, timeout=10)
    response.raise_for_status()
    return [run for run in response.json() if run["deployment_id"]]


def ingest_runs(db: Path) -> list[tuple]:
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute("select status, pages_fetched, pages_unchanged from ingest_runs "
                               "order by started_at").fetchall()
    except duckdb.Error:  # the served run holds the file while it loads
        return []


@pytest.mark.skipif(not (BIN / "prefect").exists(), reason="prefect CLI not installed in this environment")
def test_served_flow_runs_twice_on_its_schedule(site, tmp_path: Path) -> None:
    serve_ntb(site)
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PRESSROOM_POLITENESS_DELAY_SECONDS": "0",
        # ks-test: KS's NTB press room with its base URL at the fixture server
        "PRESSROOM_SOURCES_FILE": str(nordic_sources_toml(site.base, tmp_path / "sources.toml")),
    }
    env.pop("PREFECT_API_URL", None)
    server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    served = None
    try:
        start = time.monotonic()
        while True:
            try:
                if requests.get(f"{api}/health", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            assert server.poll() is None, "prefect server exited"
            assert time.monotonic() - start < 120, "prefect server did not start within 120 s"
            time.sleep(1)

        served = subprocess.Popen(
            [str(BIN / "pressroom"), "serve", "--interval", "5", "--source", "ks-test"],
            env={**env, "PREFECT_API_URL": api}, cwd=tmp_path, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, start_new_session=True,
        )
        db = tmp_path / "warehouse.duckdb"
        runs: list[dict] = []
        while time.monotonic() - start < DEADLINE_SECONDS:
            assert served.poll() is None, f"pressroom serve exited: {served.stderr.read()[-2000:]}"
            runs = completed_runs(api)
            rows = ingest_runs(db)
            # discovery runs walk one list page, backfill runs all of them: wait until both have run
            if len(runs) >= 2 and len(rows) >= 2 and sum(fetched or 0 for _, fetched, _ in rows) >= 6:
                break
            time.sleep(2)
        assert len(runs) >= 2, f"only {len(runs)} scheduled runs completed within {DEADLINE_SECONDS} s"

        rows = ingest_runs(db)
        # Two deployments (discovery: one list page; backfill: every page) share the warehouse; a run
        # that starts while the other writes waits for it, so no run fails or is refused. A run that
        # fetched nothing new (every page 304) is `unchanged`, as `pressroom run` records it (issue 20).
        assert rows[0][0] == "ok"
        for status, fetched, unchanged in rows:
            assert status == ("unchanged" if not fetched and unchanged else "ok"), rows
        assert not completed_runs(api, "FAILED")  # none refused
        assert sum(fetched for _, fetched, _ in rows) >= 6  # every fixture release fetched once
        assert any(unchanged for *_, unchanged in rows[1:])  # later runs see 304s

        artifacts = requests.post(f"{api}/artifacts/filter",
                                  json={"artifacts": {"key": {"any_": ["ingest-summary"]}}}, timeout=10).json()
        assert len(artifacts) >= 2
        assert any(a["data"].startswith("**ingest ok**") and "| releases |" in a["data"] for a in artifacts)
        assert all(a["data"].startswith(("**ingest ok**", "**ingest unchanged**")) for a in artifacts)
        stop(served)
        assert "never awaited" not in served.stderr.read()
    finally:
        if served is not None:
            stop(served)
        stop(server)
