"""The warehouse connection names the process that holds the file, on one line (issue 20, item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from load.connection import WarehouseLocked, connect
from load.warehouse import prepare
from tests.readers import reader_holding

# started as `python -c "<several lines>"`: its command line holds newlines


def test_a_holder_started_with_a_multi_line_program_is_named_on_one_line(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    prepare(db)
    with reader_holding(db) as holder:
        with pytest.raises(WarehouseLocked) as caught, connect(db, lock_wait=0):
            pass
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{db}: another process has this warehouse open (pid {holder.pid}: ")
    assert " -c import sys, duckdb con = " in message  # the program, its lines joined (cut at 80)
    assert message.endswith("); gave up after 0 s")  # the bracket is closed
