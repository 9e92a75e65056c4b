"""Live sources: discover and fetch a source's pages into the raw archive; RawPage -> Document.

`collect()` is the network edge: one PoliteClient, every body archived once, every fetch logged
(`FetchRecord`, also appended to archive/index.jsonl), unchanged content (304, or the same sha256 as
last time) not returned for parsing, and a page that fails recorded with its reason while the run
goes on. `parse_raw_page()` is a pure dispatch to the transform/ parsers, shared with `reparse`.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from extract import ksno, ntb
from extract.archive import ArchiveError, FetchRecord, RawArchive, RawPage, Validator, sha256_hex
from extract.http import FetchError, HttpResult, PoliteClient
from extract.page_kinds import kind_from_content_type
from extract.sources import PLATFORM_BY_HOST, HttpSettings, SourceConfig, load_http_settings
from transform.errors import ParseError
from transform.models import Document
from transform.readers.html import HtmlShapeError, parse_listing_html, parse_release_html
from transform.readers.ntb_json import parse_release_json, parse_release_list_json
from transform.readers.rss import rss_document
from transform.text import repair_mojibake

__all__ = ["CollectResult", "FetchRecord", "RawPage", "Validator", "collect", "parse_raw_page"]

PAGE_KINDS = ("ntb_release_json", "ntb_list_json", "ntb_v2_list_json", "rss", "html", "ksno_article",
              "ksno_listing", "ntb_pressroom_html", "ntb_pressroom_json")
CHARSET = re.compile(r"charset=[\"']?([\w-]+)", re.IGNORECASE)
META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)
Validate = Callable[[bytes], None]


@dataclass
class CollectResult:
    """What one source's collection produced: new/changed pages to parse, the fetch log, failures."""

    pages: list[RawPage] = field(default_factory=list)
    records: list[FetchRecord] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    # list items left out on purpose: (release id, reason), e.g. another publisher's release
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # (url, note): worth saying, not a failure — a press room that has no RSS feed (404)
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def unchanged(self) -> int:
        """Fetches whose content was already known (304 or same sha256)."""
        return sum(1 for r in self.records if r.error is None and not r.changed)


class _Run:
    """One collection run of one source: fetch, archive, log, remember what changed."""

    def __init__(self, source: SourceConfig, archive: RawArchive, validators: Mapping[str, Validator],
                 client: PoliteClient) -> None:
        self.source = source
        self.archive = archive
        self.validators = validators
        self.client = client
        self.result = CollectResult()
        self.last_error: str | None = None
        self.last_status: int | None = None
        self.quiet = False  # a failure with a fallback still to try: logged, not yet a run failure

    def _log(self, record: FetchRecord) -> None:
        self.result.records.append(record)
        self.archive.record(record)

    def _fail(self, url: str, reason: str, kind: str | None, status: int | None = None,
              sha: str | None = None, n_bytes: int = 0, response: HttpResult | None = None) -> None:
        self.last_error = reason
        self.last_status = status
        if not self.quiet:
            self.result.failures.append((url, reason))
        self._log(FetchRecord(
            url=url, status=status, etag=response.etag if response else None,
            last_modified=response.last_modified if response else None,
            content_type=response.content_type if response else None, sha256=sha, n_bytes=n_bytes,
            fetched_at=response.fetched_at if response else datetime.now(UTC), error=reason, changed=False,
            final_url=response.final_url if response else None, kind=kind, source=self.source.name,
            publisher=self.source.publisher,
        ))

    def fetch_with_fallback(self, first: tuple[str, str, Validate | None],
                            *rest: tuple[str, str, Validate | None] | None,
                            only_after: Mapping[int, tuple[int, ...]] | None = None) -> bytes | None:
        """Fetch `first`; only when it fails, each of `rest` in turn (None entries are left out).

        `only_after` {step index: HTTP statuses}: that step is tried only when the step before failed
        with one of those statuses (a detail asked again with ?publisherId=&lang= only after a 400/404).
        A failure counts once, naming every reason.
        """
        steps = [first, *(step for step in rest if step is not None)]
        reasons: list[str] = []
        for index, step in enumerate(steps):
            wanted = (only_after or {}).get(index)
            if wanted is not None and self.last_status not in wanted:
                continue
            self.quiet = True
            try:
                body = self.fetch(*step)
            finally:
                self.quiet = False
            if body is not None:
                return body
            reasons.append(f"{step[0]}: {self.last_error}")
        last_url = reasons[-1].split(": ", 1)[0] if reasons else first[0]
        earlier = "; ".join(reasons[:-1])
        self.result.failures.append((last_url, f"{self.last_error}" + (f" (after {earlier})" if earlier else "")))
        return None

    def fetch(self, url: str, kind: str | None, validate: Validate | None = None) -> bytes | None:
        """Fetch one URL: the body (fresh, or archived on 304), or None when it failed (logged)."""
        old = self.validators.get(url)
        use_validator = old is not None and old.sha256 is not None and self.archive.has(old.sha256)
        try:
            response = self.client.get(url, etag=old.etag if use_validator and old else None,
                                       last_modified=old.last_modified if use_validator and old else None)
        except FetchError as exc:
            self._fail(url, exc.reason, kind, exc.status)
            return None
        if response.status == 304:
            if old is None or old.sha256 is None:
                self._fail(url, "HTTP 304 without a stored validator", kind, 304, response=response)
                return None
            try:
                body = self.archive.get(old.sha256)
            except ArchiveError as exc:
                self._fail(url, str(exc), kind, 304, response=response)
                return None
            self._log(FetchRecord(
                url=url, status=304, etag=response.etag or old.etag,
                last_modified=response.last_modified or old.last_modified, content_type=None,
                sha256=old.sha256, n_bytes=0, fetched_at=response.fetched_at, error=None, changed=False,
                final_url=response.final_url, kind=kind, source=self.source.name,
                publisher=self.source.publisher,
            ))
            return body
        body = response.body
        try:
            sha = self.archive.put(body)
        except OSError as exc:  # disk full, read-only archive: this page fails, the run goes on
            self._fail(url, f"raw archive write failed ({exc.strerror or exc}); page not stored", kind,
                       response.status, None, len(body), response)
            return None
        page_kind = kind or kind_from_content_type(response.content_type, response.final_url)
        if validate is not None:
            try:
                validate(body)
            except (ParseError, HtmlShapeError, ValueError) as exc:
                self._fail(url, f"unexpected response shape: {exc}", page_kind, response.status, sha,
                           len(body), response)
                return None
        changed = old is None or old.sha256 != sha
        self._log(FetchRecord(
            url=url, status=response.status, etag=response.etag, last_modified=response.last_modified,
            content_type=response.content_type, sha256=sha, n_bytes=len(body),
            fetched_at=response.fetched_at, error=None, changed=changed, final_url=response.final_url,
            kind=page_kind, source=self.source.name, publisher=self.source.publisher,
        ))
        if changed:
            self.result.pages.append(RawPage(
                url=url, final_url=response.final_url, status=response.status,
                content_type=response.content_type, body=body, sha256=sha, fetched_at=response.fetched_at,
                kind=page_kind, publisher=self.source.publisher, source=self.source.name,
            ))
        return body


