"""The local fixture server's helpers for the live-source tests (imported by conftest and tests).

Fixture bodies live in tests/live/fixtures/ (hand-built from the documented field names, see
/work/shared/sources/NTB_KOMMUNIKASJON.md); `{base}` in a fixture is replaced by the server's URL.
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
            site.serve(f"/public-website-api/pressroom/{PID}/releases/20/{page}",
                       fixture_bytes(f"ntb/list_{page}.json"), "application/json")
    if detail:
        for rid in JSON_DETAIL_IDS:
            site.serve(f"/public-website-api/release/{rid}", fixture_bytes(f"ntb/release_{rid}.json"),
                       "application/json")
    site.server.expect_request("/public-website-api/release/18420106").respond_with_data(
        '{"error": "Release not found"}', status=404, content_type="application/json")
    site.serve(f"/pressemelding/18420106/{SLUGS['18420106']}", fixture_bytes("ntb/release_18420106.html"),
               "text/html; charset=utf-8")


