"""Fast paths in transform/readers/html.py (issue 7) keep the old behaviour: whitespace, meta tags, headings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from transform.readers.html import CONTACTS_HEADING, _find_heading, _load, _meta, clean_text
from transform.readers.tree import text

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
    assert _meta(_load(META_PAGE), *names) == expected


@pytest.mark.parametrize(("html", "heading"), [
    ("<div><h2>Kontakter</h2><p>Pressevakt</p></div>", "Kontakter"),
    # a long container whose text starts with "Kontakter" is not a heading; the short <h3> is
    ("<div>Kontakter " + "og mye annen tekst " * 10 + "<h3>Kontakt</h3></div>", "Kontakt"),
    ("<div><p>Ingen kontaktpersoner oppgitt i denne saken.</p></div>", None),
])
def test_find_heading(html: str, heading: str | None) -> None:
    found = _find_heading(_load(html), CONTACTS_HEADING)
    assert (text(found) if found is not None else None) == heading


@pytest.mark.parametrize(("text", "expected"), [
    ("Gunn Marit Hel\u00adgesen", "Gunn Marit Helgesen"),  # soft hyphen
    ("Gunn Marit Hel\u200bgesen", "Gunn Marit Helgesen"),  # zero-width space
    ("Sigbjo\u0338rn Hansen", "Sigbjørn Hansen"),  # o + combining stroke
    ("A\u030ase O\u0308degaard", "Åse Ödegaard"),  # NFD
])
def test_clean_text_normalises(text: str, expected: str) -> None:
    assert clean_text(text) == expected


PAGE_ROWS = [
    # (id, <article> inner HTML, fetched at, title, ISO published_at, release type, body must not contain)
    ("bullet-dateline",
     "<h1>KS vil ha mer</h1><p>Pressemelding • 12.03.2024 10:15 CET</p>"
     "<p>Hovedstyret i KS vedtok i dag å gi mer enn en million kroner til arbeidet.</p>",
     None, "KS vil ha mer", "2024-03-12T10:15:00+01:00", "Pressemelding", "•"),
    ("relative-dateline",
     "<h1>KS vil ha mer</h1><p>I dag 10:15 | KS | Pressemelding</p>"
     "<p>Hovedstyret i KS vedtok i dag å gi mer enn en million kroner til arbeidet.</p>",
     "2024-03-12T08:00:00+00:00", "KS vil ha mer", "2024-03-12T10:15:00+01:00", "Pressemelding", "I dag 10:15"),
    ("no-title",  # a page without a title: title None, not its first words
     "<p>Hovedstyret i KS vedtok i dag å gi mer enn en million kroner til arbeidet.</p>",
     None, None, None, None, "\u00ad"),
    ("soft-hyphen-in-body",
     "<h1>KS vil ha mer</h1><p>– Vi er glade, sier styreleder Gunn Marit Hel&shy;gesen.</p>",
     None, "KS vil ha mer", None, None, "\u00ad"),
]


@pytest.mark.parametrize(("inner", "fetched", "title", "published_at", "release_type", "absent"),
                         [row[1:] for row in PAGE_ROWS], ids=[row[0] for row in PAGE_ROWS])
def test_release_page_meta_lines(inner: str, fetched: str | None, title: str | None, published_at: str | None,
                                 release_type: str | None, absent: str) -> None:
    from datetime import datetime

    from transform.readers.html import parse_release_html

    doc = parse_release_html(f"<html><body><article>{inner}</article></body></html>", "https://ks.example/1",
                             fetched_at=datetime.fromisoformat(fetched) if fetched else None)
    release = doc.releases[0]
    got = release.published_at.isoformat() if release.published_at else None
    assert (release.title, got, release.release_type) == (title, published_at, release_type)
    assert absent not in release.text and release.text


def test_impossible_dateline_in_html_is_a_warning() -> None:
    from transform.readers.html import parse_release_html

    doc = parse_release_html("<html><body><article><h1>KS vil ha mer</h1><p>29.2.2023 10:00 | KS | Pressemelding</p>"
                             "<p>Hovedstyret i KS vedtok i dag å gi mer enn en million kroner.</p></article></body>"
                             "</html>", "https://ks.example/2")
    release = doc.releases[0]
    assert release.published_at is None and release.release_type == "Pressemelding"
    assert "29.2.2023" not in release.text
    (warning,) = doc.warnings
    assert warning.startswith("https://ks.example/2: ") and "impossible date '29.2.2023 10:00'" in warning


@pytest.mark.parametrize(("head", "title", "source"), [
    ("<title>Ein ny milliard til Husbanken - regjeringen.no</title>", "Ein ny milliard til Husbanken", "html:h1"),
    # regjeringen.no's archive prints its chrome as the <h1>: the og:title is the title
    ('<meta property="og:title" content="Ein ny milliard til Husbanken">', "Ein ny milliard til Husbanken",
     "html:og"),
    ("<title>Ein ny milliard til Husbanken - regjeringen.no</title>", "Ein ny milliard til Husbanken",
     "html:title"),
    ("", None, "none"),  # only chrome: no title
])
def test_html_title_source_and_chrome_h1(head: str, title: str | None, source: str) -> None:
    """The <h1>, og:title and <title> in turn, each skipped when it is chrome ("Historisk arkiv")."""
    from transform.readers.html import parse_release_html

    h1 = "<h1>Ein ny milliard til Husbanken</h1>" if source == "html:h1" else "<h1>Historisk arkiv</h1>"
    body = "<p>Regjeringa vil gi Husbanken ein milliard meir å rutte med neste år, seier ministeren.</p>"
    doc = parse_release_html(f"<html><head>{head}</head><body><article>{h1}{body}</article></body></html>",
                             "https://www.regjeringen.no/nn/aktuelt/ein-ny-milliard/id1/")
    assert (doc.releases[0].title, doc.releases[0].title_source) == (title, source)


@pytest.mark.parametrize(("title", "url", "expected"), [
    ("Ein ny milliard til Husbanken - regjeringen.no", "https://www.regjeringen.no/nn/aktuelt/ein-ny-milliard-til-"
     "husbanken/id1/", "Ein ny milliard til Husbanken"),
    # the site name first: the part that holds the URL's slug is the title
    ("Region Skåne | Mer pengar till sjukvården", "https://www.skane.se/nyheter/mer-pengar-till-sjukvarden/",
     "Mer pengar till sjukvården"),
    ("Region Skåne | Mer pengar till sjukvården", None, "Region Skåne"),  # no URL: the first part
    ("Historisk arkiv - Ein ny milliard", None, "Ein ny milliard"),  # chrome is never the title
    ("Historisk arkiv", None, None),
])
def test_title_part_of_the_html_title(title: str, url: str | None, expected: str | None) -> None:
    from transform.readers.html import _title_part

    assert _title_part(title, url) == expected


TREE_PAGES = [
    "<div>Hovedstyret i KS<!-- x -->vedtok<script>var a = 1;</script>i dag</div>",
    "<p>Mads Fremstad<br>Rådgiver</p>\n  \n<pre>  24 13 26 01\n  </pre><textarea>  </textarea> \t ",
    "<ul><li>Kontakter<template><p>skjult</p></template>Pressevakt</li><li><ruby>漢<rt>kan</rt></ruby></li></ul>",
    "<article><h1>KS gir pengestøtte</h1><style>p{}</style><p>Lead <b>fet</b>\u00a0 <i>kursiv</i>\n</p></article>",
    "<!DOCTYPE html><title>Ein ny milliard - regjeringen.no</title>",
    "<div><p>Kontakter</p>\x0c \n<p>Pressevakt</p> \x0c<pre> \x0c </pre></div>",
    "",
]
FIXTURES = sorted((Path(__file__).parent / "live" / "fixtures").rglob("*.html"))


@pytest.mark.parametrize("page", TREE_PAGES + [p.read_text(encoding="utf-8") for p in FIXTURES])
def test_lxml_tree_reads_as_bs4(page: str) -> None:
    """The lxml tree the readers walk has bs4's elements, and each element bs4's strings (tree.py)."""
    from bs4 import BeautifulSoup, Tag

    from transform.readers.tree import ELEMENT, load_tree, stripped_strings

    soup = BeautifulSoup(page, "lxml")
    theirs = [t for t in soup.descendants if isinstance(t, Tag)]
    ours = list(load_tree(page, 256)[0].iterdescendants(ELEMENT))
    assert [t.name for t in theirs] == [t.tag for t in ours]
    assert [t.get_text(" ") for t in theirs] == [text(t, " ") for t in ours]
    assert [list(t.stripped_strings) for t in theirs] == [list(stripped_strings(t)) for t in ours]