def _validate_release_json(body: bytes) -> None:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"not JSON ({exc})") from exc
    parse_release_json(data, "detail")


def _validate_html(body: bytes) -> None:
    parse_release_html(_decode(body, None), "page")


NO_FEED = (404, 410)  # the press room has no RSS feed: the list is the way in, not a failure


def _fetch_feed_or_note(run: _Run) -> Callable[[str, str, Validate | None], bytes | None]:
    """run.fetch for discovery, except that a feed answering 404/410 is a note, not a failure (many
    press rooms have none; the list pages find their releases); any other feed error still fails."""
    def fetch(url: str, kind: str, validate: Validate | None = None) -> bytes | None:
        if kind != "rss":
            return run.fetch(url, kind, validate)
        run.quiet = True
        try:
            body = run.fetch(url, kind, validate)
        finally:
            run.quiet = False
        if body is None:
            if run.last_status in NO_FEED:
                run.result.notes.append((url, f"no RSS feed (HTTP {run.last_status}); releases come from the list"))
            else:
                run.result.failures.append((url, run.last_error or "failed"))
        return body
    return fetch


def _collect_ntb(run: _Run, since: date | None, max_pages: int | None) -> None:
    source = run.source
    fetch = _fetch_feed_or_note(run)
    for cand in ntb.discover(source, fetch, since=since, max_pages=max_pages, skipped=run.result.skipped):
        if cand.body_in_list:
            continue
        json_url, retry_url, page_url = ntb.detail_urls(source, cand)
        if json_url is None:
            run.fetch(page_url, "html", _validate_html)
        else:
            run.fetch_with_fallback(
                (json_url, "ntb_release_json", _validate_release_json),
                (retry_url, "ntb_release_json", _validate_release_json) if retry_url else None,
                (page_url, "html", _validate_html),
                only_after={1: (400, 404)} if retry_url else None)


def _collect_ksno(run: _Run, since: date | None, max_pages: int | None) -> None:
    for cand in ksno.discover(run.source, run.fetch, since=since, max_pages=max_pages):
        if cand.url:
            run.fetch(cand.url, "ksno_article", _validate_html)


def _collect_url(run: _Run) -> None:
    source = run.source
    url = source.page_url or source.base_url
    rid = ntb.release_id_from_url(url)
    if rid and source.detail_path:
        json_url, retry_url, _ = ntb.detail_urls(source, ntb.Candidate(rid, url))
        assert json_url is not None
        run.fetch_with_fallback(
            (json_url, "ntb_release_json", _validate_release_json),
            (retry_url, "ntb_release_json", _validate_release_json) if retry_url else None,
            (url, "html", _validate_html), only_after={1: (400, 404)} if retry_url else None)
        return
    kind = "ksno_article" if any(h.endswith("ks.no") for h in source.allowed_hosts) and not rid else None
    run.fetch(url, kind, None)


