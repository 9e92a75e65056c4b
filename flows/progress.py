"""Progress of a long run: a rich progress bar on a terminal, plain log lines elsewhere.

The CLI installs a sink for its own process; inside a served or deployed flow there is none and
progress goes to Prefect's run logger.
"""

from __future__ import annotations

from collections.abc import Callable

# (stage, done, total) -> None; set by the CLI for the duration of a run.
Sink = Callable[[str, int, int], None]
_sink: Sink | None = None
_note: Callable[[str], None] | None = None


def set_sink(sink: Sink | None, note: Callable[[str], None] | None = None) -> None:
    """Install (or remove, with None) the progress sink of this process, and where notes go."""
    global _sink, _note
    _sink = sink
    _note = note


def note(text: str, logger=None) -> None:
    """Say one thing about the run that is not a count ("waiting up to 30 s for pid 4242 … to let go …")."""
    if _note is not None:
        _note(text)
    elif logger is not None:
        logger.warning("%s", text)


def report(stage: str, done: int, total: int, logger=None) -> None:
    """Report that `done` of `total` items of a stage are finished ("parse", 500, 10000)."""
    if _sink is not None:
        _sink(stage, done, total)
    elif logger is not None:
        logger.info("%s: %d/%d", stage, done, total)
