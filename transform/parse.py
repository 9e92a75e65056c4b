"""Text of any supported input -> Document: one entry point over the format-specific readers."""

from __future__ import annotations

import json
from datetime import datetime

from transform.models import Document


class ParseError(ValueError):
    """An input that no reader can turn into a Document; the message names the input."""


def parse_input(text: str, source_uri: str, fmt: str, *, sha256: str = "",
                fetched_at: datetime | None = None, publisher: str | None = None) -> Document:
    """A Document from the text of one input; `fmt` is text, html or json.

    parse_input("KS gir pengestøtte til Ukraina\\nHovedstyret i KS vedtok …", "000.txt", "text")
    -> Document(kind='text_dump', releases=(ReleaseDraft(title='KS gir pengestøtte til Ukraina', …), …))
    """
    if fmt == "text":
        from transform.textdump import parse_text_dump

        return parse_text_dump(text, source_uri, publisher=publisher, fetched_at=fetched_at,
                               content_sha256=sha256)
    if fmt == "html":
        from transform.html import parse_release_html

        doc = parse_release_html(text, source_uri, fetched_at=fetched_at, publisher=publisher)
    elif fmt == "json":
        from transform.ntb_json import parse_release_json

        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ParseError(f"{source_uri}: malformed JSON ({exc.msg} at line {exc.lineno})") from exc
        if not isinstance(data, dict):
            raise ParseError(f"{source_uri}: JSON of the wrong shape (expected an object, got "
                             f"{type(data).__name__})")
        doc = parse_release_json(data, source_uri, fetched_at=fetched_at, publisher=publisher)
    else:
        raise ParseError(f"{source_uri}: unknown format {fmt!r}")
    if sha256 and not doc.content_sha256:
        from dataclasses import replace

        doc = replace(doc, content_sha256=sha256)
    return doc
