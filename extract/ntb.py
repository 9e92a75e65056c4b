"""NTB Kommunikasjon discovery: RSS for what is new, JSON list pages for backfill, HTML links last.

Endpoints (docs/sources.md, "The default sources"; inferred for KS, so every response is
checked for its documented shape and a failure names the missing field):
* RSS  `/rss/releases/latest?publisherId={pid}`: items with link, title, pubDate;
* list `/public-website-api/pressroom/{pid}/releases/{size}/{page}`: 0-based, stop on an empty page;
* json/v2 `/json/v2/releases?publisher={pid}&page={page}`: follow `nextPage`; items carry full bodies;
* HTML press room `/presserom/{pid}`: anchors to `/pressemelding/<id>/`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from extract.sources import SourceConfig
from transform.html import NTB_RELEASE_LINK, extract_links
from transform.ntb_json import is_full_release_list, list_entries, next_page
from transform.parse import ParseError
from transform.rss import parse_rss

# fetch(url, kind, validate) -> body (fresh or from the archive on 304) or None when it failed.
Fetch = Callable[[str, str, Callable[[bytes], None] | None], bytes | None]
# A runaway guard when neither max_pages nor an empty page stops the backfill.
MAX_LIST_PAGES = 2000
RELEASE_ID_IN_TEXT = re.compile(r"(\d{5,})")


@dataclass(frozen=True)
class Candidate:
    """A release found by discovery (grain: one release id of one source)."""

    release_id: str
    url: str | None  # the public release page, when discovery saw it
    published_at: datetime | None = None
    title: str | None = None
    body_in_list: bool = False  # a json/v2 list page already holds the full release


def release_id_from_url(url: str | None) -> str | None:
    """The NTB release id in a release URL, or None.

    release_id_from_url("https://kommunikasjon.ntb.no/pressemelding/18307640/godt-signal?publisherId=15032900")
    -> "18307640"; "…/pressemelding/ks-lederen?publisherId=15032900&releaseId=17891462" -> "17891462"
    """
    if not url:
        return None
    match = NTB_RELEASE_LINK.search(url)
    if not match:
        return None
    return match.group(1) or match.group(2)


def _older(when: datetime | None, since: date | None) -> bool:
    return since is not None and when is not None and when.date() < since


def _check_json(body: bytes) -> object:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"not JSON ({exc})") from exc


def _validate_list(body: bytes) -> None:
    list_entries(_check_json(body), "list")


def _validate_rss(body: bytes) -> None:
    parse_rss(body)


class _Found:
    def __init__(self) -> None:
        self.by_id: dict[str, Candidate] = {}

    def add(self, cand: Candidate) -> None:
        old = self.by_id.get(cand.release_id)
        if old is None:
            self.by_id[cand.release_id] = cand
            return
        self.by_id[cand.release_id] = replace(
            old, url=old.url or cand.url, published_at=old.published_at or cand.published_at,
            title=old.title or cand.title, body_in_list=old.body_in_list or cand.body_in_list,
        )


def discover_rss(source: SourceConfig, fetch: Fetch, since: date | None) -> list[Candidate]:
    """Releases in the source's RSS feed (newest window only), filtered by `since`."""
    if not source.rss_path:
        return []
    body = fetch(source.url(source.rss_path), "rss", _validate_rss)
    if body is None:
        return []
    out = []
    for item in parse_rss(body):
        rid = release_id_from_url(item.link) or release_id_from_url(item.guid)
        if rid is None and item.guid and item.guid.isdigit():
            rid = item.guid
        if rid is None or _older(item.published_at, since):
            continue
        out.append(Candidate(rid, item.link, item.published_at, item.title))
    return out


def discover_list(source: SourceConfig, fetch: Fetch, since: date | None,
                  max_pages: int | None) -> list[Candidate] | None:
    """Releases from the paginated public-website-api list; None when the endpoint failed at once."""
    if not source.list_path:
        return None
    out: list[Candidate] = []
    page = source.list_first_page
    pages = 0
    limit = max_pages if max_pages is not None else MAX_LIST_PAGES
    while pages < limit:
        url = source.url(source.list_path, page=page)
        body = fetch(url, "ntb_list_json", _validate_list)
        pages += 1
        if body is None:
            return out if pages > 1 else None
        entries = list_entries(json.loads(body), url)
        if not entries:
            break
        fresh = [e for e in entries if not _older(e.published_at, since)]
        out.extend(Candidate(e.release_id, e.url, e.published_at, e.title) for e in fresh)
        if since is not None and not fresh:
            break  # newest first: a page entirely older than --since ends the backfill
        page += 1
    return out


def discover_v2(source: SourceConfig, fetch: Fetch, since: date | None,
                max_pages: int | None) -> list[Candidate] | None:
    """Releases from the json/v2 list (full bodies inside), following nextPage; None on failure."""
    if not source.v2_list_path:
        return None
    out: list[Candidate] = []
    page: int | None = source.v2_first_page
    pages = 0
    limit = max_pages if max_pages is not None else MAX_LIST_PAGES
    while page is not None and pages < limit:
        url = source.url(source.v2_list_path, page=page)
        body = fetch(url, "ntb_v2_list_json", _validate_list)
        pages += 1
        if body is None:
            return out if pages > 1 else None
        data = json.loads(body)
        entries = list_entries(data, url)
        full = is_full_release_list(data)
        fresh = [e for e in entries if not _older(e.published_at, since)]
        out.extend(Candidate(e.release_id, e.url, e.published_at, e.title, body_in_list=full) for e in fresh)
        if not entries or (since is not None and not fresh):
            break
        following = next_page(data)
        page = following if following is not None and following != page else None
    return out


def discover_pressroom_html(source: SourceConfig, fetch: Fetch) -> list[Candidate]:
    """Release links (`/pressemelding/<id>/`) on the HTML press room page: the last-resort discovery."""
    if not source.pressroom_path:
        return []
    url = source.url(source.pressroom_path)
    body = fetch(url, "ntb_pressroom_html", None)
    if body is None:
        return []
    html = body.decode("utf-8", errors="replace")
    out = []
    for link in extract_links(html, url, NTB_RELEASE_LINK):
        rid = release_id_from_url(link)
        if rid:
            out.append(Candidate(rid, link))
    return out


def discover(source: SourceConfig, fetch: Fetch, *, since: date | None = None,
             max_pages: int | None = None) -> list[Candidate]:
    """All releases of an NTB source: RSS, then list backfill (json/v2 if the list fails), HTML last.

    Returns candidates in discovery order, one per release id.
    """
    found = _Found()
    for cand in discover_rss(source, fetch, since):
        found.add(cand)
    listed = discover_list(source, fetch, since, max_pages)
    if listed is None:
        listed = discover_v2(source, fetch, since, max_pages)
    for cand in listed or []:
        found.add(cand)
    if listed is None and not found.by_id:
        for cand in discover_pressroom_html(source, fetch):
            found.add(cand)
    return list(found.by_id.values())


def detail_urls(source: SourceConfig, cand: Candidate) -> tuple[str | None, str]:
    """(release JSON URL or None, HTML page URL) for one candidate, the JSON tried first."""
    json_url = source.url(source.detail_path, rid=cand.release_id) if source.detail_path else None
    page_url = cand.url or source.url(source.release_page_path, rid=cand.release_id)
    return json_url, page_url
