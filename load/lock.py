"""One writer at a time: an advisory lock file beside the warehouse, taken for a whole run."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class RunLocked(RuntimeError):
    """Another pressroom run holds the warehouse's run lock."""


@contextmanager
def run_lock(db: str | Path) -> Iterator[Path]:
    """Hold `<db>.lock` for a run; a second run on the same warehouse is refused at once.

    The lock is released by the kernel when the process ends, even on SIGKILL, so a crashed run
    never blocks the next one.
    """
    path = Path(f"{db}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise RunLocked(
                f"{db}: another pressroom run (pid {holder}) is writing to this warehouse; "
                "this run was not started. Try again when it has finished."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield path
    finally:
        os.close(fd)
