"""Fast paths in transform/html.py (issue 7) keep the old behaviour: whitespace, meta tags, headings."""

from __future__ import annotations

import re

import pytest

from transform.html import CONTACTS_HEADING, _find_heading, _meta, clean_text, load_html

OLD_WHITESPACE = re.compile(r"\s+")


@pytest.mark.parametrize("text", [
    "  Hovedstyret i KS\u00a0vedtok \n i dag ",
    "Kommune\u00adsektoren får\u200b 2 milliarder",
    "\u2003Styreleder\u3000Gunn Marit Helgesen\u2028sier\x1c at",
    "Kontakter",
    "",
])
def test_clean_text_as_the_regex_did(text: str) -> None:
    expected = OLD_WHITESPACE.sub(" ", text.replace("\u00ad", "").replace("\u200b", "")).strip()
    assert clean_text(text) == expected


META_PAGE = (
    '<html><head><meta name="og:title" content="Fra name">'
    '<meta property="og:title" content="Fra property">'
    '<meta property="article:published_time" content="">'
    '<meta name="date" content="2024-10-15T10:02:00+02:00"></head><body><p>KS</p></body></html>'
)


@pytest.mark.parametrize(("names", "expected"), [
    (("og:title",), "Fra property"),  # property wins over name
    (("article:published_time", "date"), "2024-10-15T10:02:00+02:00"),  # empty content falls through
    (("og:description", "description"), None),
])
def test_meta_lookup(names: tuple[str, ...], expected: str | None) -> None:
    assert _meta(load_html(META_PAGE), *names) == expected


@pytest.mark.parametrize(("html", "heading"), [
    ("<div><h2>Kontakter</h2><p>Pressevakt</p></div>", "Kontakter"),
    # a long container whose text starts with "Kontakter" is not a heading; the short <h3> is
    ("<div>Kontakter " + "og mye annen tekst " * 10 + "<h3>Kontakt</h3></div>", "Kontakt"),
    ("<div><p>Ingen kontaktpersoner oppgitt i denne saken.</p></div>", None),
])
def test_find_heading(html: str, heading: str | None) -> None:
    found = _find_heading(load_html(html), CONTACTS_HEADING)
    assert (found.get_text() if found is not None else None) == heading
