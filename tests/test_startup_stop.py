"""A stop during `pressroom run`'s start-up that a library hands back wrapped in its own error.

A SIGTERM that lands while Prefect is imported can raise StartupCancelled inside pydantic's serializer,
which turns it into a PydanticSerializationError (seen in tests/reliability/test_prompt_stops.py, head
start at load 4): with a stop asked for, that error is the stop (one line, the run recorded cancelled,
exit 143), and without one it stays the error it is.
"""

from __future__ import annotations

import os
import signal
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
import typer

from flows import cancel
from pressroom.cli import cancelled_at_startup


def test_a_wrapped_stop_is_the_stop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.duckdb"
    run_of = {"command": "run", "sources": ["data/samples"], "db": db}
    with cancel.stop_on_signals(), pytest.raises(typer.Exit) as ended:
        with cancelled_at_startup(run_of, datetime.now(UTC)):
            os.kill(os.getpid(), signal.SIGTERM)  # the handler only sets the flag outside the startup window
            assert cancel.requested()
            raise ValueError("Error calling function `_ser_model`: StartupCancelled: stopped by SIGTERM")
    assert ended.value.exit_code == 143
    assert "pressroom run cancelled: stopped by SIGTERM; nothing of this run was loaded" in capsys.readouterr().err
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select status from ingest_runs").fetchall() == [("cancelled",)]


def test_an_error_without_a_stop_stays_the_error(tmp_path: Path) -> None:
    run_of = {"command": "run", "sources": ["data/samples"], "db": tmp_path / "w.duckdb"}
    with cancel.stop_on_signals(), pytest.raises(ValueError, match="a real error"):
        with cancelled_at_startup(run_of, datetime.now(UTC)):
            raise ValueError("a real error")
    assert not (tmp_path / "w.duckdb").exists()
