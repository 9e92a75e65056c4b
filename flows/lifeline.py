"""Child processes that die with the run that started them, however it dies (SIGKILL included).

A run's helpers — the parse + extract workers (through their forkserver, flows/workers.py) and the
Prefect API server the CLI starts — call `follow_parent(pid)` first thing: the kernel sends them
SIGKILL when their parent dies (prctl PR_SET_PDEATHSIG on Linux), and a watchdog thread polling
`os.getppid()` does the same on any system (a child whose parent died is re-parented, so its parent
id changes). Either way no orphan is left holding ~280 MB or a port.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import sys
import threading

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.25


def _set_parent_death_signal(signum: int) -> bool:
    """Ask the kernel to send `signum` to this process when its parent dies (Linux only); True if set."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def follow_parent(parent_pid: int, poll: float = POLL_SECONDS) -> None:
    """Make this process exit as soon as `parent_pid` is no longer its parent.

    follow_parent(os.getppid()) in a worker's initializer: if the run is killed, the worker goes too.
    """
    _set_parent_death_signal(signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the death signal was armed
        os._exit(1)

    def watch() -> None:
        event = threading.Event()
        while not event.wait(poll):
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="pressroom-lifeline", daemon=True).start()


def worker_init(run_pid: int) -> None:
    """Initializer of a parse + extract worker: die with the run, leave Ctrl-C to the run.

    worker_init(os.getpid()) from the run. A worker the run started itself follows the run as its
    parent. A worker forked by the forkserver (flows/workers.py) follows its parent, the forkserver,
    *and* the run itself: CPython hands every forkserver child a copy of the forkserver's "alive"
    pipe, so after a SIGKILL of the run the forkserver never reads EOF while its workers live, and
    workers that only followed it would keep each other alive for ever. Either way a worker exits at
    once if the run is already gone. A terminal's Ctrl-C reaches every process of the foreground
    group; the run stops its workers itself, so a worker ignores SIGINT instead of printing a
    KeyboardInterrupt traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    if parent == 1 or not _alive(run_pid):  # the run (and so the forkserver) died before this worker started
        os._exit(1)
    follow_parent(parent)
    if parent != run_pid:
        follow_process(run_pid)


def follow_process(pid: int, poll: float = POLL_SECONDS) -> None:
    """Make this process exit as soon as process `pid` (not its parent) ends, zombie or gone.

    follow_process(run_pid) in a forkserver's worker. Waits on a pidfd where Linux has one (readable
    when the process exits), else polls every `poll` seconds.
    """
    try:
        handle: int | None = os.pidfd_open(pid)
    except (AttributeError, OSError):
        handle = None

    def watch() -> None:
        if handle is not None:
            select.select([handle], [], [])
            os._exit(1)
        event = threading.Event()
        while not event.wait(poll):
            if not _alive(pid):
                os._exit(1)

    threading.Thread(target=watch, name="pressroom-lifeline-run", daemon=True).start()


def _alive(pid: int) -> bool:
    """Whether a process `pid` exists (it may belong to another user): _alive(os.getpid()) -> True."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
