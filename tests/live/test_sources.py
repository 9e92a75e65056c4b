"""sources.toml and command-line source specs -> SourceConfig."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.sources import (
    DEFAULT_SOURCES,
    HttpSettings,
    SourceError,
    load_http_settings,
    load_sources,
    resolve_source,
)

REPO_TOML = Path(__file__).resolve().parents[2] / "sources.toml"


@pytest.fixture(scope="module")
def sources():
    return load_sources(REPO_TOML)


def test_repo_sources_toml_has_the_documented_defaults(sources):
    ntb = sources["ks-ntb"]
    assert (ntb.kind, ntb.base_url, ntb.publisher_id, ntb.publisher) == (
        "ntb", "https://kommunikasjon.ntb.no", "15032900", "KS")
    assert ntb.url(ntb.rss_path) == "https://kommunikasjon.ntb.no/rss/releases/latest?publisherId=15032900"
    assert ntb.url(ntb.list_path, page=0) == (
        "https://kommunikasjon.ntb.no/public-website-api/pressroom/15032900/releases/20/0")
    assert ntb.url(ntb.detail_path, rid=18307640) == (
        "https://kommunikasjon.ntb.no/public-website-api/release/18307640")
    assert sources["ks.no"].kind == "ksno" and sources["ks.no"].rss_path is None


def test_missing_file_gives_defaults(tmp_path):
    assert load_sources(tmp_path / "finnes-ikke.toml") == DEFAULT_SOURCES
    assert load_http_settings(tmp_path / "finnes-ikke.toml") == HttpSettings()


def test_http_settings_from_toml():
    from pressroom.config import load_settings

    settings = load_settings(REPO_TOML.parent / "pressroom.toml", env={}).politeness
    assert settings == HttpSettings()
    assert settings.user_agent == "pressroom/0.1 (+https://github.com/pressroom; press-room ETL)"
    assert (settings.delay_seconds, settings.retries, settings.max_body_bytes) == (1.0, 3, 10 * 1024 * 1024)
    assert (settings.connect_timeout_seconds, settings.read_timeout_seconds) == (5.0, 20.0)


@pytest.mark.parametrize(("toml", "message"), [
    ('[sources.x]\nkind = "ntb"\n', "base_url is required"),
    ('[sources.x]\nkind = "mynewsdesk"\nbase_url = "https://x.no"\n', "kind must be"),
    ('[sources.x]\nkind = "ntb"\nbase_url = "https://x.no"\npublisherid = 1\n', "unknown keys"),
    ('[http]\ndelay = 2\n', "unknown keys"),
    ("[sources.x\n", "sources.toml|Expected"),
])
def test_bad_sources_toml_fails_clearly(tmp_path, toml, message):
    path = tmp_path / "sources.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        load_sources(path)
        load_http_settings(path)


def test_allowed_hosts_default_to_the_base_url_host(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[sources.skr]\nkind = "ntb"\nbase_url = "https://via.tt.se"\npublisher_id = 3235537\n',
                    encoding="utf-8")
    skr = load_sources(path)["skr"]
    assert skr.allowed_hosts == ("via.tt.se",) and skr.publisher_id == "3235537"


@pytest.mark.parametrize(("spec", "kind", "base_url", "publisher_id", "allowed_hosts"), [
    ("ks-ntb", "ntb", "https://kommunikasjon.ntb.no", "15032900", ("kommunikasjon.ntb.no",)),
    ("ntb:15032900", "ntb", "https://kommunikasjon.ntb.no", "15032900", ("kommunikasjon.ntb.no",)),
    ("ntb:17848243", "ntb", "https://kommunikasjon.ntb.no", "17848243", ("kommunikasjon.ntb.no",)),
    ("ks.no", "ksno", "https://www.ks.no", None, ("www.ks.no", "ks.no")),
    ("https://www.ks.no/", "ksno", "https://www.ks.no", None, ("www.ks.no", "ks.no")),
    ("http://127.0.0.1:8080/?publisherId=15032900", "ntb", "http://127.0.0.1:8080", "15032900", ("127.0.0.1",)),
    ("https://kommunikasjon.ntb.no/presserom/15032900/ks/r?categories=19", "ntb",
     "https://kommunikasjon.ntb.no", "15032900", ("kommunikasjon.ntb.no",)),
    ("https://via.tt.se/rss/releases/latest?publisherId=3235537", "ntb", "https://via.tt.se", "3235537",
     ("via.tt.se",)),
    ("https://kommunikasjon.ntb.no/pressemelding/18307640/godt-signal?publisherId=15032900", "url",
     "https://kommunikasjon.ntb.no", "15032900", ("kommunikasjon.ntb.no",)),
    ("https://www.ks.no/fagomrader/okonomi/kommuneproposisjonen-2026/", "url", "https://www.ks.no", None,
     ("www.ks.no",)),
])
def test_resolve_source(sources, spec, kind, base_url, publisher_id, allowed_hosts):
    src = resolve_source(spec, sources)
    assert (src.kind, src.base_url, src.publisher_id, src.allowed_hosts) == (
        kind, base_url, publisher_id, allowed_hosts)


def test_local_server_url_keeps_the_configured_publisher(sources):
    src = resolve_source("http://127.0.0.1:8080/?publisherId=15032900", sources)
    assert src.publisher == "KS"
    assert src.url(src.detail_path, rid=1) == "http://127.0.0.1:8080/public-website-api/release/1"


@pytest.mark.parametrize(("spec", "message"), [
    ("mynewsdesk", "unknown source"),
    ("https://kommunikasjon.ntb.no/", "needs a publisherId"),
    ("ftp://ks.no/", "unknown source"),
])
def test_resolve_source_rejects(sources, spec, message):
    with pytest.raises(SourceError, match=message):
        resolve_source(spec, sources)
