"""Exit codes of `pressroom`, from run statuses, in one place (a scheduler can trust them).

| code | meaning |
|---:|---|
| 0 | ok, including a re-run that found nothing changed |
| 1 | failed: nothing loaded, a check rolled the load back, or every input failed |
| 2 | usage error: a bad option or setting, an unknown or not yet usable source, a path that does not exist |
| 3 | partial: some inputs failed or rows were quarantined; the rest is loaded |
| 4 | refused: another run holds the warehouse |
| 130 / 143 | cancelled by SIGINT / SIGTERM (128 + the signal number) |
"""

from __future__ import annotations

import signal

OK = 0
FAILED = 1
USAGE = 2
PARTIAL = 3
REFUSED = 4

_BY_STATUS = {
    "ok": OK,
    "unchanged": OK,
    "failed": FAILED,
    "partial": PARTIAL,
    "refused": REFUSED,
}


def exit_code(status: str, signal_number: int | None = None) -> int:
    """The process exit code of a run that ended with `status` (an `ingest_runs.status` value).

    exit_code("partial") == 3; exit_code("cancelled", signal.SIGTERM) == 143.
    A cancelled run exits 128 + the signal that stopped it (SIGINT when not known); an unknown
    status counts as failed, so a new status never passes for success by accident.
    """
    if status == "cancelled":
        return 128 + int(signal_number or signal.SIGINT)
    return _BY_STATUS.get(status, FAILED)
