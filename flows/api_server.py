"""Prefect's API server, started and owned by the run, so it dies with the run however the run dies.

With no PREFECT_API_URL, Prefect starts a temporary uvicorn server in a child process and stops it
at exit — but a run killed with SIGKILL never reaches exit, and the server was found still listening
14 minutes later. `pressroom run` / `reparse` therefore start the same server themselves
(`start_api_server`): the child follows its parent (flows/lifeline.py) and runs in its own session, so a
terminal's Ctrl-C reaches the run, not the server; the run stops it when it ends.

The run binds the server's socket itself and hands it to the child, so the address is known (and
PREFECT_API_URL set) at once: the server starts while the run imports Prefect, and the run waits for
it (`wait_for_api_server`) only before its flow starts. A request sent before the server is up waits
in the socket's queue instead of failing.
`python -m flows.api_server <parent pid> <port> [<socket fd>]` is the child.
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import IO

# what Prefect's own temporary server sets (prefect.server.api.server.SubprocessASGIServer)
SERVER_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now: free_port() -> 41893."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api_healthy(port: int, timeout: float = 2.0) -> bool:
    """Whether a Prefect API server on 127.0.0.1:`port` answers /api/health with 200 within `timeout`
    seconds (api_healthy(4200) -> True)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class ApiServer:
    """Prefect's API server being started by this run: its process, port and error log."""

    process: subprocess.Popen
    port: int
    log: IO[str]

    @property
    def url(self) -> str:
        """The API URL: 'http://127.0.0.1:41893/api'."""
        return f"http://127.0.0.1:{self.port}/api"


def start_api_server() -> ApiServer | None:
    """Start Prefect's API server as a child that dies with this process, without waiting for it.

    Binds a socket on 127.0.0.1 here and hands it to the child, sets PREFECT_API_URL to it (call this
    before prefect is imported) and stops the server at exit. Does nothing (returns None) when
    PREFECT_API_URL is already set: a server the user runs is theirs. `wait_for_api_server` waits for it.
    """
    if os.environ.get("PREFECT_API_URL"):
        return None
    log = tempfile.TemporaryFile(mode="w+")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        port = sock.getsockname()[1]
        process = subprocess.Popen([sys.executable, "-m", "flows.api_server", str(os.getpid()), str(port),
                                    str(sock.fileno())], env={**os.environ, **SERVER_ENV}, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
                                   pass_fds=(sock.fileno(),))
    atexit.register(_stop, process)
    server = ApiServer(process, port, log)
    os.environ["PREFECT_API_URL"] = server.url
    return server


def wait_for_api_server(server: ApiServer | None, timeout: float | None = None) -> None:
    """Return once `server` answers /api/health (at once for None: a server of the user's).

    Raises RuntimeError naming the server's last error line when it exits or does not answer within
    `timeout` seconds (default PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, else 90).
    """
    if server is None:
        return
    limit = timeout or float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS") or 90)
    deadline = time.monotonic() + limit
    while server.process.poll() is None and time.monotonic() < deadline:
        # the socket is listening from the start: the request waits in its queue until the server serves it
        if api_healthy(server.port, timeout=max(0.1, min(5.0, deadline - time.monotonic()))):
            return
        time.sleep(0.05)
    exited = server.process.poll() is not None
    _stop(server.process)
    server.log.seek(0)
    last = [line for line in server.log.read().splitlines() if line.strip()][-1:] or ["no output"]
    raise RuntimeError(f"Prefect's API server {'exited' if exited else f'did not start within {limit:.0f} s'}: "
                       f"{last[0]}")


def own_api_server(timeout: float | None = None) -> str | None:
    """Start Prefect's API server as a child that dies with this process and wait for it; its API URL.

    `start_api_server` then `wait_for_api_server`; None when PREFECT_API_URL is already set.
    """
    server = start_api_server()
    wait_for_api_server(server, timeout)
    return server.url if server else None


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main(argv: list[str]) -> None:
    """The child: follow the parent, then serve Prefect's API on 127.0.0.1:<port> until stopped, on the
    listening socket <socket fd> the parent bound when given."""
    from flows.lifeline import follow_parent

    parent, port = int(argv[1]), int(argv[2])
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the run stops the server itself
    follow_parent(parent)
    import uvicorn

    config = uvicorn.Config("prefect.server.api.server:create_app", factory=True, host="127.0.0.1", port=port,
                            log_level="error", lifespan="on")
    uvicorn.Server(config).run(sockets=[socket.socket(fileno=int(argv[3]))] if len(argv) > 3 else None)


if __name__ == "__main__":
    main(sys.argv)
