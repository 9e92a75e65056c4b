"""After any sequence of runs the warehouse holds what a fresh build of today's inputs holds (issue 22).

`test_the_invariant_holds_after_any_sequence` lets Hypothesis pick the steps of
tests/invariant_machine.py; it is bounded for `make test` (a few examples of a dozen steps). A longer
search, by hand or in a nightly CI job:

    INVARIANT_EXAMPLES=50 INVARIANT_STEPS=40 .venv/bin/python -m pytest -q tests/test_invariant.py

The other tests replay, step by step, the sequences that broke the invariant (issue 22's list and what
the machine found); each names what was wrong.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from invariant_machine import Fixed, InvariantMachine, replay

pytestmark = pytest.mark.usefixtures("prefect_harness")


@pytest.fixture(autouse=True)
def short_lock_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSROOM_LOCK_WAIT_SECONDS", "0.5")


def test_the_invariant_holds_after_any_sequence() -> None:
    run_state_machine_as_test(InvariantMachine, settings=settings(
        max_examples=int(os.environ.get("INVARIANT_EXAMPLES", "2")),
        stateful_step_count=int(os.environ.get("INVARIANT_STEPS", "12")),
        deadline=None, database=None, print_blob=True,
        suppress_health_check=list(HealthCheck)))
