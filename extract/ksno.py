"""ks.no discovery: listing pages (followed by rel=next / "Neste" links) -> article URLs.

ks.no is a server-rendered CMS; which listing holds the press releases is configured in
sources.toml (`listing_paths`, inferred default `/aktuelt/`) and an article URL must match
`article_pattern`. Articles are parsed with the generic HTML parser as article_page documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from urllib.parse import urlsplit

from extract.ntb import Candidate, oslo_day
from extract.sources import SourceConfig
from transform.readers.html import extract_links, next_page_link, parse_listing_html

Fetch = Callable[[str, str, Callable[[bytes], None] | None], bytes | None]
MAX_LISTING_PAGES = 200
FILE_LINK = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|jpe?g|png|gif|zip)(?:[?#]|$)", re.IGNORECASE)


def _same_site(url: str, source: SourceConfig) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in source.allowed_hosts)


def discover(source: SourceConfig, fetch: Fetch, *, since: date | None = None,
             max_pages: int | None = None) -> list[Candidate]:
    """Article candidates from the source's listing pages, newest first as listed, one per URL.

    `max_pages` bounds the listing pages followed per listing path; teasers dated before `since`
    are skipped, and a listing page whose dated teasers are all older ends that listing.
    """
    pattern = re.compile(source.article_pattern) if source.article_pattern else None
    limit = max_pages if max_pages is not None else MAX_LISTING_PAGES
    found: dict[str, Candidate] = {}
    for path in source.listing_paths:
        url: str | None = source.url(path)
        seen_pages: set[str] = set()
        pages = 0
        while url and url not in seen_pages and pages < limit:
            seen_pages.add(url)
            body = fetch(url, "ksno_listing", None)
            pages += 1
            if body is None:
                break
            html = body.decode("utf-8", errors="replace")
            teasers = parse_listing_html(html, url, link_pattern=pattern).releases
            # off-site teaser links never count: they must not hide the on-site links below
            dates = {t.url: t.published_at for t in teasers if t.url and _same_site(t.url, source)}
            # teaser cards inside <main> first (no navigation links); all matching links otherwise
            candidates = list(dates) or extract_links(html, url, pattern)
            links = [link for link in candidates
                     if _same_site(link, source) and not FILE_LINK.search(link) and link != url]
            fresh = 0
            for link in links:
                when = dates.get(link)
                if since is not None and when is not None and oslo_day(when) < since:
                    continue
                fresh += 1
                found.setdefault(link, Candidate(release_id=link, url=link, published_at=when))
            if since is not None and links and not fresh:
                break
            url = next_page_link(html, url)
    return [c for c in found.values() if c.url not in _listing_urls(source)]


def _listing_urls(source: SourceConfig) -> set[str]:
    return {source.url(path) for path in source.listing_paths}
