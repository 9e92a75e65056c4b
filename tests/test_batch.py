"""The batch's per-document work budget: a document over its size or CPU budget is reported as failed,
with the reason, and the other documents of the batch go on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from transform.batch import extract_batch

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "000_0c407894616695cd.txt"


@dataclass
class _Input:
    source_uri: str
    text: str
    fmt: str = "text"
    sha256: str = ""
    fetched_at: datetime | None = None


# (case, budget keyword arguments, failure reason expected for the sample document, or None for success)
BUDGET_ROWS = [
    ("generous default budget", {}, None),
    ("no CPU time at all", {"cpu_seconds": 0.0}, "s of CPU time (budget 0 s per document)"),
    ("smaller than the document", {"max_chars": 100}, "document too large to extract"),
]


@pytest.mark.parametrize(("case", "budget", "reason"), BUDGET_ROWS, ids=[r[0] for r in BUDGET_ROWS])
def test_document_over_budget_is_a_failure_with_its_reason(case: str, budget: dict, reason: str | None) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    small = _Input("small.txt", "KS gir støtte\n\n– Vi hjelper gjerne, sier styreleder Gunn Marit Helgesen.")
    result = extract_batch([_Input(str(SAMPLE), text), small], **budget)
    if reason is None:
        assert not result.failures
        assert len(result.results) == 2
        return
    (failed_uri, message), *others = result.failures
    assert failed_uri == str(SAMPLE) and message.startswith(str(SAMPLE)) and reason in message
    # the small document fits a size budget; a zero CPU budget stops every document
    assert len(result.results) + len(result.failures) == 2
    if "max_chars" in budget:
        assert not others and result.results[0][0].source_uri == "small.txt"