def collect(source: SourceConfig, *, archive: RawArchive, validators: Mapping[str, Validator],
            since: date | None = None, max_pages: int | None = None,
            client: PoliteClient | None = None, http: HttpSettings | None = None,
            stop: threading.Event | None = None) -> CollectResult:
    """Discover and fetch a source's pages; archive every body; return new/changed pages and the log.

    Args:
        source: the source to collect (extract.sources.resolve_source).
        archive: the raw archive; bodies are stored once, every fetch is appended to its index.
        validators: per URL, the last ETag / Last-Modified / sha256 (RawArchive.validators() or the
            `fetches` table) for conditional GET and change detection.
        since: skip releases published before this date (and stop backfilling past it).
        max_pages: list/listing pages to follow at most (RSS and details not counted).
        client: a PoliteClient to share across sources; by default a new one limited to the
            source's allowed_hosts, with `http` settings (default: [http] of the repo's sources.toml).
        http: politeness settings for the default client (ignored when `client` is given).
        stop: set on SIGTERM / Ctrl-C: the default client sends no further request and raises
            extract.http.FetchStopped out of collect().

    Returns:
        CollectResult: pages (new or changed content only), records (every fetch), failures
        ((url, reason) for every page that failed; the run goes on).
    """
    if client is None:
        client = PoliteClient(http or load_http_settings(), allowed_hosts=source.pinned_hosts, stop=stop)
    client.allow_hosts(source.pinned_hosts, delay_seconds=source.delay_seconds)
    run = _Run(source, archive, validators, client)
    if source.kind == "ntb":
        _collect_ntb(run, since, max_pages)
    elif source.kind == "ksno":
        _collect_ksno(run, since, max_pages)
    elif source.kind == "url":
        _collect_url(run)
    else:
        raise ValueError(f"source {source.name}: unknown kind {source.kind!r}")
    return run.result


def _decode(body: bytes, content_type: str | None) -> str:
    match = CHARSET.search(content_type or "") or META_CHARSET.search(body[:2048])
    encoding = match.group(1).decode() if match and isinstance(match.group(1), bytes) else (
        match.group(1) if match else "utf-8")
    try:
        return body.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return body.decode("cp1252", errors="replace")


def page_segment(url: str) -> str | None:
    """The release page segment of the platform serving `url` ("pressemeddelelse" on via.ritzau.dk), or None.

    None for another host (a test server): the parser then picks the segment by the release's language.
    """
    host = (urlsplit(url).hostname or "").lower()
    platform = PLATFORM_BY_HOST.get(host)
    return platform.release_segment if platform else None


def parse_raw_page(page: RawPage, publisher: str | None = None) -> Document:
    """A Document from one fetched page, by its kind (pure; no network). Raises ParseError on bad shape.

    parse_raw_page(RawPage(url="https://kommunikasjon.ntb.no/public-website-api/release/18307640",
                           kind="ntb_release_json", body=b'{"id": 18307640, "versions": {"no": …}}', …))
    -> Document(kind="release_page", parser="ntb_json", releases=(ReleaseDraft(…),))
    """
    pub = page.publisher or publisher
    common = {"fetched_at": page.fetched_at, "publisher": pub, "content_sha256": page.sha256,
              "http_status": page.status}
    url = page.url
    if page.kind == "ntb_pressroom_json":  # the press room's own description: no releases in it
        return Document(source_uri=url, kind="other", text="", title=None, language=None,
                        parser="ntb_pressroom_json", content_sha256=page.sha256, releases=(),
                        fetched_at=page.fetched_at, http_status=page.status)
    if page.kind in ("ntb_release_json", "ntb_list_json", "ntb_v2_list_json"):
        try:
            data = json.loads(page.body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ParseError(f"{url}: malformed JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise ParseError(f"{url}: JSON of the wrong shape (expected an object)")
        segment = page_segment(url)
        if page.kind == "ntb_release_json":
            return parse_release_json(data, url, segment=segment, **common)
        return parse_release_list_json(data, url, segment=segment, **common)
    if page.kind == "rss":
        return rss_document(page.body, url, **common)
    html = repair_mojibake(_decode(page.body, page.content_type))
    try:
        if page.kind in ("ksno_listing", "ntb_pressroom_html"):
            return parse_listing_html(html, url, **common)
        kind = "article_page" if page.kind == "ksno_article" else "release_page"
        return parse_release_html(html, url, kind=kind, **common)
    except HtmlShapeError as exc:
        raise ParseError(str(exc)) from exc


def content_sha256(body: bytes) -> str:
    """sha256 of a body, as the archive names it (re-exported for callers that hash before storing)."""
    return sha256_hex(body)
