"""Source configuration: sources.toml -> SourceConfig, and command-line specs -> one SourceConfig.

A spec is a configured name ("ks-ntb"), "<platform>:<publisherId>" (ntb:, tt:, ritzau:; stt: is
refused until Finnish is read), "ks.no", or an http(s) URL. A URL's kind is inferred: a press-room
host or a URL with `publisherId=` is an NTB-like source whose base URL is the URL's origin (so a local
test server, "http://127.0.0.1:8080/?publisherId=15032900", works as one); a ks.no root or listing URL
is a ks.no source; any other URL is a single page.
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
PUBLISHER_IN_PATH = re.compile(r"^/(?:presserom|nyhedsrum|pressrum)/(\d+)(?:/|$)")
RELEASE_IN_PATH = re.compile(r"/(?:pressemelding|pressemeddelelse|pressmeddelande|release)/(\d{5,})(?:/|$)")
PLATFORM_SPEC = re.compile(r"^(ntb|tt|ritzau|stt):(\d+)$", re.IGNORECASE)
STT_REFUSED = ("STT Info (sttinfo.fi) publishes in Finnish, which the quote, people and amount extractors do "
               "not read yet; stt: sources are refused until Finnish is handled")


@dataclass(frozen=True)
class Platform:
    """One host of the NTB Kommunikasjon platform (grain: one of NTB, Via TT, Via Ritzau, STT Info).

    release_segment: the public release page is `/<segment>/<id>/<slug>` (the list API says
    `/release/<id>/<slug>`); pressroom_path: the HTML press room; version_language: the default key of
    `versions.<lang>` and the `lang=` parameter. Verified vs inferred: docs/sources.md.
    """

    name: str
    host: str
    release_segment: str
    pressroom_path: str
    version_language: str
    text_language: str


PLATFORMS: dict[str, Platform] = {
    # /pressemelding/<id>/<slug>: stored NTB pages; /presserom/<pid>/<slug>/r: public crawler code
    "ntb": Platform("ntb", "kommunikasjon.ntb.no", "pressemelding", "/presserom/{pid}/{slug}/r", "no", "nb"),
    # /pressmeddelande/<id>/<slug>: public links to via.tt.se; the press room path is inferred
    "tt": Platform("tt", "via.tt.se", "pressmeddelande", "/pressrum/{pid}/{slug}/r", "sv", "sv"),
    # /pressemeddelelse/<id>/<slug>: public links to via.ritzau.dk; the pressroom API's `url` says
    # /nyhedsrum/<pid>/<slug> (the trailing /r is inferred from NTB)
    "ritzau": Platform("ritzau", "via.ritzau.dk", "pressemeddelelse", "/nyhedsrum/{pid}/{slug}/r", "da", "da"),
}
PLATFORM_BY_HOST = {p.host: p for p in PLATFORMS.values()} | {"www.ntbinfo.no": PLATFORMS["ntb"],
                                                             "ntbinfo.no": PLATFORMS["ntb"]}
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
    response_deadline_seconds: float = 60.0  # a whole response (headers and body) within this, or cut off
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
    platform: str = "ntb"                     # ntb, tt or ritzau: see PLATFORMS
    rss_path: str | None = "/rss/releases/latest?publisherId={pid}"
    # no ?categories=19: that keeps only "Press release" and drops news and invitations (evidence)
    list_path: str | None = "/public-website-api/pressroom/{pid}/releases/{size}/{page}"
    list_first_page: int = 0
    list_page_size: int = 20
    v2_list_path: str | None = "/json/v2/releases?publisher={pid}&size={size}&page={page}"
    v2_first_page: int = 1
    detail_path: str | None = "/public-website-api/release/{rid}"
    # asked once when the plain detail answers 400/404 (STT-style scrapers send it)
    detail_retry_query: str | None = "publisherId={pid}&lang={lang}"
    release_page_path: str = "/pressemelding/{rid}?publisherId={pid}"
    pressroom_info_path: str | None = "/public-website-api/pressroom/{pid}"  # gives the slug (`url`)
    pressroom_path: str | None = "/presserom/{pid}/{slug}/r"
    pressroom_slug: str | None = None         # the press room's slug when known ("ks")
    version_language: str = "no"              # versions.<lang> key and ?lang= on this platform
    listing_paths: tuple[str, ...] = ()       # ksno: listing pages to start from
    article_pattern: str | None = None         # ksno: regex an article URL must match
    page_url: str | None = None               # url: the single page
    language: str | None = None
    delay_seconds: float | None = None        # overrides HttpSettings.delay_seconds for this source
    extra: Mapping[str, Any] = field(default_factory=dict)

    def url(self, path: str, **values: object) -> str:
        """An absolute URL from a configured path: cfg.url(cfg.detail_path, rid=18307640)."""
        values.setdefault("slug", self.pressroom_slug or "")
        values.setdefault("lang", self.version_language)
        filled = path.format(pid=self.publisher_id or "", size=self.list_page_size, **values)
        if filled.startswith(("http://", "https://")):
            return filled
        return self.base_url.rstrip("/") + "/" + filled.lstrip("/")

    def check_usable(self) -> SourceConfig:
        """This source, or SourceError when sources.toml still has a placeholder ("FILL-IN") in it."""
        if self.kind == "ntb" and not (self.publisher_id or "").isdigit():
            raise SourceError(f"source {self.name}: publisher_id {self.publisher_id!r} is not filled in: "
                              f"{self.how_to_fill_in()}")
        return self

    def how_to_fill_in(self) -> str:
        """How to find a placeholder publisher_id: 'take the number from the press room's address on via.tt.se
        (…/pressrum/<number>/…), check it with `pressroom probe tt:<number>`, then set it in sources.toml'."""
        room = self.pressroom_path.split("{pid}")[0] if self.pressroom_path else "/"
        return (f"take the number from the press room's address on {_host(self.base_url)} ({room}<number>/… or "
                f"?publisherId=<number>), check it with `pressroom probe {self.platform}:<number>`, then set "
                "publisher_id in sources.toml")

    @property
    def pinned_hosts(self) -> tuple[str, ...]:
        """`allowed_hosts` with the base URL's explicit port attached: the client's allow-list.

        An entry without a port allows only the default ports (80, 443), so a source at
        http://127.0.0.1:8080 allows ("127.0.0.1:8080",) and a redirect to :8081 is refused.
        """
        parts = urlsplit(self.base_url)
        try:
            port = parts.port
        except ValueError:
            port = None
        base_host = (parts.hostname or "").lower()
        if port is None:
            return self.allowed_hosts
        return tuple(f"{h}:{port}" if h.lower() == base_host else h for h in self.allowed_hosts)

    @property
    def release_segment(self) -> str:
        """The first path segment of this source's public release pages ("pressemelding")."""
        return self.release_page_path.strip("/").split("/", 1)[0].split("?", 1)[0] or "pressemelding"


