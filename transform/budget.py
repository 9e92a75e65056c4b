"""A per-document work budget: CPU time and size, so one pathological page cannot stall its batch.

CPU time of the working thread (`time.thread_time`), not wall time: a loaded machine or a slow disk
does not change which documents fail, only a document that really takes that much work does. The
extractors call `check()` between releases and blocks; over the budget it raises `BudgetExceeded`,
whose message names the document and the reason, and the batch records the document as failed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

# Generous on purpose: a real page takes milliseconds; a 1 MB line or 10,000 quotes take seconds.
DEFAULT_CPU_SECONDS = 60.0
DEFAULT_MAX_CHARS = 20_000_000


class BudgetExceeded(RuntimeError):
    """A document used more than its work budget; the message names the document and the limit."""


@dataclass
class WorkBudget:
    """The work one document may take: `cpu_seconds` of this thread's CPU time, `max_chars` of text.

    WorkBudget("a.txt", cpu_seconds=60).check() raises BudgetExceeded once this thread has spent
    60 s of CPU since the budget was made.
    """

    source_uri: str
    cpu_seconds: float = DEFAULT_CPU_SECONDS
    max_chars: int = DEFAULT_MAX_CHARS
    started: float = field(default_factory=time.thread_time)

    def check_size(self, text: str) -> None:
        """Raise BudgetExceeded when `text` is longer than max_chars (checked before any parsing)."""
        if len(text) > self.max_chars:
            raise BudgetExceeded(
                f"{self.source_uri}: document too large to extract ({len(text):,} characters, "
                f"budget {self.max_chars:,})")

    def check(self) -> None:
        """Raise BudgetExceeded when this thread has used more than cpu_seconds since the start."""
        used = time.thread_time() - self.started
        if used >= self.cpu_seconds:
            raise BudgetExceeded(
                f"{self.source_uri}: extraction stopped after {used:.1f} s of CPU time "
                f"(budget {self.cpu_seconds:g} s per document)")
