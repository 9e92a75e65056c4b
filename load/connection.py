"""The warehouse file's connection: opened with a memory cap, retried while another process holds it.

Below load/warehouse.py and load/quarantine.py, which both open the file through `connect`.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from load.sizes import is_size


class WarehouseLocked(RuntimeError):
    """Another process holds the warehouse file open for writing."""


# Memory cap of the write connection (DuckDB units, e.g. "512MB"); PRESSROOM_DUCKDB_MEMORY_LIMIT overrides.
DEFAULT_MEMORY_LIMIT = "256MB"


def _memory_limit() -> str:
    value = os.environ.get("PRESSROOM_DUCKDB_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT).strip()
    if not is_size(value):
        raise ValueError(f"PRESSROOM_DUCKDB_MEMORY_LIMIT: {value!r} is not a size such as 512MB")
    return value


def lock_holder(message: str) -> str:
    """The process named in DuckDB's lock error, as 'pid 4242: duckdb -readonly w.duckdb' (from /proc), on one line.

    lock_holder('… (PID 4242) …') -> 'pid 4242: python -c import duckdb con = duckdb.connect(…' for a holder
    started as `python -c "import duckdb\ncon = …"`: white space collapsed, at most 80 characters.
    """
    match = re.search(r"\(PID (\d+)\)", message)
    if not match:
        return "pid unknown"
    pid = match.group(1)
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        cmd = ""
    # one line: `python -c "<code over several lines>"` must not cut the message at its first newline
    cmd = " ".join(cmd.split())
    cmd = cmd if len(cmd) <= 80 else cmd[:77] + "..."
    return f"pid {pid}: {cmd}" if cmd else f"pid {pid}"


@contextmanager
def connect(db: str | Path, *, read_only: bool = False, lock_wait: float = 0.0,
            on_wait: Callable[[str], None] | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection to the warehouse file, closed on exit.

    A file held by another process is retried for `lock_wait` seconds, then raises WarehouseLocked
    naming the file (never waits forever). `on_wait(holder)` is called before each retry with the
    holder ('pid 4242: duckdb -readonly w.duckdb'); it may raise to end the wait (a run being stopped).
    """
    path = Path(db)
    if read_only and not path.exists():
        raise FileNotFoundError(f"{path}: no warehouse here (run `pressroom run` first)")
    config: dict[str, str | bool] = {"autoinstall_known_extensions": "false"}
    if not read_only:
        # A bounded write connection: DuckDB spills to <db>.tmp/ beyond this instead of growing with
        # the run (its default is 80 % of RAM); insertion order is not needed for upserts.
        config |= {"memory_limit": _memory_limit(), "preserve_insertion_order": False}
    deadline = time.monotonic() + lock_wait
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=config)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() < deadline:
                if on_wait is not None:
                    on_wait(lock_holder(str(exc)))
                time.sleep(0.25)
                continue
            # DuckDB's own text advises opening the file read-only, which is wrong for a writer: not quoted
            raise WarehouseLocked(
                f"{path}: another process has this warehouse open ({lock_holder(str(exc))}); "
                f"gave up after {lock_wait:g} s"
            ) from exc
    try:
        con.execute("set TimeZone = 'UTC'")
        yield con
    finally:
        con.close()
