"""SIGTERM and Ctrl-C stop `pressroom run` promptly in every phase, print one line, exit 143 / 130 and
record the run `cancelled`: during start-up (before the flow runs), during a live fetch (no request is
sent after the signal), during the wait for a reader to let go of the warehouse, and during one long
document parsed in the run's own process (`--workers 1`).

Each test waits on an event before it sends the signal — the process has installed its SIGTERM
handler (/proc/<pid>/status), the local server got the first detail request, a line on stderr — and
then on the process's exit; nothing is synchronised by sleeping. The bounds on how long a stop took
are generous (the machine is shared); each is far below what the phase took before (a 60 s wait,
a minute-long document, ten more requests one second apart).
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import REPO, dump
from test_stopped_runs import DATA_TABLES, REAL, alive, children, wait_until

from load.warehouse import prepare
from tests.readers import reader_holding

FIXTURES = REPO / "tests" / "live" / "fixtures" / "ntb"
PID = "15032900"
SIGNALS = pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])


class Run:
    """`pressroom run` in a subprocess with its own Prefect home; stderr lines collected as they come."""

    def __init__(self, tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> None:
        environment = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"),
                       "PRESSROOM_CONFIG": str(REPO / "pressroom.toml"), "TMPDIR": str(tmp_path),
                       "PRESSROOM_ARCHIVE": str(tmp_path / "archive"), **(env or {})}
        environment.pop("PREFECT_API_URL", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "pressroom.cli", "run", *args], cwd=tmp_path,
                                     env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for_line(self, pattern: str, deadline: float = 240) -> str:
        """Block until a stderr line matches `pattern` (the event the test acts on)."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.proc.poll() is None, (self.proc.returncode, self.seen)
                continue
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line like {pattern!r} within {deadline} s: {self.seen}")

    def stop(self, signum: int, timeout: float = 60) -> tuple[float, list[str]]:
        """Send the signal; the seconds until the process exited, and every stderr line it printed."""
        os.kill(self.proc.pid, signum)
        sent = time.monotonic()
        self.proc.wait(timeout=timeout)
        took = time.monotonic() - sent
        self.proc.stdout.read()
        while True:
            try:
                self.seen.append(self.lines.get(timeout=5))
            except queue.Empty:
                break
        return took, self.seen

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def said(lines: list[str]) -> list[str]:
    """The lines that are not progress or notes ("pressroom: parse 0/1", "pressroom: waiting …")."""
    return [line for line in lines if line.strip() and not line.startswith("pressroom: ")]


def cancelled_line(signum: int) -> str:
    return f"pressroom run cancelled: stopped by {signal.Signals(signum).name}; nothing of this run was loaded"


def handles_sigterm(pid: int) -> bool:
    """True once the process catches SIGTERM (its handler is installed), from /proc/<pid>/status."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True  # gone: the test's assertions say why
    caught = int(re.search(r"^SigCgt:\s*([0-9a-f]+)", status, re.M).group(1), 16)
    return bool(caught & (1 << (signal.SIGTERM - 1)))


@pytest.fixture
def one_page(tmp_path: Path) -> Path:
    folder = tmp_path / "inn"
    folder.mkdir()
    for page in sorted(REAL.glob("*.txt"))[:2]:
        (folder / page.name).write_bytes(page.read_bytes())
    return folder


@pytest.fixture
def reader(tmp_path: Path) -> Iterator[subprocess.Popen]:
    """A process holding the warehouse open read-only (a BI tool) until the test ends."""
    db = tmp_path / "w.duckdb"
    prepare(db)
    with reader_holding(db, "ingest_runs") as holder:
        yield holder


def pending_runs(db: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in Path(f"{db}.pending").glob("*/run.json")]


@SIGNALS
def test_a_stop_during_start_up_prints_the_line_and_records_the_run(tmp_path: Path, one_page: Path,
                                                                     signum: int) -> None:
    """Before: killed with no line printed and no run recorded (the handlers came with the flow, ~4 s in)."""
    db = tmp_path / "w.duckdb"
    run = Run(tmp_path, "--db", str(db), "--source", str(one_page))
    try:
        wait_until(lambda: handles_sigterm(run.proc.pid), 60, "the SIGTERM handler installed")
        took, lines = run.stop(signum)
    finally:
        run.kill()
    assert run.proc.returncode == 128 + signum, lines
    assert said(lines) == [cancelled_line(signum)]
    assert took < 15, took
    after = dump(db)
    assert [row[4] for row in after["ingest_runs"]] == ["cancelled"]
    assert all(not after[t] for t in DATA_TABLES)


def head_start_began(tmp_path: Path, pid: int) -> bool:
    """True once the head start's thread made its staging folder (in the run's TMPDIR)."""
    return bool(list(tmp_path.glob(f"pressroom-stage-{pid}-head-*")))


def head_start_workers_run(tmp_path: Path, pid: int) -> bool:
    """True once the head start's folder is there and the forkserver runs at least one worker."""
    forked = 0
    for child in children(pid):
        try:
            forked += b"forkserver" in Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
    return head_start_began(tmp_path, pid) and forked > 1


