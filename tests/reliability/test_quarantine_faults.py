"""SIGKILL inside a load that quarantines rows: the warehouse, quarantine table included, opens exactly as
before; the next load completes, holding the same rows back and loading the rest."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, dump

from load.warehouse import connect

HERE = Path(__file__).resolve().parent
N = 2_000
LOADER = """
import sys, time
sys.path.insert(0, sys.argv[3])
from datetime import UTC, datetime
import pyarrow as pa
from conftest import synthetic_release
import load.warehouse as warehouse
from transform.normalise import tables_for

db, mode, n = sys.argv[1], sys.argv[2], int(sys.argv[4])
tables = tables_for(synthetic_release(i) for i in range(100, 100 + n))
rows = tables["amounts"].to_pylist()
for i, row in enumerate(rows):
    if i % 10 == 0:
        row["currency"] = "KRN"  # not ISO 4217: held back
tables["amounts"] = pa.Table.from_pylist(rows, schema=tables["amounts"].schema)
if mode == "pause":  # rows moved to quarantine, checks run, transaction not committed
    real_checks = warehouse.run_checks
    def paused(con):
        result = real_checks(con)
        held = con.execute("select count(*) from quarantine").fetchall()[0][0]
        print(f"in-transaction {held}", flush=True)
        time.sleep(120)
        return result
    warehouse.run_checks = paused
print("started", flush=True)
started = datetime(2025, 3, 4, 10, tzinfo=UTC)
warehouse.load_tables(db, tables, run={"run_id": "quarantine-" + mode, "started_at": started,
                                       "source": "synthetic", "status": "ok", "summary": "{}"})
print("committed", flush=True)
"""


def loader(db: Path, mode: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", LOADER, str(db), mode, str(HERE), str(N)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def samples_db(sample_warehouse: Path, tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, db)
    return db


def test_sigkill_inside_a_quarantining_load_leaves_the_warehouse_as_before(samples_db: Path) -> None:
    before = dump(samples_db)
    with connect(samples_db, read_only=True) as con:
        held_before = con.execute("select count(*) from quarantine").fetchall()[0][0]
    proc = loader(samples_db, "pause")
    assert proc.stdout.readline().strip() == "started"
    line = proc.stdout.readline().strip()
    assert line == f"in-transaction {held_before + N // 10}", (line, proc.stderr.read() if proc.poll() else "")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert dump(samples_db) == before
    with connect(samples_db, read_only=True) as con:
        assert con.execute("select count(*) from quarantine").fetchall()[0][0] == held_before

    again = loader(samples_db, "clean")
    assert again.wait(timeout=120) == 0, again.stderr.read()
    with connect(samples_db, read_only=True) as con:
        held = con.execute("select count(*), min(check_name) from quarantine").fetchall()[0]
        amounts = con.execute("select count(*) from amounts").fetchall()[0][0]
        status = con.execute("select status from ingest_runs where run_id = 'quarantine-clean'").fetchall()
    assert held == (held_before + N // 10, "amounts_currency_iso4217")
    assert amounts == len(before["amounts"]) + N - N // 10
    assert status == [("partial",)]
