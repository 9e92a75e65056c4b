"""A process that holds a warehouse open read-only, as a BI tool does, for tests of blocked loads."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# The holder opens the file read-only, reads `table` when one is named (so it holds a snapshot), says
# "holding" and waits until the test closes its stdin.
HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
if sys.argv[2]:
    con.execute(f"select count(*) from {sys.argv[2]}").fetchall()
print("holding", flush=True)
sys.stdin.read()  # until the test closes stdin
"""


@contextmanager
def reader_holding(db: Path, table: str = "", stuck_after: float = 30) -> Iterator[subprocess.Popen]:
    """Another process holds `db` open read-only while the block runs; it is let go on exit.

    with reader_holding(db, "releases") as holder: ingest(...)  # the load cannot start meanwhile.
    `stuck_after` bounds the wait for a holder that does not exit, not a synchronisation.
    """
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), table], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        yield holder
    finally:
        holder.stdin.close()
        holder.wait(timeout=stuck_after)
