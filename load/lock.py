"""One writer at a time: an advisory lock file beside the warehouse, taken for a whole run."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class RunLocked(RuntimeError):
    """Another pressroom run holds the warehouse's run lock."""


# Lock files this process holds (absolute path -> depth): the CLI takes the lock before Prefect
# starts and the flow it then calls takes it again, which must not refuse its own process.
_held: dict[str, int] = {}


@contextmanager
def run_lock(db: str | Path, wait_seconds: float = 0.0) -> Iterator[Path]:
    """Hold `<db>.lock` for a run; a second run on the same warehouse is refused at once.

    With `wait_seconds` > 0 the run waits (up to that long) for the holder to finish instead, so
    scheduled runs of one warehouse queue behind each other. Taking the lock again in the process
    that holds it is allowed (re-entrant). The lock is released by the kernel when the process
    ends, even on SIGKILL, so a crashed run never blocks the next one.
    Raises OSError when the lock file cannot be created (the warehouse's folder is not writable).
    """
    path = Path(f"{db}.lock")
    key = os.path.abspath(path)
    if key in _held:
        _held[key] += 1
        try:
            yield path
        finally:
            _held[key] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
                    waited = f" (waited {wait_seconds:.0f} s)" if wait_seconds else ""
                    raise RunLocked(
                        f"{db}: another pressroom run (pid {holder}) is writing to this warehouse; "
                        f"this run was not started{waited}. Try again when it has finished."
                    ) from None
                time.sleep(0.5)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        _held[key] = 1
        try:
            yield path
        finally:
            del _held[key]
    finally:
        os.close(fd)
