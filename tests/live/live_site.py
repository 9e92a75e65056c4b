"""The local fixture server's helpers for the live-source tests (imported by conftest and tests).

Fixture bodies live in tests/live/fixtures/ (see its README.md: which are real responses, which take
the real list shape, which are inferred); `{base}` in a fixture is replaced by the server's URL.
Every served body carries an ETag and answers If-None-Match with 304, like a well-behaved CDN.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from extract.sources import HttpSettings

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PID = "15032900"
PAGE_SIZE = 2  # the NTB fixture lists hold two releases a page (paging.itemsPerPage 2, count 6)
TT_PID, RITZAU_PID, REAL_RITZAU_PID = "9100001", "9200001", "2012662"
TT_IDS, RITZAU_IDS = ("4100001", "4100002"), ("15210001", "15210002")
RELEASE_IDS = ("18420101", "18420102", "18420103", "18420104", "18420105", "18420106")
JSON_DETAIL_IDS = RELEASE_IDS[:5]  # 18420106 has no JSON detail: HTML fallback
SLUGS = {
    "18420106": "flere-laerlinger-i-kommunene-enn-noen-gang",
}
ROBOTS_ALLOW_ALL = "User-agent: *\nAllow: /\n"

# Quick politeness for tests: tiny delays and waits, short timeouts.
FAST = HttpSettings(delay_seconds=0.0, retries=2, backoff_seconds=0.01, max_retry_wait_seconds=0.05,
                    connect_timeout_seconds=1.0, read_timeout_seconds=1.0)


def fixture_bytes(name: str, base: str = "") -> bytes:
    """A fixture file's bytes with `{base}` replaced by the server URL."""
    return (FIXTURES / name).read_bytes().replace(b"{base}", base.encode())


@dataclass
class Site:
    """The fixture server with helpers: serve a body with ETag support, count requests per path."""

    server: HTTPServer
    etags: bool = True
    served: dict[str, bytes] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def serve(self, path: str, body: bytes, content_type: str, query: dict[str, str] | None = None,
              status: int = 200) -> None:
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        etags = self.etags

        def handler(request: Request) -> Response:
            if etags and request.headers.get("If-None-Match") == etag:
                return Response(status=304, headers={"ETag": etag})
            headers = {"ETag": etag} if etags else {}
            return Response(body, status=status, content_type=content_type, headers=headers)

        self.server.expect_request(path, query_string=query).respond_with_handler(handler)
        self.served[path] = body

    def robots(self, text: str = ROBOTS_ALLOW_ALL) -> None:
        self.server.expect_request("/robots.txt").respond_with_data(text, content_type="text/plain")

    def hits(self, path: str) -> int:
        return sum(1 for request, _ in self.server.log if request.path == path)

    def paths(self) -> list[str]:
        return [request.path for request, _ in self.server.log]


def serve_ntb(site: Site, *, detail: bool = True, list_pages: bool = True, rss: bool = True) -> None:
    """Register the NTB endpoints: RSS, three list pages + an empty one, JSON details, one HTML page."""
    site.robots()
    if rss:
        site.serve("/rss/releases/latest", fixture_bytes("ntb/rss.xml", site.base), "application/rss+xml")
    if list_pages:
        for page in range(4):
            site.serve(f"/public-website-api/pressroom/{PID}/releases/{PAGE_SIZE}/{page}",
                       fixture_bytes(f"ntb/list_{page}.json"), "application/json")
    if detail:
        for rid in JSON_DETAIL_IDS:
            site.serve(f"/public-website-api/release/{rid}", fixture_bytes(f"ntb/release_{rid}.json"),
                       "application/json")
    site.server.expect_request("/public-website-api/release/18420106").respond_with_data(
        '{"error": "Release not found"}', status=404, content_type="application/json")
    site.serve(f"/pressemelding/18420106/{SLUGS['18420106']}", fixture_bytes("ntb/release_18420106.html"),
               "text/html; charset=utf-8")




def serve_nordic(site: Site) -> None:
    """Register a Via TT press room (SKR's Swedish text) and a Via Ritzau one (KL's Danish text).

    Real list shape; the Ritzau list also holds another publisher's item (inferred). KL's release
    15210001 answers 404 to the plain detail request and 200 with ?publisherId=&lang=da.
    """
    site.robots()
    for folder, pid, ids in (("tt", TT_PID, TT_IDS), ("ritzau", RITZAU_PID, RITZAU_IDS)):
        site.serve(f"/public-website-api/pressroom/{pid}/releases/20/0",
                   fixture_bytes(f"{folder}/pressroom_{pid}_releases_20_0.json"), "application/json")
        for rid in ids:
            body = fixture_bytes(f"{folder}/release_{rid}.json")
            if rid == "15210001":
                site.serve(f"/public-website-api/release/{rid}", body, "application/json",
                           query={"publisherId": pid, "lang": "da"})
                site.server.expect_request(f"/public-website-api/release/{rid}").respond_with_data(
                    '{"message": "Not found"}', status=404, content_type="application/json")
            else:
                site.serve(f"/public-website-api/release/{rid}", body, "application/json")


def nordic_sources_toml(base: str, path: Path) -> Path:
    """A sources.toml whose TT and Ritzau sources point at the fixture server (RSS switched off)."""
    path.write_text(f"""
[sources.skr-test]
kind = "ntb"
platform = "tt"
base_url = "{base}"
publisher_id = "{TT_PID}"
publisher = "SKR"
rss_path = ""

[sources.kl-test]
kind = "ntb"
platform = "ritzau"
base_url = "{base}"
publisher_id = "{RITZAU_PID}"
publisher = "KL"
rss_path = ""

[sources.ks-test]
kind = "ntb"
platform = "ntb"
base_url = "{base}"
publisher_id = "{PID}"
publisher = "KS"
list_page_size = {PAGE_SIZE}
""", encoding="utf-8")
    return path
