"""A new warehouse's schema, built in a thread while the command imports Prefect.

`pressroom run --db NEW` (and `reparse --create`) used to build the schema inside the flow: every
migration, the 3,260 place-register rows and the views, 0.7 s of a one-file run on a quiet machine.
Most of that is DuckDB's own work, which releases the GIL, so it runs beside Prefect's import (pure
Python, 1 s) on the other core instead of after it; the flow's `prepare` then finds the schema
current (a few hundredths of a second).

Two threads that import modules at the same time can deadlock on the modules' import locks (Python
then raises "deadlock detected"); so `start` first imports, in the calling thread, everything the
schema's build imports (pandas: DuckDB imports it when migration 006 registers its first Arrow
table; the migration files' package), and the thread imports nothing Prefect's import could be
importing at the same time.

The thread is only a head start: any failure in it (another process holds the file, a full disk)
is left to the flow's own `prepare`, which does the same work again and reports it as the run's error.
"""

from __future__ import annotations

import threading
from pathlib import Path

_ahead: threading.Thread | None = None


def start(db: str | Path) -> bool:
    """Start building the schema of `db` in a thread when the file does not exist yet; True when
    started. start("/tmp/new.duckdb") -> True; start(an existing warehouse) -> False (its `prepare` is
    a few hundredths of a second: nothing to overlap)."""
    global _ahead
    if _ahead is not None or Path(db).exists():
        return False
    # what the build imports, imported here first (see the module's docstring)
    import importlib.readers
    import importlib.resources.readers  # noqa: F401

    import pandas  # noqa: F401
    import pyarrow.pandas_compat  # noqa: F401

    from load.migrations import known_migrations
    from load.sql_files import sql_files
    from load.warehouse import prepare

    known_migrations()
    sql_files("views")

    def build() -> None:
        try:
            prepare(db, lock_wait=0)
        except Exception:  # noqa: BLE001 - a head start only: the flow's prepare repeats it and reports
            pass

    _ahead = threading.Thread(target=build, name="pressroom-new-warehouse-schema", daemon=True)
    _ahead.start()
    return True


def wait() -> None:
    """Wait for the schema `start` is building, if any: before the flow opens the warehouse (one
    connection at a time), or before a stopped start-up records its run there. Returns at once otherwise."""
    global _ahead
    if _ahead is not None:
        _ahead.join()
        _ahead = None
