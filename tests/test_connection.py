"""The warehouse connection names the process that holds the file, on one line (issue 20, item 7)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from load.connection import WarehouseLocked, connect
from load.warehouse import prepare

# started as `python -c "<several lines>"`: its command line holds newlines
HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("holding", flush=True)
sys.stdin.read()  # until the test closes stdin
"""


def test_a_holder_started_with_a_multi_line_program_is_named_on_one_line(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    prepare(db)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(WarehouseLocked) as caught, connect(db, lock_wait=0):
            pass
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{db}: another process has this warehouse open (pid {holder.pid}: ")
    assert " -c import sys, duckdb con = " in message  # the program, its lines joined (cut at 80)
    assert message.endswith("); gave up after 0 s")  # the bracket is closed
