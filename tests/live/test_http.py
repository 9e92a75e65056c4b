"""The polite HTTP client against a local server: retries, Retry-After, timeouts, redirects, robots, caps."""

from __future__ import annotations

import gzip
import time

import pytest
from werkzeug import Request, Response

from extract.http import FetchError, host_allowed, retry_after_seconds

ROBOTS = "User-agent: *\nAllow: /\n"


def test_user_agent_names_the_project(site, make_client):
    site.robots()
    site.serve("/side", b"Hovedstyret i KS vedtok i dag.", "text/plain; charset=utf-8")
    result = make_client().get(site.base + "/side")
    assert result.status == 200
    assert result.body.decode() == "Hovedstyret i KS vedtok i dag."
    request = next(r for r, _ in site.server.log if r.path == "/side")
    assert request.headers["User-Agent"].startswith("pressroom/0.1 (+https://github.com/pressroom")


def test_429_waits_for_retry_after_then_succeeds(site, make_client):
    site.robots()
    site.server.expect_oneshot_request("/public-website-api/release/18420101").respond_with_data(
        "For mange forespørsler", status=429, headers={"Retry-After": "3"})
    site.serve("/public-website-api/release/18420101", b'{"id": 18420101}', "application/json")
    waits: list[float] = []
    client = make_client(sleep=waits.append, max_retry_wait_seconds=10.0)
    result = client.get(site.base + "/public-website-api/release/18420101")
    assert result.status == 200 and result.attempts == 2
    assert client.waits == [3.0]  # Retry-After honoured, not the 0.01 s backoff
    assert 3.0 in waits


def test_retry_after_is_capped(site, make_client):
    site.robots()
    site.server.expect_oneshot_request("/liste").respond_with_data("", status=429,
                                                                  headers={"Retry-After": "3600"})
    site.serve("/liste", b"[]", "application/json")
    client = make_client(max_retry_wait_seconds=0.05)
    assert client.get(site.base + "/liste").status == 200
    assert client.waits == [0.05]


def test_500_then_success_backs_off_exponentially(site, make_client):
    site.robots()
    site.server.expect_oneshot_request("/rss/releases/latest").respond_with_data("feil", status=500)
    site.server.expect_oneshot_request("/rss/releases/latest").respond_with_data("feil", status=503)
    site.serve("/rss/releases/latest", b"<rss/>", "application/rss+xml")
    client = make_client(backoff_seconds=0.01, max_retry_wait_seconds=1.0)
    result = client.get(site.base + "/rss/releases/latest")
    assert result.status == 200 and result.attempts == 3
    assert client.waits == [0.01, 0.02]


def test_persistent_500_gives_up_with_reason(site, make_client):
    site.robots()
    site.server.expect_request("/feil").respond_with_data("feil", status=502)
    with pytest.raises(FetchError, match=r"HTTP 502 after 3 attempts"):
        make_client().get(site.base + "/feil")
    assert site.hits("/feil") == 3


def test_404_is_not_retried(site, make_client):
    site.robots()
    site.server.expect_request("/mangler").respond_with_data("finnes ikke", status=404)
    with pytest.raises(FetchError, match="HTTP 404") as err:
        make_client().get(site.base + "/mangler")
    assert err.value.status == 404
    assert site.hits("/mangler") == 1


def test_read_timeout_is_retried_then_reported(site, make_client):
    site.robots()

    def slow(_request: Request) -> Response:
        time.sleep(0.6)
        return Response("for sent", content_type="text/plain")

    site.server.expect_request("/treg").respond_with_handler(slow)
    client = make_client(read_timeout_seconds=0.2, retries=1)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timeout after 2 attempts"):
        client.get(site.base + "/treg")
    assert time.monotonic() - started < 5


def test_redirect_within_allowed_host_is_followed(site, make_client):
    site.robots()
    site.server.expect_request("/release/18420101").respond_with_data(
        "", status=301, headers={"Location": "/pressemelding/18420101/ks-om-statsbudsjettet"})
    site.serve("/pressemelding/18420101/ks-om-statsbudsjettet", b"<h1>KS om statsbudsjettet</h1>",
               "text/html")
    result = make_client().get(site.base + "/release/18420101")
    assert result.final_url.endswith("/pressemelding/18420101/ks-om-statsbudsjettet")
    assert result.redirects == (site.base + "/release/18420101",)


@pytest.mark.parametrize("location", [
    "http://evil.example.org/pressemelding/1",
    "https://kommunikasjon.ntb.no.evil.example/x",
    "http://localhost:{port}/pressemelding/18420101",  # same server, another host name: still off-site
    "http://127.0.0.1:{other}/pressemelding/18420101",  # same host, another port: not the source's
])
def test_redirect_off_site_is_refused(site, make_client, location):
    site.robots()
    target = location.format(port=site.server.port, other=site.server.port + 1)
    site.server.expect_request("/pressemelding/18420101").respond_with_data("", status=302,
                                                                          headers={"Location": target})
    with pytest.raises(FetchError, match=r"redirect to off-site host .* refused"):
        make_client().get(site.base + "/pressemelding/18420101")
    assert site.hits("/pressemelding/18420101") == 1  # the target was never requested


