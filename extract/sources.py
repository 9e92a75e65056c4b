"""Source configuration: sources.toml -> SourceConfig, and command-line specs -> one SourceConfig.

A spec is a configured name ("ks-ntb"), "ntb:<publisherId>", "ks.no", or an http(s) URL. A URL's kind
is inferred: a press-room host or a URL with `publisherId=` is an NTB-like source whose base URL is
the URL's origin (so a local test server, "http://127.0.0.1:8080/?publisherId=15032900", works as one);
a ks.no root or listing URL is a ks.no source; any other URL is a single page.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

DEFAULT_SOURCES_FILE = Path(__file__).resolve().parent.parent / "sources.toml"
DEFAULT_USER_AGENT = "pressroom/0.1 (+https://github.com/pressroom; press-room ETL)"

# Hosts running the NTB/Via/STT press-release platform (same endpoint families, §1 of the notes).
NTB_LIKE_HOSTS = ("kommunikasjon.ntb.no", "www.ntbinfo.no", "ntbinfo.no", "via.tt.se", "via.ritzau.dk",
                  "www.sttinfo.fi", "sttinfo.fi")
KSNO_HOSTS = ("www.ks.no", "ks.no")
PUBLISHER_IN_PATH = re.compile(r"^/presserom/(\d+)(?:/|$)")
RELEASE_IN_PATH = re.compile(r"/(?:pressemelding|release)/(\d{5,})(?:/|$)")
NTB_SPEC = re.compile(r"^ntb:(\d+)$", re.IGNORECASE)
NAME = re.compile(r"^[A-Za-z0-9_.:-]+$")


class SourceError(ValueError):
    """A source spec or sources.toml entry that cannot be used; the message says why."""


@dataclass(frozen=True)
class HttpSettings:
    """Politeness settings of the one HTTP client (one per run; sources.toml [http])."""

    user_agent: str = DEFAULT_USER_AGENT
    delay_seconds: float = 1.0        # per host, between the start of two requests
    retries: int = 3                  # extra attempts after the first, on 429/5xx/timeouts
    backoff_seconds: float = 1.0      # first backoff; doubles per attempt
    max_retry_wait_seconds: float = 60.0  # cap on any single wait, Retry-After included
    connect_timeout_seconds: float = 5.0
    read_timeout_seconds: float = 20.0
    max_body_bytes: int = 10 * 1024 * 1024  # decoded bytes; bigger bodies are cut off and refused
    max_redirects: int = 5
    obey_robots: bool = True


@dataclass(frozen=True)
class SourceConfig:
    """One configured press room (grain: one source in sources.toml or one command-line spec).

    kind: "ntb" (NTB Kommunikasjon-like platform), "ksno" (ks.no listing pages) or "url" (one page).
    Paths are relative to base_url; `{pid}`, `{size}`, `{page}` and `{rid}` are filled in.
    """

    name: str
    kind: str
    base_url: str
    publisher_id: str | None = None
    publisher: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    rss_path: str | None = "/rss/releases/latest?publisherId={pid}"
    list_path: str | None = "/public-website-api/pressroom/{pid}/releases/{size}/{page}?categories=19"
    list_first_page: int = 0
    list_page_size: int = 20
    v2_list_path: str | None = "/json/v2/releases?publisher={pid}&size={size}&page={page}"
    v2_first_page: int = 1
    detail_path: str | None = "/public-website-api/release/{rid}"
    release_page_path: str = "/pressemelding/{rid}?publisherId={pid}"
    pressroom_path: str | None = "/presserom/{pid}"
    listing_paths: tuple[str, ...] = ()       # ksno: listing pages to start from
    article_pattern: str | None = None         # ksno: regex an article URL must match
    page_url: str | None = None               # url: the single page
    language: str | None = None
    delay_seconds: float | None = None        # overrides HttpSettings.delay_seconds for this source
    extra: Mapping[str, Any] = field(default_factory=dict)

    def url(self, path: str, **values: object) -> str:
        """An absolute URL from a configured path: cfg.url(cfg.detail_path, rid=18307640)."""
        filled = path.format(pid=self.publisher_id or "", size=self.list_page_size, **values)
        if filled.startswith(("http://", "https://")):
            return filled
        return self.base_url.rstrip("/") + "/" + filled.lstrip("/")


KS_NTB = SourceConfig(
    name="ks-ntb", kind="ntb", base_url="https://kommunikasjon.ntb.no", publisher_id="15032900",
    publisher="KS", allowed_hosts=("kommunikasjon.ntb.no",), language="nb",
)
KS_NO = SourceConfig(
    name="ks.no", kind="ksno", base_url="https://www.ks.no", publisher="KS",
    allowed_hosts=("www.ks.no", "ks.no"), rss_path=None, list_path=None, v2_list_path=None,
    detail_path=None, pressroom_path=None,
    # inferred, unverified: ks.no's news listing; configurable in sources.toml
    listing_paths=("/aktuelt/",), article_pattern=r"^https://(?:www\.)?ks\.no/.+/[^/?#]+/?$", language="nb",
)
DEFAULT_SOURCES: dict[str, SourceConfig] = {KS_NTB.name: KS_NTB, KS_NO.name: KS_NO}

_FIELDS = {f for f in SourceConfig.__dataclass_fields__}
_HTTP_FIELDS = {f for f in HttpSettings.__dataclass_fields__}


def _host(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceError(f"not an http(s) URL: {url!r}")
    return parts.hostname.lower()


def _source_from_table(name: str, table: Mapping[str, Any]) -> SourceConfig:
    unknown = set(table) - _FIELDS
    if unknown:
        raise SourceError(f"sources.toml [sources.{name}]: unknown keys {sorted(unknown)}")
    values = dict(table)
    values["name"] = name
    if values.get("kind") not in ("ntb", "ksno", "url"):
        raise SourceError(f"sources.toml [sources.{name}]: kind must be ntb, ksno or url")
    if not values.get("base_url"):
        raise SourceError(f"sources.toml [sources.{name}]: base_url is required")
    for key in ("allowed_hosts", "listing_paths"):
        if key in values:
            values[key] = tuple(values[key])
    if values.get("publisher_id") is not None:
        values["publisher_id"] = str(values["publisher_id"])
    for key in ("rss_path", "list_path", "v2_list_path", "detail_path", "pressroom_path"):
        if values.get(key) == "":
            values[key] = None  # "" in TOML switches an endpoint off
    if not values.get("allowed_hosts"):
        values["allowed_hosts"] = (_host(values["base_url"]),)
    return SourceConfig(**values)


def _read_toml(path: Path | None) -> dict[str, Any]:
    path = path or DEFAULT_SOURCES_FILE
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        try:
            return tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise SourceError(f"{path}: {exc}") from exc


def load_sources(path: Path | None = None) -> dict[str, SourceConfig]:
    """Configured sources by name from sources.toml; the documented defaults when the file is missing.

    load_sources()["ks-ntb"] -> SourceConfig(name="ks-ntb", kind="ntb", publisher_id="15032900", …)
    Raises SourceError for an entry with unknown keys, a bad kind or no base_url.
    """
    data = _read_toml(path)
    tables = data.get("sources")
    if not tables:
        return dict(DEFAULT_SOURCES)
    return {name: _source_from_table(name, table) for name, table in tables.items()}


def load_http_settings(path: Path | None = None) -> HttpSettings:
    """HTTP politeness settings from the [http] table of sources.toml, defaults for what is missing."""
    table = _read_toml(path).get("http") or {}
    unknown = set(table) - _HTTP_FIELDS
    if unknown:
        raise SourceError(f"sources.toml [http]: unknown keys {sorted(unknown)}")
    return HttpSettings(**table)


def _ntb_from_url(url: str, publisher_id: str | None, sources: Mapping[str, SourceConfig]) -> SourceConfig:
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}"
    host = _host(url)
    template = next((s for s in sources.values() if s.kind == "ntb" and s.publisher_id == publisher_id
                     and _host(s.base_url) == host), None)
    if template is None:
        template = next((s for s in sources.values() if s.kind == "ntb" and s.publisher_id == publisher_id),
                        None)
    publisher = template.publisher if template else None
    base_template = template or KS_NTB
    return replace(base_template, name=f"ntb:{publisher_id}@{parts.netloc}" if host not in NTB_LIKE_HOSTS
                   else f"ntb:{publisher_id}", base_url=base, publisher_id=publisher_id, publisher=publisher,
                   allowed_hosts=(host,))


def resolve_source(spec: str, sources: Mapping[str, SourceConfig]) -> SourceConfig:
    """The SourceConfig for a command-line spec.

    resolve_source("ntb:15032900", srcs) -> the configured NTB source of that publisher (or a new one);
    resolve_source("ks.no", srcs) -> the ks.no source;
    resolve_source("http://127.0.0.1:8080/?publisherId=15032900", srcs) -> kind "ntb", base
    "http://127.0.0.1:8080", allowed_hosts ("127.0.0.1",);
    resolve_source("https://kommunikasjon.ntb.no/pressemelding/18307640/godt-signal?publisherId=15032900",
    srcs) -> kind "url" (one release page).
    Raises SourceError for an unknown name or a malformed URL.
    """
    spec = spec.strip()
    if spec in sources:
        return sources[spec]
    ntb = NTB_SPEC.match(spec)
    if ntb:
        pid = ntb.group(1)
        for src in sources.values():
            if src.kind == "ntb" and src.publisher_id == pid:
                return src
        return replace(KS_NTB, name=f"ntb:{pid}", publisher_id=pid, publisher=None)
    if spec.lower() in ("ks.no", "www.ks.no"):
        for src in sources.values():
            if src.kind == "ksno":
                return src
        return KS_NO
    if not spec.lower().startswith(("http://", "https://")):
        known = ", ".join(sorted(sources)) or "none"
        raise SourceError(f"unknown source {spec!r} (configured: {known}; or ntb:<publisherId>, ks.no, a URL)")
    host = _host(spec)
    parts = urlsplit(spec)
    query = parse_qs(parts.query)
    pid_in_path = PUBLISHER_IN_PATH.match(parts.path)
    publisher_id = (query.get("publisherId") or query.get("publisher") or [None])[0] or (
        pid_in_path.group(1) if pid_in_path else None)
    is_release = bool(RELEASE_IN_PATH.search(parts.path)) or "releaseId" in query
    if publisher_id and not is_release:
        return _ntb_from_url(spec, publisher_id, sources)
    if host in KSNO_HOSTS and parts.path in ("", "/"):
        return resolve_source("ks.no", sources)
    if host in NTB_LIKE_HOSTS and not is_release and not publisher_id:
        raise SourceError(f"{spec}: an NTB-like URL needs a publisherId (…?publisherId=15032900)")
    template = next((s for s in sources.values() if host in s.allowed_hosts), None)
    base = f"{parts.scheme}://{parts.netloc}"
    kind_base = template or (KS_NTB if host in NTB_LIKE_HOSTS or is_release else KS_NO)
    return replace(kind_base, name=spec, kind="url", base_url=base, page_url=spec,
                   publisher_id=publisher_id or kind_base.publisher_id,
                   publisher=template.publisher if template else None, allowed_hosts=(host,))
