"""Faults around the warehouse and the archive: SIGKILL mid-load, a locked file, a full disk."""

from __future__ import annotations

import errno
import gzip
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, FaultServer, dump, respond

from extract.archive import RawArchive
from extract.http import PoliteClient
from extract.live import collect
from extract.sources import HttpSettings, SourceConfig
from load.warehouse import WarehouseLocked, load_tables, query

HERE = Path(__file__).resolve().parent
N_SYNTHETIC = 8_000
LOADER = """
import sys, time
sys.path.insert(0, sys.argv[3])
from datetime import UTC, datetime
from conftest import synthetic_release
import load.warehouse as warehouse
from load.lock import run_lock
from transform.normalise import tables_for

db, mode, n = sys.argv[1], sys.argv[2], int(sys.argv[4])
tables = tables_for(synthetic_release(i) for i in range(100, 100 + n))
if mode == "pause":  # hold the load transaction open, all rows inserted, checks done, not committed
    real_checks = warehouse.run_checks
    def paused(con):
        result = real_checks(con)
        print("in-transaction", flush=True)
        time.sleep(120)
        return result
    warehouse.run_checks = paused
with run_lock(db):
    print("started", flush=True)
    started = datetime(2025, 3, 4, 10, tzinfo=UTC)  # fixed: equal runs give equal dumps
    warehouse.load_tables(db, tables, run={"run_id": "synthetic-" + mode, "started_at": started,
                                           "source": "synthetic", "status": "ok", "summary": "{}"})
print("committed", flush=True)
"""


def loader(db: Path, mode: str, n: int = N_SYNTHETIC) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", LOADER, str(db), mode, str(HERE), str(n)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(proc: subprocess.Popen, line: str) -> None:
    got = proc.stdout.readline().strip()
    assert got == line, (got, proc.stderr.read() if proc.poll() is not None else "")


@pytest.fixture
def samples_db(sample_warehouse: Path, tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, db)
    return db


def test_sigkill_inside_the_load_transaction_leaves_the_warehouse_as_before(samples_db: Path) -> None:
    before = dump(samples_db)
    proc = loader(samples_db, "pause")
    wait_for(proc, "started")
    wait_for(proc, "in-transaction")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert dump(samples_db) == before  # opens (WAL replayed or discarded), exactly the pre-run rows

    again = loader(samples_db, "clean")  # the next run takes the lock and completes
    assert again.wait(timeout=60) == 0, again.stderr.read()
    after = dump(samples_db)
    assert len(after["releases"]) == len(before["releases"]) + N_SYNTHETIC
    for table, rows in after.items():
        keys = [r[0] for r in rows] if table not in ("release_documents", "ingest_runs") else [r[:2] for r in rows]
        assert len(keys) == len(set(keys)), f"duplicates in {table}"


def test_sigkill_at_random_moments_gives_before_or_after_never_between(samples_db: Path, tmp_path: Path) -> None:
    before = dump(samples_db)
    reference = tmp_path / "reference.duckdb"
    shutil.copy(samples_db, reference)
    started = time.monotonic()
    proc = loader(reference, "clean")
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    span = time.monotonic() - started
    complete = dump(reference)
    rng = random.Random(8)
    for _ in range(4):
        proc = loader(samples_db, "clean")
        wait_for(proc, "started")
        time.sleep(rng.uniform(0, span))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        now = dump(samples_db)
        assert now in (before, complete)
        if now == complete:
            break
    proc = loader(samples_db, "clean")
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    final = dump(samples_db)
    assert {t: len(r) for t, r in final.items() if t != "ingest_runs"} == {
        t: len(r) for t, r in complete.items() if t != "ingest_runs"}  # re-run: nothing duplicated


HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(60)
"""


def test_warehouse_locked_by_another_writer_is_refused_clearly_then_works(samples_db: Path) -> None:
    from conftest import synthetic_release

    from transform.normalise import tables_for

    before = dump(samples_db)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(samples_db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        t0 = time.monotonic()
        with pytest.raises(WarehouseLocked, match=rf"{samples_db.name}: another process"):
            load_tables(samples_db, tables_for([synthetic_release(1)]), lock_wait=1.0)
        with pytest.raises(WarehouseLocked):
            query(samples_db, "select count(*) from releases")
        assert time.monotonic() - t0 < 6  # refused after the bounded wait, never hanging
    finally:
        holder.kill()
        holder.wait()
    assert dump(samples_db) == before
    load_tables(samples_db, tables_for([synthetic_release(1)]))
    assert len(dump(samples_db)["releases"]) == len(before["releases"]) + 1


def test_writer_that_lets_go_within_the_wait_does_not_fail_the_load(samples_db: Path) -> None:
    from conftest import synthetic_release

    from transform.normalise import tables_for

    holder = subprocess.Popen([sys.executable, "-c", HOLDER.replace("60", "1.5"), str(samples_db)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    load_tables(samples_db, tables_for([synthetic_release(2)]), lock_wait=20.0)
    holder.wait()
    assert any(r[2] == synthetic_release(2)[0].title for r in dump(samples_db)["releases"])


# ---- full disk while writing the raw archive --------------------------------------------------------------

GOOD = ("<html><body><h1>KS vil ha flere lærlinger</h1><p>Kommunene tok inn rekordmange lærlinger i år, "
        "og KS vil ha enda flere.</p></body></html>").encode()
FAST = HttpSettings(delay_seconds=0.0, retries=0, read_timeout_seconds=2.0)


def collect_three(server: FaultServer, archive: RawArchive) -> tuple[list, list]:
    big = b"<html><body><h1>Stor</h1><p>" + os.urandom(300_000).hex().encode() + b"</p></body></html>"
    server.routes["/liten-1"] = respond("200 OK", GOOD, {"Content-Type": "text/html"})
    server.routes["/stor"] = respond("200 OK", big, {"Content-Type": "text/html"})
    server.routes["/liten-2"] = respond("200 OK", GOOD.replace(b"flere.", b"flere i 2026."),
                                        {"Content-Type": "text/html"})
    client = PoliteClient(FAST, allowed_hosts=["127.0.0.1"], sleep=lambda _s: None)
    pages, failures = [], []
    for path in ("/liten-1", "/stor", "/liten-2"):
        source = SourceConfig(name=path, kind="url", base_url=server.base, page_url=server.base + path,
                              allowed_hosts=("127.0.0.1",))
        result = collect(source, archive=archive, validators={}, client=client)
        pages += result.pages
        failures += result.failures
    return pages, failures


def assert_clean_failure(archive: RawArchive, pages: list, failures: list) -> None:
    assert [p.url.rsplit("/", 1)[1] for p in pages] == ["liten-1", "liten-2"]
    assert len(failures) == 1 and failures[0][0].endswith("/stor")
    assert "raw archive write failed" in failures[0][1] and "No space left" in failures[0][1]
    assert not list(archive.root.rglob(".tmp-*"))  # no half-written object
    assert archive.object_count() == 2 and all(archive.get(p.sha256) == p.body for p in pages)


def test_full_disk_in_archive_write_patched_writer(fault_server: FaultServer, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = gzip.GzipFile.write

    def write(self, data):
        if len(data) > 100_000:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(self, data)

    monkeypatch.setattr(gzip.GzipFile, "write", write)
    archive = RawArchive(tmp_path / "arkiv")
    pages, failures = collect_three(fault_server, archive)
    assert_clean_failure(archive, pages, failures)


@pytest.fixture
def tiny_tmpfs(tmp_path: Path):
    mnt = tmp_path / "tmpfs"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_full_disk_in_archive_write_real_tmpfs(fault_server: FaultServer, tiny_tmpfs: Path) -> None:
    archive = RawArchive(tiny_tmpfs / "arkiv")
    pages, failures = collect_three(fault_server, archive)
    assert_clean_failure(archive, pages, failures)
    assert len(list(archive.iter_index())) == 3  # the failure is logged too
