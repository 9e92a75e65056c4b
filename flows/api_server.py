"""Prefect's API server, started and owned by the run, so it dies with the run however the run dies.

With no PREFECT_API_URL, Prefect starts a temporary uvicorn server in a child process and stops it
at exit — but a run killed with SIGKILL never reaches exit, and the server was found still listening
14 minutes later. `pressroom run` / `reparse` therefore start the same server themselves
(`own_api_server`): the child follows its parent (flows/lifeline.py) and runs in its own session, so a
terminal's Ctrl-C reaches the run, not the server; the run stops it when it ends.
`python -m flows.api_server <parent pid> <port>` is the child.
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

# what Prefect's own temporary server sets (prefect.server.api.server.SubprocessASGIServer)
SERVER_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now: free_port() -> 41893."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api_healthy(port: int) -> bool:
    """Whether a Prefect API server on 127.0.0.1:`port` answers /api/health with 200 (api_healthy(4200) -> True)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def own_api_server(timeout: float | None = None) -> str | None:
    """Start Prefect's API server as a child that dies with this process; returns its API URL.

    Sets PREFECT_API_URL (call it before prefect is imported) and stops the server at exit. Does
    nothing (returns None) when PREFECT_API_URL is already set: a server the user runs is theirs.
    Raises RuntimeError naming the server's last error line when it does not start within `timeout`
    seconds (default PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, else 90).
    """
    if os.environ.get("PREFECT_API_URL"):
        return None
    limit = timeout or float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS") or 90)
    log = tempfile.TemporaryFile(mode="w+")
    for _attempt in range(3):
        port = free_port()
        process = subprocess.Popen([sys.executable, "-m", "flows.api_server", str(os.getpid()), str(port)],
                                   env={**os.environ, **SERVER_ENV}, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and process.poll() is None:
            if api_healthy(port):
                atexit.register(_stop, process)
                url = f"http://127.0.0.1:{port}/api"
                os.environ["PREFECT_API_URL"] = url
                return url
            time.sleep(0.1)
        if process.poll() is None:
            _stop(process)
            break
        # exited early (e.g. the port was taken meanwhile): try another port
    log.seek(0)
    last = [line for line in log.read().splitlines() if line.strip()][-1:] or ["no output"]
    raise RuntimeError(f"Prefect's API server did not start within {limit:.0f} s: {last[0]}")


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
    """The child: follow the parent, then serve Prefect's API on 127.0.0.1:<port> until stopped."""
    from flows.lifeline import follow_parent

    parent, port = int(argv[1]), int(argv[2])
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the run stops the server itself
    follow_parent(parent)
    import uvicorn

    uvicorn.run("prefect.server.api.server:create_app", factory=True, host="127.0.0.1", port=port,
                log_level="error", lifespan="on")


if __name__ == "__main__":
    main(sys.argv)
