"""Named points where a test can stop a run, as a crash would: before the load, inside it, while keeping
parts or writing the run record. Never a timer: the run stops exactly there, every time.

    PRESSROOM_FAULT=in-load pressroom run …      # the run stops inside the load transaction

A stop raises InjectedFault, a BaseException, so no `except Exception` of the run treats it as an
ordinary failure: like a kill, the run records nothing more (only `finally` blocks run).
"""

from __future__ import annotations

import os

# Every point a run checks, in the order a run passes them.
POINTS = (
    "claim-kept",      # kept parts of a blocked run half moved into this run's staging
    "before-load",     # everything parsed and staged, the load not yet started
    "in-load",         # rows upserted and the run row written, the transaction not committed
    "keep-parts",      # a blocked load: parts half moved beside the warehouse, kept.json not written
    "run-record",      # the run's row written to a temporary file beside the warehouse, not renamed
)

# Set by a test in-process (a state machine picks one); PRESSROOM_FAULT does the same for a subprocess.
armed: str | None = None


class InjectedFault(BaseException):
    """A run stopped at a named point by a test (PRESSROOM_FAULT or load.faults.armed)."""


def point(name: str) -> None:
    """Stop here when this point is armed: point('in-load') raises InjectedFault('in-load') then."""
    if name not in POINTS:
        raise ValueError(f"unknown fault point {name!r}; known: {', '.join(POINTS)}")
    if name in (armed, os.environ.get("PRESSROOM_FAULT")):
        raise InjectedFault(name)
