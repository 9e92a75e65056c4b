"""Progress of a long run: a rich progress bar on a terminal, plain log lines elsewhere.

The CLI installs a sink for its own process; inside a served or deployed flow there is none and
progress goes to Prefect's run logger.
"""

from __future__ import annotations

from collections.abc import Callable

# (stage, done, total) -> None; set by the CLI for the duration of a run.
Sink = Callable[[str, int, int], None]
_sink: Sink | None = None


def set_sink(sink: Sink | None) -> None:
    """Install (or remove, with None) the progress sink of this process."""
    global _sink
    _sink = sink


def report(stage: str, done: int, total: int, logger=None) -> None:
    """Report that `done` of `total` items of a stage are finished ("parse", 500, 10000)."""
    if _sink is not None:
        _sink(stage, done, total)
    elif logger is not None:
        logger.info("%s: %d/%d", stage, done, total)
