"""`pressroom probe SOURCE`: ask each endpoint of a platform source once, politely, and say what came back.

Fetches robots.txt, the RSS feed, list page 0, one release detail (again with ?publisherId=&lang= after
a 400/404, as a run does) and that release's HTML page, through the run's PoliteClient (robots.txt,
delays, host checks). For each it reports status, content type, size, and which fields the parsers
read were found, missing, or of another type. `save_dir` keeps the raw bodies (and a manifest), ready
to become test fixtures. No parsing result is stored anywhere else.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from extract.http import FetchError, HttpResult, PoliteClient
from extract.robots import origin
from extract.sources import SourceConfig
from transform.errors import ParseError
from transform.readers.html import HtmlShapeError, load_html, parse_release_html
from transform.readers.ntb_json import list_entries
from transform.readers.rss import parse_rss

# (path, accepted JSON types). "*" is the first key of an object (versions.<lang>), "[0]" the first item.
LIST_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("paging", ("object",)), ("paging.count", ("number",)), ("paging.itemsPerPage", ("number",)),
    ("releases", ("array",)), ("releases.[0].id", ("number", "string")), ("releases.[0].date", ("string",)),
    ("releases.[0].versions", ("object",)), ("releases.[0].versions.*.title", ("string",)),
    ("releases.[0].versions.*.type", ("string",)), ("releases.[0].versions.*.url", ("string",)),
    ("releases.[0].versions.*.metadescription", ("string",)),
)
DETAIL_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("id", ("number", "string")), ("date", ("string",)), ("versions", ("object",)),
    ("versions.*.title", ("string",)), ("versions.*.leadtext", ("string",)),
    ("versions.*.body", ("string", "object")), ("versions.*.contacts", ("object", "array", "string")),
    ("versions.*.keywords", ("string", "array")), ("versions.*.type", ("string", "object")),
)
BODY_COMPLETE = ("versions.*.body.complete", ("string",))  # checked when body is an object
SAVE_NAMES = {"robots.txt": "robots.txt", "rss": "rss.xml", "list": "list_0.json", "detail": "release.json",
              "detail (publisherId, lang)": "release_with_params.json", "page": "release.html"}


@dataclass
class EndpointReport:
    """What one probed endpoint answered (grain: one request of a probe)."""

    endpoint: str
    url: str
    status: int | None = None
    content_type: str | None = None
    size: int | None = None
    error: str | None = None
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    saved: str | None = None
    recovered: bool = False  # failed, but the next request for the same thing worked

    @property
    def ok(self) -> bool:
        """True for a 2xx answer with every field found (or a failure the next request made good)."""
        return self.recovered or (self.error is None and not self.missing and not self.wrong)


def json_type(value: Any) -> str:
    """The JSON type name of a decoded value: object, array, string, number, boolean or null."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "null"


def check_fields(data: Any, fields: Sequence[tuple[str, tuple[str, ...]]]) -> tuple[list[str], list[str], list[str]]:
    """(found, missing, wrong type) for dotted field paths in decoded JSON.

    check_fields({"paging": {"count": 6, "pageSize": 2}}, [("paging.count", ("number",)),
                 ("paging.itemsPerPage", ("number",))]) -> (["paging.count"], ["paging.itemsPerPage"], [])
    A wrong entry reads "path (array, expected object)"; "*" in a path is shown as the key found.
    """
    found: list[str] = []
    missing: list[str] = []
    wrong: list[str] = []
    for path, accepted in fields:
        current: Any = data
        shown: list[str] = []
        state = "found"
        for part in path.split("."):
            if part in ("[0]", "*"):
                # the first item of an array, or the value under whatever key an object has first
                first_item = part == "[0]"
                if not isinstance(current, list if first_item else dict):
                    state = "wrong"
                    break
                if not current:
                    state = "missing"
                    shown.append(part)
                    break
                if not first_item:
                    part = next(iter(current))
                current = current[0] if first_item else current[part]
            else:
                if not isinstance(current, dict):
                    state = "wrong"
                    break
                if part not in current:
                    state = "missing"
                    shown.append(part)
                    break
                current = current[part]
            shown.append(part)
        name = ".".join(shown) or "(top)"
        if state == "missing":
            missing.append(".".join(shown))
        elif state == "wrong":
            wrong.append(f"{name} ({json_type(current)}, not a container)")
        elif json_type(current) not in accepted:
            wrong.append(f"{name} ({json_type(current)}, expected {' or '.join(accepted)})")
        else:
            found.append(name)
    return found, missing, wrong


