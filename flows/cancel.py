"""Stopping a run with SIGTERM or Ctrl-C: the signal only sets a flag; the run checks it where it can
stop cleanly (between batches, while waiting on workers, before the load commits), stops its workers,
leaves every data table as it was and records itself `cancelled`. A second signal stops at once."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_requested = threading.Event()
_signal: list[int] = []


class RunCancelled(Exception):
    """The run was asked to stop (SIGTERM, SIGINT); nothing of it was committed."""


def requested() -> bool:
    """True once SIGTERM or SIGINT arrived during the run."""
    return _requested.is_set()


def signal_number() -> int | None:
    """The signal that stopped the run (15 for SIGTERM, 2 for SIGINT), or None."""
    return _signal[0] if _signal else None


def raise_if_requested() -> None:
    """Raise RunCancelled when the run was asked to stop (called right before the load commits)."""
    if _requested.is_set():
        raise RunCancelled(f"stopped by {signal.Signals(signal_number() or signal.SIGTERM).name}")


def _handle(signum: int, _frame) -> None:
    if _requested.is_set():  # a second signal: stop now (workers and the API server follow the run)
        os._exit(128 + signum)
    _signal.append(signum)
    _requested.set()


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM and SIGINT ask the run to stop instead of killing it mid-step.

    Only the main thread can install handlers; elsewhere (a flow run in a worker thread) the block
    does nothing and the process's own handling stays.
    """
    _requested.clear()
    _signal.clear()
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _handle) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