def processes_of(tmp_path: Path) -> list[int]:
    """Live processes started for this test's run (their environment names its TMPDIR): the run's API
    server, forkserver and workers, wherever they were reparented."""
    marker = f"TMPDIR={tmp_path}\0".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker in (entry / "environ").read_bytes() + b"\0" and alive(int(entry.name)):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.parametrize(("event", "signum"), [(head_start_began, signal.SIGTERM),
                                               (head_start_began, signal.SIGINT),
                                               (head_start_workers_run, signal.SIGTERM)],
                         ids=["submitting-SIGTERM", "submitting-SIGINT", "workers-run-SIGTERM"])
def test_a_stop_during_the_head_start_leaves_no_worker_and_records_the_run(tmp_path: Path, event,
                                                                           signum: int) -> None:
    """`pressroom run` hands its batches to the workers before Prefect is imported (flows/head_start.py):
    a stop while it submits them, or once its workers parse, ends every process of the run, removes
    their parts, prints the one line and records the run `cancelled`; nothing is loaded."""
    folder = tmp_path / "inn"
    folder.mkdir()
    for page in sorted(REAL.glob("*.txt")):
        (folder / page.name).write_bytes(page.read_bytes())
    db = tmp_path / "w.duckdb"
    run = Run(tmp_path, "--db", str(db), "--source", str(folder), "--workers", "2",
              env={"PRESSROOM_BATCH_SIZE": "2"})
    try:
        wait_until(lambda: event(tmp_path, run.proc.pid), 120, event.__name__)
        took, lines = run.stop(signum)
    finally:
        run.kill()
    assert run.proc.returncode == 128 + signum, lines
    assert said(lines) == [cancelled_line(signum)]
    assert took < 30, took  # at most the forkserver's preload, which a submit in flight waits for
    assert processes_of(tmp_path) == []
    assert not list(tmp_path.glob("pressroom-stage-*"))
    after = dump(db)
    assert [row[4] for row in after["ingest_runs"]] == ["cancelled"]
    assert all(not after[t] for t in DATA_TABLES)


def test_a_stop_during_start_up_with_a_reader_records_the_run_beside_the_warehouse(
        tmp_path: Path, one_page: Path, reader: subprocess.Popen) -> None:
    db = tmp_path / "w.duckdb"
    run = Run(tmp_path, "--db", str(db), "--source", str(one_page))
    try:
        wait_until(lambda: handles_sigterm(run.proc.pid), 60, "the SIGTERM handler installed")
        took, lines = run.stop(signal.SIGTERM)
    finally:
        run.kill()
    assert run.proc.returncode == 143, lines
    assert said(lines) == [cancelled_line(signal.SIGTERM)]
    assert took < 15, took  # the 2 s it tries the file, not the 30 s lock wait
    assert [(r["status"], r["source"]) for r in pending_runs(db)] == [("cancelled", str(one_page))]


def test_a_stop_while_the_load_waits_for_a_reader_ends_the_wait_at_once(
        tmp_path: Path, one_page: Path, reader: subprocess.Popen) -> None:
    """Before: the run waited the whole lock wait (30 s by default) before it stopped."""
    db = tmp_path / "w.duckdb"
    before = dump(db)
    run = Run(tmp_path, "--db", str(db), "--source", str(one_page), "--workers", "1",
              env={"PRESSROOM_LOCK_WAIT_SECONDS": "120"})
    try:
        line = run.wait_for_line(r"^pressroom: waiting up to 120 s for pid \d+")
        assert f"pid {reader.pid}" in line and str(db) in line, line
        took, lines = run.stop(signal.SIGTERM)
    finally:
        run.kill()
    assert run.proc.returncode == 143, lines
    assert said(lines) == [cancelled_line(signal.SIGTERM)]
    assert took < 20, took  # not the 120 s wait
    assert [r["status"] for r in pending_runs(db)] == ["cancelled"]  # the reader still holds the file
    assert dump(db) == before


