"""The parse + extract worker pool (flows/workers.py): workers forked from a preloaded forkserver give
the same staged rows as this process, hold none of Prefect's threads, and die with the run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from flows.batches import code_version, process_files
from flows.workers import worker_pool
from load.warehouse import LOADED_TABLES

REPO = Path(__file__).resolve().parent.parent
SAMPLES, REAL_CORPUS = REPO / "data" / "samples", REPO / "data" / "real" / "corpus"


def staged(folder: Path) -> dict[str, list]:
    """Every staged row of a staging folder, per table (the place readings too), sorted (batch numbers are the
    part names)."""
    out = {}
    for table in (*LOADED_TABLES, "place_readings"):
        parts = sorted((folder / table).glob("part-*.parquet")) if (folder / table).is_dir() else []
        out[table] = sorted((tuple(sorted(row.items())) for p in parts for row in pq.read_table(p).to_pylist()),
                            key=repr)
    return out


def worker_facts() -> dict:
    """What a worker holds: its threads, whether Prefect is imported, whether the model is loaded."""
    from transform.extractors import language

    return {"threads": sorted(t.name for t in threading.enumerate()), "prefect": "prefect" in sys.modules,
            "model_loaded": language._ranker.cache_info().currsize == 1, "pid": os.getpid(), "parent": os.getppid()}


def test_the_pool_stages_the_same_rows_as_this_process(tmp_path: Path) -> None:
    paths = [str(p) for p in [*sorted(SAMPLES.glob("*.txt")), *sorted(REAL_CORPUS.glob("*.txt"))]]
    batches = [paths[i:i + 7] for i in range(0, len(paths), 7)]
    version = code_version()
    here, pooled = tmp_path / "here", tmp_path / "pool"
    expected = [process_files(batch, str(here), no, {}, version) for no, batch in enumerate(batches)]
    with worker_pool(2) as pool:
        got = list(pool.map(process_files, batches, [str(pooled)] * len(batches), range(len(batches)),
                            [{}] * len(batches), [version] * len(batches)))
    assert [(s.documents, s.rows, s.failures, s.warnings) for s in got] == \
        [(s.documents, s.rows, s.failures, s.warnings) for s in expected]
    assert sum(s.documents for s in got) == len(paths)
    rows = staged(here)
    assert rows["releases"] and rows["quotes"] and rows["amounts"] and rows["place_readings"]
    assert staged(pooled) == rows


@pytest.mark.usefixtures("prefect_harness")
def test_a_worker_holds_the_model_but_none_of_prefects_threads() -> None:
    from prefect import flow

    @flow
    def starts_prefects_threads() -> int:
        return 1

    assert starts_prefects_threads() == 1
    ours = {t.name for t in threading.enumerate()}
    assert "prefect" in sys.modules and len(ours) > 1  # this process has Prefect's threads now
    with worker_pool(2) as pool:
        facts = pool.submit(worker_facts).result()
    assert facts["parent"] != os.getpid()  # forked by the forkserver, not by this process
    assert not facts["prefect"]
    assert facts["threads"] == ["MainThread", "pressroom-lifeline", "pressroom-lifeline-run"]  # its parent, the run
    assert facts["model_loaded"]  # loaded by the forkserver before the fork: no worker loads it again


FOLLOWER = """
import sys, time
from flows.lifeline import follow_process
follow_process(int(sys.argv[1]))
print("following", flush=True)
time.sleep(600)
"""


def test_a_follower_exits_when_the_process_it_follows_is_killed() -> None:
    """A forkserver's worker follows the run itself (not only its parent, the forkserver, which its
    own workers keep alive through the copy of its pipe CPython hands them): killing the followed
    process ends the follower, here a process that is not its child."""
    import signal
    import subprocess

    followed = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    follower = subprocess.Popen([sys.executable, "-c", FOLLOWER, str(followed.pid)], cwd=REPO,
                                stdout=subprocess.PIPE, text=True)
    try:
        assert follower.stdout is not None and follower.stdout.readline() == "following\n"
        assert follower.poll() is None
        os.kill(followed.pid, signal.SIGKILL)  # not reaped yet: a zombie counts as ended
        assert follower.wait(timeout=120) == 1
    finally:
        for proc in (followed, follower):
            if proc.poll() is None:
                proc.kill()
            proc.wait()


SERVED_MAIN = """
import json, sys
import prefect  # a served run's process is `python -m prefect.engine`: Prefect is its main module's first import
from flows.workers import worker_pool
from tests.test_workers import worker_facts

if __name__ == "__main__":
    with worker_pool(2) as pool:
        print(json.dumps(pool.submit(worker_facts).result()))
"""


def test_a_worker_of_a_process_started_by_module_name_does_not_import_that_module(tmp_path: Path) -> None:
    # `pressroom serve` runs each flow in `python -m prefect.engine`; multiprocessing would import a
    # process's main module again in each worker it starts, by name (Prefect, ~1.7 s of CPU a worker)
    (tmp_path / "served_main.py").write_text(SERVED_MAIN, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
    done = subprocess.run([sys.executable, "-m", "served_main"], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    assert facts["model_loaded"]
    assert not facts["prefect"]


def warehouse_rows(db: Path) -> dict[str, list]:
    """Every row of the loaded tables (documents without the times of its load), sorted."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return {t: sorted(map(repr, con.execute(
            f"select * {'exclude (first_seen_at, last_seen_at)' if t == 'documents' else ''} from {t}").fetchall()))
            for t in (*LOADED_TABLES, "place_mentions", "organisations")}


@pytest.mark.usefixtures("prefect_harness")
def test_one_file_parsed_by_a_worker_loads_what_this_process_loads(tmp_path: Path) -> None:
    """With the forkserver started (`pressroom run` starts it before Prefect's import), a run of one
    batch is parsed by a worker too, and loads the same rows as a run that parses it itself."""
    from flows.ingest import ingest
    from flows.workers import forkserver_running, start_forkserver

    page = str(sorted(SAMPLES.glob("*.txt"))[0])
    itself = ingest(sources=[page], db=str(tmp_path / "itself.duckdb"), workers=1)
    start_forkserver()
    assert forkserver_running()
    pooled = ingest(sources=[page], db=str(tmp_path / "pooled.duckdb"), workers=2)
    assert (itself["status"], itself["documents_read"]) == (pooled["status"], pooled["documents_read"]) == ("ok", 1)
    rows = warehouse_rows(tmp_path / "itself.duckdb")
    assert rows["releases"] and rows["quotes"]
    assert warehouse_rows(tmp_path / "pooled.duckdb") == rows