class _Probe:
    def __init__(self, source: SourceConfig, client: PoliteClient, save_dir: Path | None) -> None:
        self.source = source
        self.client = client
        self.save_dir = save_dir
        self.reports: list[EndpointReport] = []
        self.manifest: list[dict[str, Any]] = []

    def fetch(self, endpoint: str, url: str, robots: bool = True) -> tuple[EndpointReport, HttpResult | None]:
        report = EndpointReport(endpoint, url)
        self.reports.append(report)
        try:
            result = self.client.get(url, robots=robots)
        except FetchError as exc:
            report.status, report.error = exc.status, exc.reason
            return report, None
        report.status, report.content_type, report.size = result.status, result.content_type, len(result.body)
        if self.save_dir is not None:
            self.save_dir.mkdir(parents=True, exist_ok=True)
            target = self.save_dir / SAVE_NAMES.get(endpoint, endpoint.replace(" ", "_"))
            target.write_bytes(result.body)
            report.saved = str(target)
            self.manifest.append({"file": target.name, "url": url, "final_url": result.final_url,
                                  "status": result.status, "content_type": result.headers.get("content-type"),
                                  "fetched_at": result.fetched_at.isoformat()})
        return report, result

    def json_report(self, endpoint: str, url: str,
                    fields: Sequence[tuple[str, tuple[str, ...]]]) -> tuple[EndpointReport, Any]:
        report, result = self.fetch(endpoint, url)
        if result is None:
            return report, None
        try:
            data = json.loads(result.body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            report.error = f"not JSON ({report.content_type or 'no content type'}: {reason})"
            report.missing = [path for path, _ in fields]
            return report, None
        report.found, report.missing, report.wrong = check_fields(data, fields)
        return report, data


def _rss(probe: _Probe, url: str) -> str | None:
    report, result = probe.fetch("rss", url)
    if result is None:
        return None
    try:
        items = parse_rss(result.body)
    except ParseError as exc:
        report.error = str(exc)
        return None
    report.notes.append(f"{len(items)} items")
    first = items[0] if items else None
    for name, present in (("item.title", first is not None and bool(first.title)),
                          ("item.link", first is not None and bool(first.link)),
                          ("item.pubDate", first is not None and first.published_at is not None),
                          ("item.description", first is not None and bool(first.description))):
        (report.found if present else report.missing).append(name)
    return items[0].link if items else None


def _page(probe: _Probe, url: str) -> None:
    report, result = probe.fetch("page", url)
    if result is None:
        return
    html = result.body.decode("utf-8", errors="replace")
    soup = load_html(html)
    # what the page reader looks at first; only an unreadable page counts as a problem
    for name, present in (("<title>", soup.find("title") is not None), ("<h1>", soup.find("h1") is not None),
                          ("og:title", soup.find("meta", attrs={"property": "og:title"}) is not None)):
        if present:
            report.found.append(name)
        else:
            report.notes.append(f"no {name}")
    try:
        doc = parse_release_html(html, url)
    except (HtmlShapeError, ParseError, ValueError) as exc:
        report.missing.append("a readable release (title and text)")
        report.notes.append(f"page reader failed: {exc}")
        return
    release = doc.releases[0] if doc.releases else None
    if release is not None:
        report.notes.append(f"page reader: title {release.title!r}, {len(release.blocks)} text blocks")


def probe(source: SourceConfig, client: PoliteClient, save_dir: Path | None = None) -> list[EndpointReport]:
    """Probe a platform source's endpoints once each; returns one report per request, in order.

    probe(resolve_source("ritzau:2012662", load_sources()), PoliteClient(settings, ["via.ritzau.dk"]))
    -> [EndpointReport("robots.txt", …, status=200), EndpointReport("rss", …), EndpointReport("list", …,
        found=["paging", "paging.count", …]), EndpointReport("detail", …), EndpointReport("page", …)]
    """
    run = _Probe(source, client, save_dir)
    robots_url = origin(source.base_url) + "/robots.txt"
    robots, result = run.fetch("robots.txt", robots_url, robots=False)
    # the client decides by this same answer: robots.txt is not fetched twice
    client.seed_robots(robots_url, robots.status, result.body if result else None,
                       None if robots.status is not None else robots.error)
    if robots.status is not None and robots.status >= 400:
        robots.notes.append("no robots.txt: no restrictions")

    rss_link = _rss(run, source.url(source.rss_path)) if source.rss_path else None
    rid, page_url, lang = None, None, source.version_language
    if source.list_path:
        list_url = source.url(source.list_path, page=source.list_first_page)
        report, data = run.json_report("list", list_url, LIST_FIELDS)
        if data is not None:
            try:
                entries = list_entries(data, list_url, source.release_segment)
            except ParseError as exc:
                report.notes.append(f"list reader failed: {exc}")
                entries = []
            own = [e for e in entries if not e.publisher_id or e.publisher_id == source.publisher_id]
            if len(own) < len(entries):
                report.notes.append(f"{len(entries) - len(own)} of {len(entries)} items of another publisher")
            if own:
                rid, page_url, lang = own[0].release_id, own[0].url, own[0].language or lang
                report.notes.append(f"{len(own)} releases; first {rid} ({own[0].release_type or 'no type'})")
    if rid is None and rss_link:
        from extract.ntb import release_id_from_url

        rid, page_url = release_id_from_url(rss_link), rss_link
    if rid is not None and source.detail_path:
        from extract.ntb import Candidate, detail_urls

        json_url, retry_url, fallback_page = detail_urls(source, Candidate(rid, page_url, language=lang))
        page_url = page_url or fallback_page
        assert json_url is not None
        report, data = run.json_report("detail", json_url, DETAIL_FIELDS)
        if retry_url and report.status in (400, 404):
            first = report
            report, data = run.json_report("detail (publisherId, lang)", retry_url, DETAIL_FIELDS)
            if report.ok:
                first.notes.append("answered when asked with publisherId and lang (below), as a run asks")
                first.recovered = True
        if data is not None:
            found, missing, wrong = check_fields(data, [BODY_COMPLETE]) if isinstance(
                _first_version(data).get("body"), dict) else ([], [], [])
            report.found += found
            report.missing += missing
            report.wrong += wrong
    if page_url is not None:
        _page(run, page_url)
    if robots.status is None:  # never read (host unreachable, refused): no verdict to report
        robots.notes.append("not read, so what it allows is not known")
    else:
        allowed = [r.endpoint for r in run.reports[1:] if client.robots_allows(r.url)]
        refused = [r.endpoint for r in run.reports[1:] if r.endpoint not in allowed]
        robots.notes.append("allows " + (", ".join(allowed) or "none") + ("; disallows " + ", ".join(refused)
                                                                            if refused else ""))
    if save_dir is not None and run.manifest:
        (save_dir / "probe.json").write_text(json.dumps(
            {"source": source.name, "base_url": source.base_url, "responses": run.manifest,
             "reports": [asdict(r) for r in run.reports]}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return run.reports


def _first_version(data: Any) -> dict:
    versions = data.get("versions") if isinstance(data, dict) else None
    if isinstance(versions, dict) and versions:
        first = next(iter(versions.values()))
        return first if isinstance(first, dict) else {}
    return {}


def format_reports(source: SourceConfig, reports: Sequence[EndpointReport]) -> str:
    """The probe's printout: one block per request (status, type, size, URL, then the field verdicts).

    format_reports(src, reports).splitlines()[1]
    -> "robots.txt  200  text/plain  24 B  https://via.ritzau.dk/robots.txt"
    """
    lines = [f"probe {source.name}: {source.base_url} (platform {source.platform}, publisher "
             f"{source.publisher_id}, language {source.version_language})"]
    for r in reports:
        size = f"{r.size} B" if r.size is not None else "-"
        lines.append(f"{r.endpoint:<11} {r.status if r.status is not None else '---'}  "
                     f"{r.content_type or '-'}  {size}  {r.url}")
        if r.error:
            lines.append(f"    error:   {r.error}")
        if r.found:
            lines.append(f"    found:   {', '.join(r.found)}")
        if r.missing:
            lines.append(f"    MISSING: {', '.join(r.missing)}")
        if r.wrong:
            lines.append(f"    WRONG TYPE: {', '.join(r.wrong)}")
        for note in r.notes:
            lines.append(f"    note:    {note}")
        if r.saved:
            lines.append(f"    saved:   {r.saved}")
    bad = [r.endpoint for r in reports if not r.ok and r.endpoint != "robots.txt"]
    lines.append("result: " + ("every endpoint answered with every field" if not bad
                               else f"look at: {', '.join(bad)}"))
    return "\n".join(lines)
