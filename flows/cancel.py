"""Stopping a run with SIGTERM or Ctrl-C, promptly in every phase.

The signal sets a flag (an Event) that the run watches where it can stop cleanly: between batches,
while waiting on workers, in the politeness delay and the response being read (extract/http.py, no
request is sent after it), while waiting for a reader to let go of the warehouse, before the load
commits. Two windows raise at once instead (StartupCancelled / Interrupted at the next bytecode):
the command's start-up before the flow runs (`startup_window`) and parse + extract in this process
(`interruptible`), where nothing is written that the run keeps. Either way the run stops its
workers, leaves every data table as it was and records itself `cancelled`. A second signal stops at once.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_requested = threading.Event()
_signal: list[int] = []
_depth = 0  # nested stop_on_signals blocks (the command's and the flow's): the outer one clears the flag
_raise_now: type[BaseException] | None = None  # inside a window that raises at once


class RunCancelled(Exception):
    """The run was asked to stop (SIGTERM, SIGINT); nothing of it was committed."""


class Interrupted(BaseException):
    """Raised at once inside `interruptible()`. A BaseException: it passes the per-document
    `except Exception` of parse + extract (which would record it as that document's failure)."""


class StartupCancelled(BaseException):
    """Asked to stop before the flow started. A BaseException: it passes the `except Exception` of
    start-up code (a busy warehouse is "let the real run decide") on its way to the command."""


def requested() -> bool:
    """True once SIGTERM or SIGINT arrived during the run."""
    return _requested.is_set()


def stop_event() -> threading.Event:
    """The event a signal sets: pass it to what waits (the HTTP client) so the wait ends at once."""
    return _requested


def signal_number() -> int | None:
    """The signal that stopped the run (15 for SIGTERM, 2 for SIGINT), or None."""
    return _signal[0] if _signal else None


def _message() -> str:
    return f"stopped by {signal.Signals(signal_number() or signal.SIGTERM).name}"


def raise_if_requested() -> None:
    """Raise RunCancelled when the run was asked to stop (called right before the load commits)."""
    if _requested.is_set():
        raise RunCancelled(_message())


def _handle(signum: int, _frame) -> None:
    if _requested.is_set():  # a second signal: stop now (workers and the API server follow the run)
        os._exit(128 + signum)
    _signal.append(signum)
    _requested.set()
    if _raise_now is not None:
        raise _raise_now(_message())


def _install() -> dict:
    return {s: signal.signal(s, _handle) for s in (signal.SIGTERM, signal.SIGINT)}


def install_for_process() -> None:
    """Catch SIGTERM and SIGINT from the command's first line on, for the life of the process (the
    console entry point calls it), so a signal during start-up is seen too."""
    global _depth
    if threading.current_thread() is threading.main_thread():
        _install()
        _depth += 1


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM and SIGINT ask the run to stop instead of killing it mid-step.

    Only the main thread can install handlers; elsewhere (a flow run in a worker thread) the block
    does nothing and the process's own handling stays. Nested blocks share one flag.
    """
    global _depth
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if _depth == 0:
        _requested.clear()
        _signal.clear()
    previous = _install()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextmanager
def _raising(exc: type[BaseException] | None) -> Iterator[None]:
    """Within the block a signal raises `exc` at once (None: raises nothing)."""
    global _raise_now
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    outer = _raise_now
    _raise_now = exc
    try:
        if exc is not None and _requested.is_set():
            raise exc(_message())
        yield
    finally:
        _raise_now = outer


@contextmanager
def deferred() -> Iterator[None]:
    """Within the block a signal only asks the run to stop: the StartupCancelled (or Interrupted) of the
    block around it comes when the block ends. For imports whose modules the run still needs after a
    stop: a signal raising inside `import pandas` leaves pandas half-imported, and a new warehouse's
    migrations (which the cancelled run's recording applies) then fail on it."""
    outer = _raise_now if threading.current_thread() is threading.main_thread() else None
    with _raising(None):
        yield
    if outer is not None and _requested.is_set():
        raise outer(_message())


def startup_window() -> contextlib.AbstractContextManager[None]:
    """Within the block (the command's start-up: settings, checks, Prefect's start), a signal raises
    StartupCancelled at once; the command records the run `cancelled` and exits in one line."""
    return _raising(StartupCancelled)


def interruptible() -> contextlib.AbstractContextManager[None]:
    """Within the block (parse + extract of a batch in this process), a signal raises Interrupted at
    once, so one long document does not hold the stop; what the block staged is thrown away."""
    return _raising(Interrupted)