KS_NTB = SourceConfig(
    name="ks-ntb", kind="ntb", base_url="https://kommunikasjon.ntb.no", publisher_id="15032900",
    publisher="KS", allowed_hosts=("kommunikasjon.ntb.no",), language="nb", pressroom_slug="ks",
)


def platform_source(platform: str, publisher_id: str | None, *, name: str | None = None) -> SourceConfig:
    """A source on one platform with its host, page paths and default language filled in.

    platform_source("ritzau", "2012662") -> SourceConfig(name="ritzau:2012662", base_url="https://via.ritzau.dk",
    release_page_path="/pressemeddelelse/{rid}?publisherId={pid}", version_language="da", …)
    Raises SourceError for stt (Finnish) and unknown platforms.
    """
    key = platform.lower()
    if key == "stt":
        raise SourceError(f"stt:{publisher_id}: {STT_REFUSED}")
    plat = PLATFORMS.get(key)
    if plat is None:
        raise SourceError(f"unknown platform {platform!r} (one of {', '.join(PLATFORMS)})")
    return replace(
        KS_NTB, name=name or f"{key}:{publisher_id}", platform=key, base_url=f"https://{plat.host}",
        publisher_id=publisher_id, publisher=None, allowed_hosts=(plat.host,), language=plat.text_language,
        release_page_path=f"/{plat.release_segment}/{{rid}}?publisherId={{pid}}",
        pressroom_path=plat.pressroom_path, pressroom_slug=None, version_language=plat.version_language,
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


def readiness(sources: Mapping[str, SourceConfig]) -> list[tuple[str, str | None]]:
    """(name, None) for each configured source a run can use, (name, what is missing) for a placeholder.

    readiness(load_sources()) -> [('ks-ntb', None), ('skr-tt', "publisher_id 'FILL-IN' is not filled in: …"), …]
    """
    out: list[tuple[str, str | None]] = []
    for name, src in sources.items():
        try:
            src.check_usable()
        except SourceError as exc:
            out.append((name, str(exc).removeprefix(f"source {name}: ")))
        else:
            out.append((name, None))
    return out


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
    if str(values.get("platform", "")).lower() == "stt":
        raise SourceError(f"sources.toml [sources.{name}]: {STT_REFUSED}")
    if values.get("kind") == "ntb" and "platform" in values:
        if values["platform"] not in PLATFORMS:
            raise SourceError(f"sources.toml [sources.{name}]: platform must be one of {', '.join(PLATFORMS)}")
        # the platform's page paths and language, unless the table sets its own
        plat = platform_source(values["platform"], None)
        for key in ("release_page_path", "pressroom_path", "version_language"):
            values.setdefault(key, getattr(plat, key))
        values.setdefault("language", plat.language)
    if values.get("kind") not in ("ntb", "ksno", "url"):
        raise SourceError(f"sources.toml [sources.{name}]: kind must be ntb, ksno or url")
    if not values.get("base_url"):
        raise SourceError(f"sources.toml [sources.{name}]: base_url is required")
    for key in ("allowed_hosts", "listing_paths"):
        if key in values:
            values[key] = tuple(values[key])
    if values.get("publisher_id") is not None:
        values["publisher_id"] = str(values["publisher_id"])
    for key in ("rss_path", "list_path", "v2_list_path", "detail_path", "pressroom_path", "pressroom_info_path",
                "detail_retry_query", "pressroom_slug"):
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
    plat = PLATFORM_BY_HOST.get(host)
    base_template = template or (platform_source(plat.name, publisher_id) if plat else KS_NTB)
    prefix = base_template.platform
    return replace(base_template, name=f"{prefix}:{publisher_id}@{parts.netloc}" if host not in NTB_LIKE_HOSTS
                   else f"{prefix}:{publisher_id}", base_url=base, publisher_id=publisher_id, publisher=publisher,
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
        return sources[spec].check_usable()
    on_platform = PLATFORM_SPEC.match(spec)
    if on_platform:
        platform, pid = on_platform.group(1).lower(), on_platform.group(2)
        if platform == "stt":
            raise SourceError(f"{spec}: {STT_REFUSED}")
        for src in sources.values():
            if src.kind == "ntb" and src.publisher_id == pid and src.platform == platform:
                return src
        return platform_source(platform, pid).check_usable()
    if spec.lower() in ("ks.no", "www.ks.no"):
        for src in sources.values():
            if src.kind == "ksno":
                return src
        return KS_NO
    if not spec.lower().startswith(("http://", "https://")):
        known = ", ".join(sorted(sources)) or "none"
        raise SourceError(f"unknown source {spec!r} (configured: {known}; or ntb:<publisherId>, tt:<publisherId>, "
                          "ritzau:<publisherId>, ks.no, a URL)")
    host = _host(spec)
    if host in ("www.sttinfo.fi", "sttinfo.fi"):
        raise SourceError(f"{spec}: {STT_REFUSED}")
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
