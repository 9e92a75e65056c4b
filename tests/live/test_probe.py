"""`pressroom probe` against the local fixture server: a healthy press room, a renamed field, a 404 and
a body that is not JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from live_site import FIXTURES, PAGE_SIZE, PID, fixture_bytes, nordic_sources_toml, serve_ntb
from typer.testing import CliRunner

from extract.probe import check_fields, probe
from extract.sources import load_sources, resolve_source


@pytest.fixture
def cli_env(site, tmp_path: Path) -> dict[str, str]:
    """Settings for the CLI: sources.toml pointing at the fixture server, no politeness delay."""
    return {"PRESSROOM_SOURCES_FILE": str(nordic_sources_toml(site.base, tmp_path / "sources.toml")),
            "PRESSROOM_POLITENESS_DELAY_SECONDS": "0", "PRESSROOM_POLITENESS_RETRIES": "0"}


@pytest.fixture(autouse=True)
def not_found_is_404(site) -> None:
    site.server.no_handler_status_code = 404  # an unserved path answers like a web server, not 500


def by_endpoint(reports) -> dict:
    return {r.endpoint: r for r in reports}


def test_probe_of_a_healthy_press_room_saves_the_bodies(site, cli_env, tmp_path: Path) -> None:
    from pressroom.cli import app

    serve_ntb(site)
    # the first listed release's public page (the HTML fixture of another release stands in for it)
    site.serve("/pressemelding/18420101/ks-om-statsbudsjettet-overraskende-og-skuffende",
               fixture_bytes("ntb/release_18420106.html"), "text/html; charset=utf-8")
    saved = tmp_path / "saved"
    result = CliRunner().invoke(app, ["probe", "ks-test", "--save", str(saved)], env=cli_env)
    out = result.output
    assert "robots.txt  200  text/plain" in out
    assert f"list        200  application/json  {len(fixture_bytes('ntb/list_0.json'))} B" in out
    assert "found:   paging, paging.count, paging.itemsPerPage, releases, releases.[0].id" in out
    assert "releases.[0].versions.no.title" in out
    assert "detail      200  application/json" in out and "versions.no.body.complete" in out
    size = len(fixture_bytes("ntb/release_18420106.html"))
    assert f"page        200  text/html  {size} B  {site.base}/pressemelding/18420101/ks-om-statsbudsjettet" in out
    assert "found:   <title>, <h1>, og:title" in out and "page reader: title 'Flere lærlinger" in out
    assert "note:    allows rss, list, detail, page" in out
    assert "result: every endpoint answered with every field" in out and result.exit_code == 0, out
    # --save keeps the raw bodies byte for byte, with a manifest
    assert (saved / "list_0.json").read_bytes() == fixture_bytes("ntb/list_0.json")
    assert (saved / "release.json").read_bytes() == fixture_bytes("ntb/release_18420101.json")
    manifest = json.loads((saved / "probe.json").read_text(encoding="utf-8"))
    assert [r["file"] for r in manifest["responses"]] == [
        "robots.txt", "rss.xml", "list_0.json", "release.json", "release.html"]
    # one robots.txt request: the probe's own answer is the one the client obeys
    assert site.hits("/robots.txt") == 1


def test_probe_reports_a_renamed_field_and_a_404(site, cli_env) -> None:
    from pressroom.cli import app

    site.robots()
    renamed = json.loads(fixture_bytes("ntb/list_0.json"))
    renamed["paging"]["pageSize"] = renamed["paging"].pop("itemsPerPage")  # a field renamed
    renamed["releases"][0]["versions"]["no"]["type"] = ["Pressemelding"]  # and one of another type
    site.serve(f"/public-website-api/pressroom/{PID}/releases/{PAGE_SIZE}/0", json.dumps(renamed).encode(),
               "application/json")
    site.server.expect_request("/public-website-api/release/18420101").respond_with_data(
        '{"message": "Not found"}', status=404, content_type="application/json")
    result = CliRunner().invoke(app, ["probe", "ks-test"], env=cli_env)
    out = result.output
    assert result.exit_code == 1
    assert "MISSING: paging.itemsPerPage" in out
    assert "WRONG TYPE: releases.[0].versions.no.type (array, expected string)" in out
    assert "rss         404" in out  # no feed served
    assert "detail      404" in out and "error:   HTTP 404" in out
    # after the 404 the detail is asked once more with the publisher and language, as a run does
    assert "detail (publisherId, lang) 404" in out.replace("  ", " ").replace("  ", " ") or \
        f"/public-website-api/release/18420101?publisherId={PID}&lang=no" in out


def test_probe_reports_a_body_that_is_not_json(site, ntb_source, make_client) -> None:
    site.robots()
    site.serve(f"/public-website-api/pressroom/{PID}/releases/{PAGE_SIZE}/0",
               b"<html><body><h1>503 Service Unavailable</h1></body></html>", "text/html")
    reports = by_endpoint(probe(ntb_source, make_client()))
    listed = reports["list"]
    assert listed.status == 200 and listed.content_type == "text/html"
    assert listed.error.startswith("not JSON (text/html: Expecting value")
    assert "paging.count" in listed.missing and not listed.found
    assert "detail" not in reports  # no release id to ask for


def test_probe_of_the_real_list_response(site, make_client, tmp_path: Path) -> None:
    """The real Via Ritzau list, served as it was captured: every list field the parsers read is there."""
    site.robots()
    site.serve("/public-website-api/pressroom/2012662/releases/20/0",
               (FIXTURES / "ritzau" / "pressroom_2012662_releases_20_0.json").read_bytes(), "application/json")
    path = tmp_path / "sources.toml"
    path.write_text(f'[sources.um]\nkind = "ntb"\nplatform = "ritzau"\nbase_url = "{site.base}"\n'
                    'publisher_id = "2012662"\nrss_path = ""\n', encoding="utf-8")
    reports = by_endpoint(probe(resolve_source("um", load_sources(path)), make_client()))
    listed = reports["list"]
    assert listed.missing == [] and listed.wrong == []
    assert "releases.[0].versions.da.metadescription" in listed.found
    assert "20 releases; first 15198231 (Nyhed)" in listed.notes
    assert reports["page"].url.startswith(f"{site.base}/pressemeddelelse/15198231/bornenes-u-landskalender")


@pytest.mark.parametrize(("data", "found", "missing", "wrong"), [
    ({"paging": {"count": 6}}, ["paging.count"], ["paging.itemsPerPage"], []),
    ({"paging": []}, [], [], ["paging (array, not a container)", "paging (array, not a container)"]),
    ({"paging": {"count": "6", "itemsPerPage": 2}}, ["paging.itemsPerPage"], [],
     ["paging.count (string, expected number)"]),
])
def test_check_fields(data, found, missing, wrong) -> None:
    fields = [("paging.count", ("number",)), ("paging.itemsPerPage", ("number",))]
    assert check_fields(data, fields) == (found, missing, wrong)
