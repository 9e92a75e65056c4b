"""RSS 2.0 feeds (NTB Kommunikasjon `/rss/releases/latest?publisherId=`) -> items and a listing Document.

Items carry title, link, description (an HTML lead) and pubDate (RFC 822); no full body is known
to be published in the feed, so its releases are teasers (`has_full_text=False`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

from lxml import etree

from transform.errors import ParseError
from transform.models import Document
from transform.readers.html import build_release, clean_text, detect_language, load_html, parse_when

ATOM_NS = "{http://www.w3.org/2005/Atom}"
CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}"
DC_NS = "{http://purl.org/dc/elements/1.1/}"
# entities and DTDs are never resolved: a feed is untrusted input
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


@dataclass(frozen=True, slots=True)
class RssItem:
    """One feed item (grain: one <item> or Atom <entry>)."""

    title: str
    link: str | None
    description: str
    published_at: datetime | None
    guid: str | None = None
    category: str | None = None


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        parsed = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return parse_when(text)
    return parsed if parsed.tzinfo else parse_when(text)


def _child_text(item: etree._Element, *tags: str) -> str | None:
    for tag in tags:
        found = item.find(tag)
        if found is not None:
            if tag == f"{ATOM_NS}link":
                return found.get("href")
            if found.text and found.text.strip():
                return found.text.strip()
    return None


def parse_rss(xml: bytes) -> list[RssItem]:
    """Items of an RSS 2.0 (or Atom) feed in feed order; raises ParseError for a non-feed document.

    parse_rss(b"<rss><channel><item><title>Godt signal</title><link>https://…/pressemelding/18307640</link>"
              b"<pubDate>Thu, 05 Oct 2023 10:00:00 +0200</pubDate></item></channel></rss>")
    -> [RssItem(title="Godt signal", link="https://…/pressemelding/18307640", published_at=datetime(2023, …))]
    """
    if not xml or not xml.strip():
        raise ParseError("RSS feed is empty")
    try:
        root = etree.fromstring(xml.strip(), parser=SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"RSS feed is not XML: {exc}") from exc
    if root is None:
        raise ParseError("RSS feed is not XML")
    tag = etree.QName(root).localname.lower()
    if tag not in ("rss", "feed", "rdf"):
        raise ParseError(f"not an RSS or Atom feed (root element <{tag}>)")
    nodes = root.iter("item", f"{ATOM_NS}entry", "{http://purl.org/rss/1.0/}item")
    items = []
    for node in nodes:
        title = clean_text(_child_text(node, "title", f"{ATOM_NS}title"))
        if not title:
            continue
        description = (_child_text(node, "description", f"{ATOM_NS}summary", f"{CONTENT_NS}encoded") or "")
        if "<" in description:
            description = load_html(description).get_text(" ")
        items.append(RssItem(
            title=title,
            link=_child_text(node, "link", f"{ATOM_NS}link"),
            description=clean_text(description),
            published_at=_date(_child_text(node, "pubDate", f"{ATOM_NS}published", f"{ATOM_NS}updated",
                                           f"{DC_NS}date")),
            guid=_child_text(node, "guid", f"{ATOM_NS}id"),
            category=_child_text(node, "category"),
        ))
    return items


def rss_document(xml: bytes, url: str, *, fetched_at: datetime | None = None, publisher: str | None = None,
                 content_sha256: str = "", http_status: int | None = None) -> Document:
    """A listing_page Document whose releases are the feed's items as teasers (description = teaser).

    rss_document(feed_bytes, "https://kommunikasjon.ntb.no/rss/releases/latest?publisherId=15032900")
    -> Document(kind="listing_page", parser="rss", releases=(ReleaseDraft(title="Godt signal", …), …))
    """
    items = parse_rss(xml)
    releases = tuple(
        build_release(item.title, [("teaser", item.description)] if item.description else [],
                      has_full_text=False, url=item.link, published_at=item.published_at,
                      release_type=item.category, publisher=publisher, title_source="rss")
        for item in items
    )
    text = "\n\n".join(r.title + ("\n" + r.text if r.text else "") for r in releases)
    return Document(source_uri=url, kind="listing_page", text=text, title=None,
                    language=detect_language(text), parser="rss",
                    content_sha256=content_sha256, releases=releases, fetched_at=fetched_at,
                    http_status=http_status)
