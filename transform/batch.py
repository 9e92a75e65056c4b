"""A batch of input texts -> parsed documents and their extractions, failures kept apart."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from transform.models import Document, ReleaseExtraction
from transform.parse import parse_input
from transform.pipeline import extract_document


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


def extract_batch(inputs: Iterable[InputText], publisher: str | None = None) -> BatchResult:
    """Parse and extract every input; an input that fails is recorded, the others go on.

    extract_batch([LocalInput('data/samples/000_….txt', text, 'text', sha, t)]).results[0][0].kind
    == 'text_dump'
    """
    out = BatchResult()
    for item in inputs:
        try:
            doc = parse_input(item.text, item.source_uri, item.fmt, sha256=item.sha256,
                              fetched_at=item.fetched_at, publisher=publisher,
                              read_at=getattr(item, "read_at", None))
            out.results.append((doc, extract_document(doc)))
            out.warnings.extend((item.source_uri, warning) for warning in doc.warnings)
        except Exception as exc:  # noqa: BLE001 - one bad input must not stop the run; reason is kept
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if not message.startswith(item.source_uri):
                message = f"{item.source_uri}: {type(exc).__name__}: {message}"
            out.failures.append((item.source_uri, message))
    return out