class SlowPressRoom(BaseHTTPRequestHandler):
    """An NTB-like press room (the fixture list of six releases); the first detail request is held
    until the test has sent its signal, and every request is counted."""

    server: ThreadingHTTPServer

    def log_message(self, *_args: object) -> None:
        pass

    def do_GET(self) -> None:
        state = self.server.state  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        state["requests"].append(path)
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        page = re.fullmatch(rf"/public-website-api/pressroom/{PID}/releases/\d+/(\d+)", path)
        if page:
            return self._send(200, (FIXTURES / f"list_{page.group(1)}.json").read_bytes(), "application/json")
        detail = re.fullmatch(r"/public-website-api/release/(\d+)", path)
        if detail and (FIXTURES / f"release_{detail.group(1)}.json").is_file():
            if not state["first_detail"].is_set():
                state["first_detail"].set()
                state["signalled"].wait(120)
            return self._send(200, (FIXTURES / f"release_{detail.group(1)}.json").read_bytes(), "application/json")
        return self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client hung up (it was stopped)
            pass


@pytest.fixture
def press_room() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowPressRoom)
    server.daemon_threads = True
    server.state = {"requests": [], "first_detail": threading.Event(), "signalled": threading.Event()}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.state["signalled"].set()
    server.shutdown()
    server.server_close()


def test_a_stop_during_a_live_fetch_sends_no_further_request(tmp_path: Path,
                                                            press_room: ThreadingHTTPServer) -> None:
    """Before: 51.6 s to stop, and 50 more requests were sent after the signal (1 s politeness delay)."""
    db = tmp_path / "w.duckdb"
    state = press_room.state
    url = f"http://127.0.0.1:{press_room.server_address[1]}/?publisherId={PID}"
    run = Run(tmp_path, "--db", str(db), "--source", url, env={"PRESSROOM_POLITENESS_DELAY_SECONDS": "1"})
    try:
        assert state["first_detail"].wait(240), (run.proc.poll(), state["requests"])
        sent_before = len(state["requests"])
        took, lines = run.stop(signal.SIGTERM)
    finally:
        state["signalled"].set()
        run.kill()
    assert state["requests"][sent_before:] == []  # not one request after the signal
    assert state["requests"][-1].startswith("/public-website-api/release/")
    assert run.proc.returncode == 143, lines
    assert said(lines) == [cancelled_line(signal.SIGTERM)]
    assert took < 15, took
    after = dump(db)
    assert [row[4] for row in after["ingest_runs"]] == ["cancelled"]
    assert all(not after[t] for t in DATA_TABLES)


def test_a_stop_during_one_long_document_with_one_worker_stops_the_parse(tmp_path: Path) -> None:
    """Before: 43 s for one 13 MB document with --workers 1: the stop waited for the parse to end."""
    pages = [p.read_text(encoding="utf-8") for p in sorted(REAL.glob("*.txt"))]
    folder = tmp_path / "lang"
    folder.mkdir()
    # the 57 real pages twice over as one document: well over ten seconds of parse and extract
    (folder / "lang.txt").write_text("\n\n".join(pages * 2), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    run = Run(tmp_path, "--db", str(db), "--source", str(folder), "--workers", "1")
    try:
        run.wait_for_line(r"^pressroom: read \(unchanged skipped\) \+ parse 0/1$")
        took, lines = run.stop(signal.SIGTERM)
    finally:
        run.kill()
    assert run.proc.returncode == 143, lines
    assert "pressroom: read (unchanged skipped) + parse 1/1" not in lines  # stopped inside the document
    assert said(lines) == [cancelled_line(signal.SIGTERM)]
    assert took < 15, took
    after = dump(db)
    assert [row[4] for row in after["ingest_runs"]] == ["cancelled"]
    assert all(not after[t] for t in DATA_TABLES)
