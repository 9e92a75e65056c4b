"""Text of any supported input -> Document: one entry point over the format-specific readers."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from transform.errors import ParseError
from transform.extractors.dates import ahead_of, implausible, line_printing
from transform.models import Document

__all__ = ["ParseError", "parse_input"]


def parse_input(text: str, source_uri: str, fmt: str, *, sha256: str = "",
                fetched_at: datetime | None = None, publisher: str | None = None,
                read_at: datetime | None = None) -> Document:
    """A Document from the text of one input; `fmt` is text, html or json.

    `fetched_at` is when the page was fetched (for a local file: its mtime); `read_at` is when this run
    read a local file. An implausible publication date (before 1971, after 2050: 0001-01-01, 2099) is
    set to None with a warning on the Document naming the input and release; a date after the read
    time (else the fetch time) is kept as printed (an embargoed release) with a warning naming the
    input and the line that prints it.
    parse_input("KS gir pengestøtte til Ukraina\\nHovedstyret i KS vedtok …", "000.txt", "text")
    -> Document(kind='text_dump', releases=(ReleaseDraft(title='KS gir pengestøtte til Ukraina', …), …))
    """
    doc = _parse(text, source_uri, fmt, fetched_at, publisher)
    if sha256 and not doc.content_sha256:
        doc = replace(doc, content_sha256=sha256)
    return _plausible_dates(doc, read_at, text)


def _plausible_dates(doc: Document, read_at: datetime | None, text: str) -> Document:
    """The document with implausible publication dates set to None and future ones kept, each warned about."""
    reference = read_at or doc.fetched_at
    warnings = list(doc.warnings)
    releases = []
    for release in doc.releases:
        label = repr(release.title) if release.title else "(untitled)"
        problem = implausible(release.published_at)
        if problem:
            warnings.append(f"{doc.source_uri}: release {label}: implausible publication date ({problem}); "
                            "left empty")
            release = replace(release, published_at=None)
        elif ahead_of(release.published_at, reference):
            printed = line_printing(text, release.published_at)
            where = f"line {printed[0]} {printed[1]!r}" if printed else "its date"
            warnings.append(f"{doc.source_uri}: {where}: release {label} is dated "
                            f"{release.published_at.isoformat()}, after it was read "
                            f"({reference.date().isoformat()}); kept as printed (an embargo?)")
        releases.append(release)
    if len(warnings) == len(doc.warnings) and read_at is None:
        return doc
    return replace(doc, releases=tuple(releases), warnings=tuple(warnings), read_at=read_at)


def _parse(text: str, source_uri: str, fmt: str, fetched_at: datetime | None,
           publisher: str | None) -> Document:
    """The format's reader applied to the text."""
    if fmt == "text":
        from transform.readers.textdump import parse_text_dump

        return parse_text_dump(text, source_uri, publisher=publisher, fetched_at=fetched_at)
    if fmt == "html":
        from transform.readers.html import parse_release_html

        return parse_release_html(text, source_uri, fetched_at=fetched_at, publisher=publisher)
    if fmt == "json":
        from transform.readers.ntb_json import parse_release_json

        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ParseError(f"{source_uri}: malformed JSON ({exc.msg} at line {exc.lineno})") from exc
        if not isinstance(data, dict):
            raise ParseError(f"{source_uri}: JSON of the wrong shape (expected an object, got "
                             f"{type(data).__name__})")
        return parse_release_json(data, source_uri, fetched_at=fetched_at, publisher=publisher)
    raise ParseError(f"{source_uri}: unknown format {fmt!r}")
