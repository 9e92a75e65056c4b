"""NTB Kommunikasjon platform discovery (also Via TT and Via Ritzau): RSS for what is new, JSON list
pages for backfill, HTML links last.

Endpoints (see docs/sources.md for what is verified and what is inferred; every response is checked
for its documented shape and a failure names the missing field):
* RSS  `/rss/releases/latest?publisherId={pid}`: items with link, title, pubDate;
* list `/public-website-api/pressroom/{pid}/releases/{size}/{page}` (no category filter): 0-based;
  stop when `paging.count` / `paging.itemsPerPage` is covered, or on an empty page (backstop);
  items of another publisher are skipped and counted;
* json/v2 `/json/v2/releases?publisher={pid}&page={page}`: follow `nextPage`; items carry full bodies;
* HTML press room `/presserom/{pid}/{slug}/r` (slug from config or `/public-website-api/pressroom/{pid}`):
  anchors to release pages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from extract.sources import SourceConfig
from transform.errors import ParseError
from transform.readers.html import NTB_RELEASE_LINK, extract_links
from transform.readers.ntb_json import (
    ListEntry,
    is_full_release_list,
    list_entries,
    list_paging,
    next_page,
    pressroom_slug,
    public_release_url,
)
from transform.readers.rss import parse_rss

# fetch(url, kind, validate) -> body (fresh or from the archive on 304) or None when it failed.
Fetch = Callable[[str, str, Callable[[bytes], None] | None], bytes | None]
# A runaway guard when neither max_pages nor an empty page stops the backfill.
MAX_LIST_PAGES = 2000
RELEASE_ID_IN_TEXT = re.compile(r"(\d{5,})")
# A release's day is its day in Oslo: 00:30 Oslo time (22:30 UTC the day before) is on that day.
OSLO = ZoneInfo("Europe/Oslo")
ANY_RELEASE_LINK = re.compile(r"/(?:pressemelding|pressemeddelelse|pressmeddelande|release)/(\d{5,})(?:[/?#]|$)")


@dataclass(frozen=True)
class Candidate:
    """A release found by discovery (grain: one release id of one source)."""

    release_id: str
    url: str | None  # the public release page, when discovery saw it
    published_at: datetime | None = None
    title: str | None = None
    body_in_list: bool = False  # a json/v2 list page already holds the full release
    language: str | None = None  # the list item's versions key ("da"), for ?lang= on the detail


def release_id_from_url(url: str | None) -> str | None:
    """The release id in a release URL of any platform, or None.

    release_id_from_url("https://kommunikasjon.ntb.no/pressemelding/18307640/godt-signal?publisherId=15032900")
    -> "18307640"; "…/pressemelding/ks-lederen?publisherId=15032900&releaseId=17891462" -> "17891462";
    "https://via.ritzau.dk/pressemeddelelse/15194749/udenrigsministeren" -> "15194749"
    """
    if not url:
        return None
    match = NTB_RELEASE_LINK.search(url)
    if match:
        return match.group(1) or match.group(2)
    other = ANY_RELEASE_LINK.search(url)
    return other.group(1) if other else None


def oslo_day(when: datetime) -> date:
    """The calendar day of an aware datetime in Europe/Oslo (a naive one is taken as Oslo time).

    oslo_day(datetime(2026, 9, 29, 22, 30, tzinfo=UTC)) -> date(2026, 9, 30)
    """
    if when.tzinfo is None:
        return when.date()
    return when.astimezone(OSLO).date()


def _older(when: datetime | None, since: date | None) -> bool:
    return since is not None and when is not None and oslo_day(when) < since


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
            language=old.language or cand.language,
        )


def own_entries(source: SourceConfig, entries: list[ListEntry], skipped: list[tuple[str, str]]) -> list[ListEntry]:
    """The entries of the source's own publisher; the others go to `skipped` as (release id, reason).

    An entry that names no publisher is kept. json/v2 was reported to ignore its publisher filter.
    """
    kept = []
    for entry in entries:
        if source.publisher_id and entry.publisher_id and entry.publisher_id != source.publisher_id:
            skipped.append((entry.release_id, f"publisher {entry.publisher_id}, not {source.publisher_id}"))
            continue
        kept.append(entry)
    return kept


def _candidate(entry: ListEntry, body_in_list: bool = False) -> Candidate:
    return Candidate(entry.release_id, entry.url, entry.published_at, entry.title, body_in_list=body_in_list,
                     language=entry.language)


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
        link = public_release_url(item.link, source.release_segment) if item.link else None
        out.append(Candidate(rid, link, item.published_at, item.title))
    return out


def discover_list(source: SourceConfig, fetch: Fetch, since: date | None, max_pages: int | None,
                  skipped: list[tuple[str, str]] | None = None) -> list[Candidate] | None:
    """Releases from the paginated public-website-api list; None when the endpoint failed at once.

    Stops when `paging` says every item has been listed (count / itemsPerPage), on an empty page
    (the backstop when paging is missing or wrong), at `max_pages`, or at a page older than `since`.
    """
    if not source.list_path:
        return None
    skipped = skipped if skipped is not None else []
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
        data = json.loads(body)
        entries = list_entries(data, url, source.release_segment)
        if not entries:
            break
        fresh = [e for e in own_entries(source, entries, skipped) if not _older(e.published_at, since)]
        out.extend(_candidate(e) for e in fresh)
        if since is not None and not [e for e in entries if not _older(e.published_at, since)]:
            break  # newest first: a page entirely older than --since ends the backfill
        paging = list_paging(data)
        if paging is not None and paging.is_last(page - source.list_first_page + 1):
            break
        page += 1
    return out


def discover_v2(source: SourceConfig, fetch: Fetch, since: date | None, max_pages: int | None,
                skipped: list[tuple[str, str]] | None = None) -> list[Candidate] | None:
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
        entries = list_entries(data, url, source.release_segment)
        full = is_full_release_list(data)
        own = own_entries(source, entries, skipped if skipped is not None else [])
        fresh = [e for e in own if not _older(e.published_at, since)]
        out.extend(_candidate(e, body_in_list=full) for e in fresh)
        if not entries or (since is not None and not fresh):
            break
        following = next_page(data)
        page = following if following is not None and following != page else None
    return out


def pressroom_page_url(source: SourceConfig, fetch: Fetch) -> str | None:
    """The HTML press room URL, its slug from the configuration or `GET …/public-website-api/pressroom/<pid>`.

    None when the path needs a slug that neither gives (the failed info request is in the fetch log).
    """
    if not source.pressroom_path:
        return None
    if "{slug}" not in source.pressroom_path or source.pressroom_slug:
        return source.url(source.pressroom_path)
    if not source.pressroom_info_path:
        return None
    body = fetch(source.url(source.pressroom_info_path), "ntb_pressroom_json", _validate_json)
    slug = pressroom_slug(json.loads(body)) if body is not None else None
    return source.url(source.pressroom_path, slug=slug) if slug else None


def _validate_json(body: bytes) -> None:
    _check_json(body)


def discover_pressroom_html(source: SourceConfig, fetch: Fetch) -> list[Candidate]:
    """Release links on the HTML press room page (`/presserom/<pid>/<slug>/r`): the last-resort discovery."""
    url = pressroom_page_url(source, fetch)
    if url is None:
        return []
    body = fetch(url, "ntb_pressroom_html", None)
    if body is None:
        return []
    html = body.decode("utf-8", errors="replace")
    out = []
    for link in extract_links(html, url, ANY_RELEASE_LINK):
        rid = release_id_from_url(link)
        if rid:
            out.append(Candidate(rid, public_release_url(link, source.release_segment)))
    return out


def discover(source: SourceConfig, fetch: Fetch, *, since: date | None = None,
             max_pages: int | None = None, skipped: list[tuple[str, str]] | None = None) -> list[Candidate]:
    """All releases of a platform source: RSS, then list backfill (json/v2 if the list fails), HTML last.

    Returns candidates in discovery order, one per release id; list items of other publishers are
    appended to `skipped` as (release id, reason).
    """
    found = _Found()
    for cand in discover_rss(source, fetch, since):
        found.add(cand)
    listed = discover_list(source, fetch, since, max_pages, skipped)
    if listed is None:
        listed = discover_v2(source, fetch, since, max_pages, skipped)
    for cand in listed or []:
        found.add(cand)
    if listed is None and not found.by_id:
        for cand in discover_pressroom_html(source, fetch):
            found.add(cand)
    return list(found.by_id.values())


def detail_urls(source: SourceConfig, cand: Candidate) -> tuple[str | None, str | None, str]:
    """(release JSON URL or None, the same with `?publisherId=&lang=` or None, HTML page URL) for one candidate.

    The plain JSON URL is tried first; the second only after a 400/404; the HTML page last.
    detail_urls(ritzau, Candidate("15194749", None, language="da"))
    -> (".../public-website-api/release/15194749",
        ".../public-website-api/release/15194749?publisherId=2012662&lang=da", ".../pressemeddelelse/15194749?…")
    """
    json_url = source.url(source.detail_path, rid=cand.release_id) if source.detail_path else None
    retry_url = None
    if json_url and source.detail_retry_query:
        query = source.detail_retry_query.format(pid=source.publisher_id or "",
                                                 lang=cand.language or source.version_language)
        retry_url = json_url + ("&" if "?" in json_url else "?") + query
    page_url = cand.url or source.url(source.release_page_path, rid=cand.release_id)
    return json_url, retry_url, page_url
