"""A batch of input texts -> parsed documents and their extractions, failures kept apart."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from transform.budget import DEFAULT_CPU_SECONDS, DEFAULT_MAX_CHARS, WorkBudget
from transform.models import Document, ReleaseExtraction
from transform.pipeline import extract_document
from transform.readers.parse import parse_input


class InputText(Protocol):
    """What the batch needs of one input (extract.files.LocalInput and archived pages satisfy it)."""

    source_uri: str
    text: str
    fmt: str
    sha256: str
    fetched_at: datetime | None


@dataclass
class BatchResult:
    """Documents with their extractions, and (input, reason) for every input that failed."""

    results: list[tuple[Document, list[ReleaseExtraction]]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    # (input, warning) for what was read but not taken at face value (an impossible or implausible date)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def extract_batch(inputs: Iterable[InputText], publisher: str | None = None, *,
                  cpu_seconds: float = DEFAULT_CPU_SECONDS, max_chars: int = DEFAULT_MAX_CHARS) -> BatchResult:
    """Parse and extract every input; an input that fails is recorded, the others go on.

    Each input has a work budget (`cpu_seconds` of CPU time, `max_chars` of text, see
    transform/budget.py): an input over it is recorded as failed with the reason instead of stalling
    the batch.

    extract_batch([LocalInput('data/samples/000_….txt', text, 'text', sha, t)]).results[0][0].kind
    == 'text_dump'
    """
    out = BatchResult()
    for item in inputs:
        try:
            budget = WorkBudget(item.source_uri, cpu_seconds=cpu_seconds, max_chars=max_chars)
            budget.check_size(item.text)
            doc = parse_input(item.text, item.source_uri, item.fmt, sha256=item.sha256,
                              fetched_at=item.fetched_at, publisher=publisher,
                              read_at=getattr(item, "read_at", None))
            budget.check()
            out.results.append((doc, extract_document(doc, check=budget.check)))
            out.warnings.extend((item.source_uri, warning) for warning in doc.warnings)
        except Exception as exc:  # noqa: BLE001 - one bad input must not stop the run; reason is kept
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if not message.startswith(item.source_uri):
                message = f"{item.source_uri}: {type(exc).__name__}: {message}"
            out.failures.append((item.source_uri, message))
    return out
