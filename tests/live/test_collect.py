"""collect() against the local fixture server: discovery, detail, fallbacks, archive, 304s, reparse."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

import pytest
from live_site import PAGE_SIZE, PID, RELEASE_IDS, Site, fixture_bytes, serve_ntb
from werkzeug import Request, Response

from extract.archive import RawArchive
from extract.live import collect, parse_raw_page
from extract.sources import SourceConfig

ALL_TITLES = {
    "KS om statsbudsjettet: – Overraskende og skuffende",
    "KS og Statsforvalteren inviterer til høstkonferanse på Hamar",
    "Kommuneøkonomien: Ber om 4 milliarder kroner ekstra",
    "Enighet i mellomoppgjøret i kommunesektoren",
    "Ny avtale skal gi raskere digitalisering i kommunene",
    "Flere lærlinger i kommunene enn noen gang",
}


def full_releases(pages, publisher="KS"):
    """{title: release} of every release read in full from the pages."""
    out = {}
    for page in pages:
        doc = parse_raw_page(page, publisher=publisher)
        for rel in doc.releases:
            if rel.has_full_text:
                out[rel.title] = rel
    return out


def test_full_run_ingests_every_fixture_release(site, ntb_source, archive, make_client):
    serve_ntb(site)
    result = collect(ntb_source, archive=archive, validators={}, client=make_client())
    assert result.failures == []
    releases = full_releases(result.pages)
    assert set(releases) == ALL_TITLES
    kinds = sorted(p.kind for p in result.pages)
    assert kinds == ["html"] + ["ntb_list_json"] * 3 + ["ntb_release_json"] * 5 + ["rss"]
    # pagination: paging.count 6 / itemsPerPage 2 is covered by pages 0-2; page 3 is never asked for
    for page in range(3):
        assert site.hits(f"/public-website-api/pressroom/{PID}/releases/{PAGE_SIZE}/{page}") == 1
    assert site.hits(f"/public-website-api/pressroom/{PID}/releases/{PAGE_SIZE}/3") == 0
    # no category filter: the list is asked for every type (Presseinvitasjon included)
    assert not [r for r, _ in site.server.log if "categories" in r.query_string.decode()]
    assert releases["KS og Statsforvalteren inviterer til høstkonferanse på Hamar"].release_type == "Presseinvitasjon"
    # the JSON list worked, so neither json/v2 nor the HTML press room was asked
    assert not any(p.startswith(("/json/v2", "/presserom")) for p in site.paths())
    # every release detail once, even those seen in both RSS and the list
    assert all(site.hits(f"/public-website-api/release/{rid}") == 1 for rid in RELEASE_IDS[:5])
    # 18420106 answers 404: asked once more with ?publisherId=&lang=, then its HTML page is read
    retried = [r.query_string.decode() for r, _ in site.server.log if r.path.endswith("/release/18420106")]
    assert retried == ["", f"publisherId={PID}&lang=no"]
    budget = releases["KS om statsbudsjettet: – Overraskende og skuffende"]
    assert budget.published_at.isoformat() == "2025-10-15T10:02:00+02:00"
    assert budget.release_type == "Pressemelding"
    assert budget.url.startswith(site.base + "/pressemelding/18420101/")
    assert [c.phone for c in budget.contacts] == ["+4790233059", "+4724132601"]
    html_release = releases["Flere lærlinger i kommunene enn noen gang"]
    assert html_release.contacts[0].name == "Siri Bakke"
    assert "World Globe" not in html_release.text and "__INITIAL_STATE__" not in html_release.text


def test_every_fetch_is_logged_and_every_body_archived_once(site, ntb_source, archive, make_client):
    serve_ntb(site)
    result = collect(ntb_source, archive=archive, validators={}, client=make_client())
    logged = list(archive.iter_index())
    # 10 pages + the 404 detail of 18420106, asked twice: plain, then once with ?publisherId=&lang=
    assert len(logged) == len(result.records) == 12
    failed = [r for r in logged if r.error]
    assert [(r.url.rsplit("/", 1)[-1], r.status, r.error) for r in failed] == [
        ("18420106", 404, "HTTP 404"), (f"18420106?publisherId={PID}&lang=no", 404, "HTTP 404")]
    assert archive.object_count() == len({p.sha256 for p in result.pages})
    for page in result.pages:
        assert archive.get(page.sha256) == page.body
        assert page.fetched_at.tzinfo is not None


def test_second_run_gets_304s_and_writes_nothing_new(site, ntb_source, archive, make_client):
    serve_ntb(site)
    first = collect(ntb_source, archive=archive, validators={}, client=make_client())
    objects = archive.object_count()
    second = collect(ntb_source, archive=archive, validators=archive.validators(), client=make_client())
    assert second.pages == []
    assert second.failures == []
    ok = [r for r in second.records if r.error is None]
    assert len(ok) == len(first.pages)
    assert {r.status for r in ok} == {304}
    assert not any(r.changed for r in second.records)
    assert archive.object_count() == objects
    # conditional GETs were sent with the stored ETag
    conditional = [r for r, _ in site.server.log if r.headers.get("If-None-Match")]
    assert len(conditional) == len(first.pages)


def test_unchanged_body_without_etag_is_not_parsed_again(httpserver, ntb_source, archive, make_client):
    site = Site(httpserver, etags=False)
    serve_ntb(site)
    collect(ntb_source, archive=archive, validators={}, client=make_client())
    second = collect(ntb_source, archive=archive, validators=archive.validators(), client=make_client())
    assert second.pages == []
    assert {r.status for r in second.records if r.error is None} == {200}


def test_changed_release_is_the_only_page_returned(site, ntb_source, archive, make_client):
    serve_ntb(site)
    collect(ntb_source, archive=archive, validators={}, client=make_client())
    changed = fixture_bytes("ntb/release_18420104.json").replace(b"3,2 prosent", b"3,4 prosent")
    site.server.clear()  # the site publishes a correction to one release
    serve_ntb(site, detail=False)
    for rid in RELEASE_IDS[:5]:
        body = changed if rid == "18420104" else fixture_bytes(f"ntb/release_{rid}.json")
        site.serve(f"/public-website-api/release/{rid}", body, "application/json")
    second = collect(ntb_source, archive=archive, validators=archive.validators(), client=make_client())
    assert [p.url.rsplit("/", 1)[-1] for p in second.pages] == ["18420104"]
    assert "3,4 prosent" in full_releases(second.pages)["Enighet i mellomoppgjøret i kommunesektoren"].text


def test_since_limits_discovery_and_detail(site, ntb_source, archive, make_client):
    serve_ntb(site)
    result = collect(ntb_source, archive=archive, validators={}, client=make_client(),
                     since=date(2025, 9, 20))
    assert set(full_releases(result.pages)) == {
        "KS om statsbudsjettet: – Overraskende og skuffende",
        "KS og Statsforvalteren inviterer til høstkonferanse på Hamar",
        "Kommuneøkonomien: Ber om 4 milliarder kroner ekstra",
    }
    # page 2 is entirely older than --since: the backfill stops there, page 3 is never asked for
    assert site.hits(f"/public-website-api/pressroom/{PID}/releases/{PAGE_SIZE}/2") == 1
    assert site.hits(f"/public-website-api/pressroom/{PID}/releases/{PAGE_SIZE}/3") == 0
    assert site.hits("/public-website-api/release/18420104") == 0


def test_max_pages_limits_backfill(site, ntb_source, archive, make_client):
    serve_ntb(site)
    result = collect(ntb_source, archive=archive, validators={}, client=make_client(), max_pages=1)
    assert site.hits(f"/public-website-api/pressroom/{PID}/releases/{PAGE_SIZE}/0") == 1
    assert site.hits(f"/public-website-api/pressroom/{PID}/releases/{PAGE_SIZE}/1") == 0
    assert len(full_releases(result.pages)) == 2


def test_json_v2_list_is_the_backfill_fallback(site, ntb_source, archive, make_client):
    serve_ntb(site, list_pages=False)
    site.server.expect_request(f"/public-website-api/pressroom/{PID}/releases/{PAGE_SIZE}/0").respond_with_data(
        "Not Found", status=404)
    for page in (1, 2):
        site.serve("/json/v2/releases", fixture_bytes(f"ntb/v2_page_{page}.json"), "application/json",
                   query={"publisher": PID, "size": str(PAGE_SIZE), "page": str(page)})
    result = collect(ntb_source, archive=archive, validators={}, client=make_client())
    releases = full_releases(result.pages)
    assert {"Kommuneøkonomien: Ber om 4 milliarder kroner ekstra",
            "Enighet i mellomoppgjøret i kommunesektoren"} <= set(releases)
    # json/v2 items carry their bodies: no detail request for them
    assert site.hits("/public-website-api/release/18420103") == 0
    assert site.hits("/public-website-api/release/18420101") == 1  # from RSS
    v2_contacts = releases["Enighet i mellomoppgjøret i kommunesektoren"].contacts
    assert v2_contacts and v2_contacts[0].title == "Pressevakt" and v2_contacts[0].phone == "+4724132601"
    assert [f for f in result.failures if "/public-website-api/pressroom/" in f[0]]


def test_html_pressroom_links_are_the_last_resort(site, ntb_source, archive, make_client):
    serve_ntb(site, list_pages=False, rss=False)
    source = replace(ntb_source, rss_path=None, v2_list_path=None)
    site.server.expect_request(f"/public-website-api/pressroom/{PID}/releases/{PAGE_SIZE}/0").respond_with_data(
        "", status=404)
    # the slug comes from the pressroom API's `url` (its form as seen for Ritzau: /<room>/<pid>/<slug>)
    site.serve(f"/public-website-api/pressroom/{PID}", f'{{"id": {PID}, "url": "/presserom/{PID}/ks"}}'.encode(),
               "application/json")
    site.serve(f"/presserom/{PID}/ks/r", fixture_bytes("ntb/presserom.html"), "text/html; charset=utf-8")
    result = collect(source, archive=archive, validators={}, client=make_client())
    assert set(full_releases(result.pages)) == {"KS om statsbudsjettet: – Overraskende og skuffende",
                                                "Flere lærlinger i kommunene enn noen gang"}
    assert site.hits(f"/public-website-api/pressroom/{PID}") == 1
    # with the slug in the configuration the pressroom API is not asked
    site.server.log.clear()
    configured = replace(source, pressroom_slug="ks", pressroom_info_path=None)
    again = collect(configured, archive=RawArchive(archive.root.parent / "b"), validators={}, client=make_client())
    assert len(full_releases(again.pages)) == 2 and site.hits(f"/public-website-api/pressroom/{PID}") == 0


@pytest.mark.parametrize(("status", "failed"), [(404, False), (410, False), (503, True)])
def test_a_press_room_without_a_feed_is_a_note_not_a_failure(site, ntb_source, archive, make_client, status, failed):
    """Before: a press room with no RSS feed (404) ended every run `partial`, though the list found everything."""
    serve_ntb(site, rss=False)
    site.server.expect_request("/rss/releases/latest").respond_with_data("not found", status=status)
    result = collect(ntb_source, archive=archive, validators={}, client=make_client(retries=0))
    assert set(full_releases(result.pages)) == ALL_TITLES
    feed = ntb_source.url(ntb_source.rss_path)
    if failed:  # a feed that is there but broken is still a failure
        assert result.failures == [(feed, f"HTTP {status} after 1 attempts")] and result.notes == []
    else:
        assert result.failures == []
        assert result.notes == [(feed, f"no RSS feed (HTTP {status}); releases come from the list")]


def test_robots_disallow_fails_one_page_and_the_run_goes_on(site, ntb_source, archive, make_client):
    site.robots("User-agent: *\nDisallow: /pressemelding/\n")
    serve_ntb(site)  # the robots.txt registered first wins
    result = collect(ntb_source, archive=archive, validators={}, client=make_client())
    assert len(full_releases(result.pages)) == 5
    assert len(result.failures) == 1
    url, reason = result.failures[0]
    assert "/pressemelding/18420106/" in url
    assert "robots.txt" in reason and "HTTP 404" in reason
    assert site.hits("/pressemelding/18420106/flere-laerlinger-i-kommunene-enn-noen-gang") == 0


def test_429_500_timeout_and_offsite_redirect_inside_a_run(site, ntb_source, archive, make_client):
    site.server.expect_oneshot_request(f"/public-website-api/pressroom/{PID}/releases/{PAGE_SIZE}/1").respond_with_data(
        "", status=429, headers={"Retry-After": "1"})
    site.server.expect_oneshot_request("/public-website-api/release/18420103").respond_with_data(
        "", status=500)

    def slow(_request: Request) -> Response:
        time.sleep(0.4)
        return Response("{}", content_type="application/json")

    site.server.expect_request("/public-website-api/release/18420102").respond_with_handler(slow)
    site.server.expect_request("/public-website-api/release/18420105").respond_with_data(
        "", status=302, headers={"Location": "https://evil.example.org/release/18420105"})
    serve_ntb(site)
    client = make_client(read_timeout_seconds=0.15, retries=1, max_retry_wait_seconds=0.05)
    result = collect(ntb_source, archive=archive, validators={}, client=client)
    titles = set(full_releases(result.pages))
    assert "Kommuneøkonomien: Ber om 4 milliarder kroner ekstra" in titles  # 500 then success
    assert "Enighet i mellomoppgjøret i kommunesektoren" in titles  # its list page had a 429 first
    reasons = dict(result.failures)
    timed_out = next(r for u, r in reasons.items() if "18420102" in u)
    redirected = next(r for u, r in reasons.items() if "18420105" in u)
    assert "timeout" in timed_out
    assert "off-site host evil.example.org refused" in redirected
    assert len(titles) == 4  # the run went on past both failures
    assert 0.05 in client.waits  # Retry-After: 1 capped at the test's 0.05 s


def test_reparse_rebuilds_from_the_archive_without_network(site, ntb_source, archive, make_client):
    serve_ntb(site)
    first = collect(ntb_source, archive=archive, validators={}, client=make_client())
    collect(ntb_source, archive=archive, validators=archive.validators(), client=make_client())
    requests_before = len(site.server.log)
    pages = list(RawArchive(archive.root).iter_pages())
    assert len(site.server.log) == requests_before
    assert sorted(p.url for p in pages) == sorted(p.url for p in first.pages)
    assert set(full_releases(pages)) == ALL_TITLES


def test_an_index_line_without_fetched_at_is_skipped_with_a_warning_and_the_rest_is_read(
        site, ntb_source, archive, make_client):
    """Before: one such line (a hand edit, another tool's record) failed the whole reparse with a KeyError."""
    import json

    serve_ntb(site)
    first = collect(ntb_source, archive=archive, validators={}, client=make_client())
    lines = archive.index_path.read_text(encoding="utf-8").splitlines()
    damaged = json.loads(lines[3])
    del damaged["fetched_at"]
    lines[3] = json.dumps(damaged)
    lines.insert(5, "[1, 2]")
    archive.index_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = RawArchive(archive.root)
    pages, bad = store.read_pages()
    assert bad == []
    assert sorted(p.url for p in pages) == sorted(p.url for p in first.pages if p.url != damaged["url"])
    assert store.warnings == [f"{archive.index_path}: line 4 skipped (no fetched_at)",
                              f"{archive.index_path}: line 6 skipped (a JSON list, not an object)"]


def test_single_release_url_source(site, archive, make_client):
    from extract.sources import load_sources, resolve_source

    serve_ntb(site)
    url = f"{site.base}/pressemelding/18420106/flere-laerlinger-i-kommunene-enn-noen-gang?publisherId={PID}"
    source = resolve_source(url, load_sources())
    assert source.kind == "url"
    result = collect(source, archive=archive, validators={}, client=make_client())
    assert result.failures == []
    assert [p.kind for p in result.pages] == ["html"]
    assert set(full_releases(result.pages)) == {"Flere lærlinger i kommunene enn noen gang"}


@pytest.fixture
def ksno_source(site) -> SourceConfig:
    return SourceConfig(name="ks.no-test", kind="ksno", base_url=site.base, publisher="KS",
                        allowed_hosts=("127.0.0.1",), rss_path=None, list_path=None, v2_list_path=None,
                        detail_path=None, pressroom_path=None, listing_paths=("/aktuelt/",),
                        article_pattern=r"/fagomrader/.+/[^/?#]+/$")


def serve_ksno(site: Site) -> None:
    site.robots()
    site.serve("/aktuelt/", fixture_bytes("ksno/aktuelt_2.html"), "text/html; charset=utf-8",
               query={"side": "2"})
    site.serve("/aktuelt/", fixture_bytes("ksno/aktuelt.html"), "text/html; charset=utf-8")
    site.serve("/fagomrader/arbeidsgiver/lonn-og-tariff/krevende-tariffoppgjor-i-vente/",
               fixture_bytes("ksno/article_tariff.html"), "text/html; charset=utf-8")
    site.serve("/fagomrader/lokaldemokrati/ungdomspartiene-stiller-seg-bak-valgloftet/",
               fixture_bytes("ksno/article_valgloftet.html"), "text/html; charset=utf-8")
    site.serve("/fagomrader/okonomi/kommuneproposisjonen-2026/",
               fixture_bytes("ksno/article_kommuneprop.html"), "text/html; charset=utf-8")


def test_ksno_listing_pages_and_articles(site, ksno_source, archive, make_client):
    serve_ksno(site)
    result = collect(ksno_source, archive=archive, validators={}, client=make_client())
    assert result.failures == []
    docs = [parse_raw_page(p) for p in result.pages]
    assert sorted(d.kind for d in docs) == ["article_page"] * 3 + ["listing_page"] * 2
    articles = {d.releases[0].title: d.releases[0] for d in docs if d.kind == "article_page"}
    assert set(articles) == {"Krevende tariffoppgjør i vente", "Ungdomspartiene stiller seg bak valgløftet",
                             "Kommuneproposisjonen 2026: – Et stramt opplegg"}
    tariff = articles["Krevende tariffoppgjør i vente"]
    assert tariff.published_at.date() == date(2025, 3, 12)
    assert tariff.contacts[0].phone == "+4748122900"
    # navigation links (/fagomrader/okonomi/) are not articles
    assert site.hits("/fagomrader/okonomi/") == 0


def test_ksno_since_and_max_pages(site, ksno_source, archive, make_client):
    serve_ksno(site)
    result = collect(ksno_source, archive=archive, validators={}, client=make_client(), max_pages=1)
    assert len([p for p in result.pages if p.kind == "ksno_article"]) == 2
    site.server.log.clear()
    other = RawArchive(archive.root.parent / "other")
    result = collect(ksno_source, archive=other, validators={}, client=make_client(),
                     since=date(2025, 3, 10))
    assert [p.url.rstrip("/").rsplit("/", 1)[-1] for p in result.pages if p.kind == "ksno_article"] == [
        "krevende-tariffoppgjor-i-vente"]
