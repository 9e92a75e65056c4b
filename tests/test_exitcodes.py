"""Exit codes come from run statuses in one function; the run's status from what it did."""

from __future__ import annotations

import signal
from datetime import UTC, datetime

import pytest

from flows.summary import RunSummary, outcome
from pressroom.exitcodes import exit_code


@pytest.mark.parametrize(("status", "sig", "code"), [
    ("ok", None, 0), ("unchanged", None, 0), ("failed", None, 1), ("partial", None, 3), ("refused", None, 4),
    ("cancelled", signal.SIGINT, 130), ("cancelled", signal.SIGTERM, 143), ("cancelled", None, 130),
    ("something new", None, 1),  # an unknown status never passes for success
])
def test_exit_code(status: str, sig: int | None, code: int) -> None:
    assert exit_code(status, sig) == code


@pytest.mark.parametrize(("fields", "expected"), [
    ({"documents_read": 3}, "ok"),
    ({"documents_read": 3, "failures": [("a.txt", "a.txt: empty file")]}, "partial"),
    ({"documents_unchanged": 2, "failures": [("a.txt", "a.txt: empty file")]}, "partial"),
    ({"pages_unchanged": 4, "failures": [("https://x/1", "timeout")]}, "partial"),
    ({"failures": [("ks-ntbb", "no such file or directory")]}, "failed"),
    ({"failures": [("https://x/1", "unreachable"), ("https://x/2", "unreachable")]}, "failed"),
])
def test_outcome(fields: dict, expected: str) -> None:
    summary = RunSummary(run_id="r", source="s", started_at=datetime(2026, 12, 5, tzinfo=UTC), **fields)
    assert outcome(summary) == expected