def test_host_outside_allowed_hosts_is_never_contacted(site, make_client):
    client = make_client(hosts=("kommunikasjon.ntb.no",))
    with pytest.raises(FetchError, match="host not allowed"):
        client.get(site.base + "/robots.txt")
    assert site.server.log == []


def test_robots_disallow_is_obeyed(site, make_client):
    site.robots("User-agent: *\nDisallow: /pressemelding/\n")
    site.serve("/pressemelding/18420106/flere-laerlinger", b"<h1>x</h1>", "text/html")
    with pytest.raises(FetchError, match=r"disallowed by robots\.txt"):
        make_client().get(site.base + "/pressemelding/18420106/flere-laerlinger")
    assert site.hits("/pressemelding/18420106/flere-laerlinger") == 0
    assert site.hits("/robots.txt") == 1


def test_robots_for_our_agent_only(site, make_client):
    site.robots("User-agent: pressroom\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    with pytest.raises(FetchError, match=r"robots\.txt"):
        make_client().get(site.base + "/rss/releases/latest")


def test_missing_robots_txt_allows_everything(site, make_client):
    site.server.expect_request("/robots.txt").respond_with_data("", status=404)
    site.serve("/side", b"ok", "text/plain")
    assert make_client().get(site.base + "/side").status == 200


def test_robots_5xx_disallows_everything(site, make_client):
    site.server.expect_request("/robots.txt").respond_with_data("", status=503)
    with pytest.raises(FetchError, match=r"disallowed by robots.txt \(robots.txt"):
        make_client(retries=0).get(site.base + "/side")


def test_robots_is_fetched_once_per_host(site, make_client):
    site.robots()
    site.serve("/a", b"a", "text/plain")
    site.serve("/b", b"b", "text/plain")
    client = make_client()
    client.get(site.base + "/a")
    client.get(site.base + "/b")
    assert site.hits("/robots.txt") == 1


def test_conditional_get_gets_304(site, make_client):
    site.robots()
    site.serve("/public-website-api/release/18420102", b'{"id": 18420102}', "application/json")
    client = make_client()
    first = client.get(site.base + "/public-website-api/release/18420102")
    second = client.get(site.base + "/public-website-api/release/18420102", etag=first.etag)
    assert first.status == 200 and first.etag
    assert second.status == 304 and second.body == b""


def test_body_cap_stops_reading(site, make_client):
    site.robots()
    site.serve("/stor", b"x" * 5000, "text/plain")
    with pytest.raises(FetchError, match="exceeds the 1000-byte cap"):
        make_client(max_body_bytes=1000).get(site.base + "/stor")


def test_gzip_bomb_counts_decoded_bytes(site, make_client):
    site.robots()
    bomb = gzip.compress(b"\0" * 2_000_000)
    assert len(bomb) < 10_000
    site.server.expect_request("/bombe").respond_with_data(
        bomb, content_type="text/plain", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="cap"):
        make_client(max_body_bytes=100_000).get(site.base + "/bombe")


def test_per_host_delay_spaces_requests(site, make_client):
    site.robots()
    site.serve("/a", b"a", "text/plain")
    slept: list[float] = []
    client = make_client(sleep=slept.append, delay_seconds=0.5)
    client.get(site.base + "/a")
    client.get(site.base + "/a")
    assert slept and max(slept) > 0.3  # the second request waited for its turn


@pytest.mark.parametrize(("url", "allowed", "expected"), [
    ("https://www.ks.no/aktuelt/", ("ks.no",), True),
    ("https://ks.no/aktuelt/", ("www.ks.no", "ks.no"), True),
    ("https://kommunikasjon.ntb.no/pressemelding/1", ("kommunikasjon.ntb.no",), True),
    ("https://ntb.no/pressemelding/1", ("kommunikasjon.ntb.no",), False),
    ("https://evilks.no/", ("ks.no",), False),
    ("http://127.0.0.1:8080/x", ("127.0.0.1:8080",), True),
    ("http://127.0.0.1:8080/x", ("127.0.0.1",), False),  # a bare host allows its default port only
    ("http://127.0.0.1:9999/x", ("127.0.0.1:8080",), False),
    ("https://ks.no:8443/x", ("ks.no",), False),
    ("https://ks.no:443/x", ("ks.no",), True),
    ("http://ks.no/x", ("ks.no",), True),
    ("http://ks.no:99999/x", ("ks.no",), False),
    ("ftp://ks.no/x", ("ks.no",), False),
])
def test_host_allowed(url, allowed, expected):
    assert host_allowed(url, allowed) is expected


@pytest.mark.parametrize(("value", "expected"), [
    ("120", 120.0),
    ("0", 0.0),
    (None, None),
    ("snart", None),
])
def test_retry_after_seconds(value, expected):
    assert retry_after_seconds(value) == expected


def test_retry_after_http_date():
    from datetime import UTC, datetime

    now = datetime(2025, 10, 15, 8, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("Wed, 15 Oct 2025 08:00:30 GMT", now=now) == 30.0
