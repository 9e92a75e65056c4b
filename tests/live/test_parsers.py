"""Pure parsers of the live sources: release JSON (both shapes), RSS, HTML pages and fragments."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from live_site import FIXTURES

from extract.archive import RawPage
from extract.live import parse_raw_page
from extract.ntb import release_id_from_url
from transform.errors import ParseError
from transform.models import Contact
from transform.readers.html import (
    NTB_RELEASE_LINK,
    extract_links,
    next_page_link,
    parse_body_html,
    parse_listing_html,
    parse_release_html,
    parse_when,
)
from transform.readers.ntb_json import contact_from_card, list_entries, next_page, parse_release_json
from transform.readers.rss import parse_rss, rss_document

CEST = timezone(timedelta(hours=2))
CET = timezone(timedelta(hours=1))
API = "https://kommunikasjon.ntb.no/public-website-api/release/18420101"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def assert_offsets(release) -> None:
    """Every block sits at its offset in the release text, blocks joined by blank lines."""
    assert release.text == "\n\n".join(b.text for b in release.blocks)
    for block in release.blocks:
        assert release.text[block.start:block.end] == block.text


# -- HTML fragments -> blocks -------------------------------------------------------------------

@pytest.mark.parametrize(("html", "expected"), [
    ("<p>Hovedstyret i KS vedtok i dag å gi mer enn en million kroner.</p>",
     [("paragraph", "Hovedstyret i KS vedtok i dag å gi mer enn en million kroner.")]),
    ("<p>– Vi er sjokkerte, sier styreleder i KS, Gunn Marit Helgesen.<br>– Kommune-Norge vil bidra.</p>",
     [("paragraph", "– Vi er sjokkerte, sier styreleder i KS, Gunn Marit Helgesen."),
      ("paragraph", "– Kommune-Norge vil bidra.")]),
    ("<h2>Støtter lokale myndigheter i Ukraina</h2><h3>Et enormt behov</h3>",
     [("subheading", "Støtter lokale myndigheter i Ukraina"), ("subheading", "Et enormt behov")]),
    ("<p><strong>Fakta om kommuneøkonomien</strong></p>", [("subheading", "Fakta om kommuneøkonomien")]),
    # a bold sentence is emphasis, not a subheading
    ("<p><strong>Fristen er 30. april.</strong></p>", [("paragraph", "Fristen er 30. april.")]),
    ("<blockquote><p>Kommunene kan ikke bære hele regningen.</p></blockquote>",
     [("blockquote", "Kommunene kan ikke bære hele regningen.")]),
    ("<ul><li>Om lag 40 prosent hadde underskudd.</li><li>Netto driftsresultat var 0,6 prosent.</li></ul>",
     [("paragraph", "Om lag 40 prosent hadde underskudd."), ("paragraph", "Netto driftsresultat var 0,6 prosent.")]),
    ("Løs tekst uten avsnitt<p>Så et avsnitt.</p>",
     [("paragraph", "Løs tekst uten avsnitt"), ("paragraph", "Så et avsnitt.")]),
    ("<p>Tekst<script>var x = '– ikke et sitat';</script> fortsetter.</p><svg><title>World Globe</title></svg>",
     [("paragraph", "Tekst fortsetter.")]),
    ("<p>KS\u00a0mener  at\nkommunene\u00ad må få mer.</p>", [("paragraph", "KS mener at kommunene må få mer.")]),
    ("", []),
    ("<p> </p><p></p>", []),
])
def test_parse_body_html(html, expected):
    assert parse_body_html(html) == expected


# -- dates ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("2025-10-15T10:02:00+02:00", datetime(2025, 10, 15, 10, 2, tzinfo=CEST)),
    ("2025-10-15T08:02:00Z", datetime(2025, 10, 15, 8, 2, tzinfo=UTC)),
    ("14.10.2021 11:30:11 CEST", datetime(2021, 10, 14, 11, 30, 11, tzinfo=CEST)),
    ("19.12.2025 13:16:00 CET", datetime(2025, 12, 19, 13, 16, tzinfo=CET)),
    (1760515320000, datetime(2025, 10, 15, 8, 2, tzinfo=UTC)),
    (None, None),
    ("", None),
    ("i morgen tidlig", None),
])
def test_parse_when(value, expected):
    assert parse_when(value) == expected


def test_parse_when_plain_date_is_oslo_midnight():
    when = parse_when("Publisert: 12.03.2025")
    assert when is not None and when.utcoffset() == timedelta(hours=1) and when.hour == 0


# -- contacts -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("card", "expected"), [
    ({"name": "Mads Fremstad", "title": "Rådgiver", "company_department": "KS", "phone": "+47 902 33 059",
      "email": "mads.fremstad@ks.no"},
     Contact("Mads Fremstad", "Rådgiver", "KS", "+4790233059", "mads.fremstad@ks.no")),
    ({"name": "Pressevakt", "phone": "24 13 26 01", "email": "kom@ks.no"},
     Contact(None, "Pressevakt", "KS", "+4724132601", "kom@ks.no")),
    ({"firstname": "Helge", "lastname": "Eide", "jobTitle": "Områdedirektør", "mobile": "930 55 412"},
     Contact("Helge Eide", "Områdedirektør", "KS", "+4793055412", None)),
    ({"name": "Kari Nordmann", "phone": "ring sentralbordet"}, Contact("Kari Nordmann", None, "KS", None, None)),
    ({"image": "/data/images/1.jpg"}, None),
])
def test_contact_from_card(card, expected):
    assert contact_from_card(card, organisation="KS") == expected


# -- release JSON -----------------------------------------------------------------------------------

def test_public_website_api_detail():
    doc = parse_release_json(load("ntb/release_18420101.json"), API, publisher="KS")
    assert doc.kind == "release_page" and doc.parser == "ntb_json" and doc.language == "nb"
    (rel,) = doc.releases
    assert rel.title == "KS om statsbudsjettet: – Overraskende og skuffende"
    assert rel.blocks[0].kind == "lead"
    assert rel.lead.endswith("sier styreleder i KS, Gunn Marit Helgesen.")
    assert [b.kind for b in rel.blocks].count("subheading") == 2
    assert ("blockquote", "Kommunene kan ikke bære hele regningen for statlige reformer.") in [
        (b.kind, b.text) for b in rel.blocks]
    assert rel.has_full_text and rel.publisher == "KS"
    assert rel.url == ("https://kommunikasjon.ntb.no/pressemelding/18420101/"
                       "ks-om-statsbudsjettet-overraskende-og-skuffende?publisherId=15032900&lang=no")
    assert rel.contacts == (
        Contact("Mads Fremstad", "Rådgiver", "KS", "+4790233059", "mads.fremstad@ks.no"),
        Contact(None, "Pressevakt", "KS", "+4724132601", "kom@ks.no"),
    )
    assert "cookieless" not in rel.text and "Regjeringen foreslår en vekst …" not in rel.text
    assert_offsets(rel)


def test_json_v2_press_release_shape():
    doc = parse_release_json(load("ntb/release_18420105.json"), API)
    (rel,) = doc.releases
    assert rel.title == "Ny avtale skal gi raskere digitalisering i kommunene"
    assert rel.published_at == datetime(2025, 6, 2, 11, 15, tzinfo=CEST)
    assert rel.publisher == "KS" and rel.release_type == "Pressemelding"
    assert rel.lead.startswith("KS og Digitaliseringsdirektoratet")
    assert rel.contacts[0] == Contact("Helge Eide", "Områdedirektør for interessepolitikk", "KS",
                                      "+4793055412", "helge.eide@ks.no")
    assert_offsets(rel)


def test_type_id_19_is_pressemelding():
    (rel,) = parse_release_json(load("ntb/release_18420103.json"), API).releases
    assert rel.release_type == "Pressemelding"


@pytest.mark.parametrize(("data", "message"), [
    ({"id": 1, "date": "2025-10-15"}, "lacks both 'versions'"),
    ({"id": 1, "versions": {}}, "empty or malformed 'versions'"),
    ({"id": 1, "versions": {"no": {"leadtext": "<p>Tekst uten tittel.</p>"}}}, "empty 'title'"),
    ({"error": "Release not found"}, "keys: error"),
])
def test_release_json_without_documented_fields_fails_clearly(data, message):
    with pytest.raises(ParseError, match=message):
        parse_release_json(data, API)


def test_list_entries_and_pagination():
    entries = list_entries(load("ntb/list_0.json"), "https://kommunikasjon.ntb.no/public-website-api/x")
    assert [e.release_id for e in entries] == ["18420101", "18420102"]
    assert entries[0].url.startswith("https://kommunikasjon.ntb.no/pressemelding/18420101/")
    assert list_entries(load("ntb/list_3.json"), "u") == []
    assert next_page(load("ntb/v2_page_1.json")) == 2
    assert next_page(load("ntb/v2_page_2.json")) is None
    with pytest.raises(ParseError, match="lacks a 'releases' array"):
        list_entries({"items_total": 3}, "u")
    with pytest.raises(ParseError, match="lacks 'id'"):
        list_entries({"releases": [{"date": "2025-10-15"}]}, "u")


# -- RSS --------------------------------------------------------------------------------------------

def test_parse_rss_items():
    items = parse_rss((FIXTURES / "ntb/rss.xml").read_bytes())
    assert [i.guid for i in items] == ["18420101", "18420102"]
    first = items[0]
    assert first.published_at == datetime(2025, 10, 15, 10, 2, tzinfo=CEST)
    assert first.description.startswith("– Vi er svært overrasket")
    assert "<p>" not in first.description
    assert release_id_from_url(first.link) == "18420101"
    doc = rss_document((FIXTURES / "ntb/rss.xml").read_bytes(), "https://x/rss", publisher="KS")
    assert doc.kind == "listing_page" and not any(r.has_full_text for r in doc.releases)
    assert doc.releases[1].release_type == "Presseinvitasjon"


@pytest.mark.parametrize(("xml", "message"), [
    (b"", "empty"),
    (b"<html><body><h1>Siden finnes ikke</h1></body></html>", "not an RSS or Atom feed"),
    (b"{\"releases\": []}", "not XML|not an RSS"),
])
def test_parse_rss_rejects_non_feeds(xml, message):
    with pytest.raises(ParseError, match=message):
        parse_rss(xml)


def test_parse_rss_does_not_expand_entities():
    xml = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b"<rss><channel><item><title>KS &x;</title><link>https://x/pressemelding/18420101</link>"
           b"</item></channel></rss>")
    items = parse_rss(xml)
    assert all("root:" not in i.title for i in items)


def test_atom_feed_is_read():
    xml = ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Enighet i mellomoppgjøret</title>'
           '<link href="https://kommunikasjon.ntb.no/pressemelding/18420104/enighet"/>'
           "<updated>2025-09-12T14:30:00+02:00</updated><summary>KS og partene ble enige.</summary>"
           "</entry></feed>").encode()
    (item,) = parse_rss(xml)
    assert item.link.endswith("/18420104/enighet") and item.published_at.day == 12


# -- HTML pages -------------------------------------------------------------------------------------

def test_release_html_page_cuts_chrome_and_other_releases():
    html = (FIXTURES / "ntb/release_18420106.html").read_text(encoding="utf-8")
    doc = parse_release_html(html, "https://kommunikasjon.ntb.no/pressemelding/18420106", publisher="KS")
    own, *listed = doc.releases
    assert own.title == "Flere lærlinger i kommunene enn noen gang"
    assert own.published_at == datetime(2025, 5, 20, 8, 45, tzinfo=CEST)
    assert own.release_type == "Pressemelding"
    assert own.lead.startswith("Kommunene og fylkeskommunene tok inn rekordmange lærlinger")
    for noise in ("World Globe", "Facebook icon", "__INITIAL_STATE__", "Foto: KS", "Registrer deg",
                  "Logg inn", "Om KS", "kommunesektorens organisasjon", "Kommunene trenger forutsigbarhet"):
        assert noise not in own.text, noise
    assert own.contacts == (
        Contact("Siri Bakke", "Kommunikasjonsrådgiver", "KS", "+4741122334", "siri.bakke@ks.no"),
        Contact(None, "Pressevakt", "KS", "+4724132601", "kom@ks.no"),
    )
    assert_offsets(own)
    # "Siste pressemeldinger" teasers are releases of their own, never part of this one
    assert [r.title for r in listed] == ["Ny avtale skal gi raskere digitalisering i kommunene",
                                        "– Kommunene trenger forutsigbarhet"]
    assert not any(r.has_full_text for r in listed)
    assert listed[1].text.startswith("– Kommunene må vite hva de skal planlegge etter")
    assert listed[1].published_at == datetime(2025, 5, 12, 10, 0, tzinfo=CEST)


@pytest.mark.parametrize(("html", "title", "first_block"), [
    ('<html><head><meta property="og:title" content="KS gir pengestøtte til Ukraina"></head>'
     "<body><p>Hovedstyret i KS vedtok i dag å gi støtte.</p></body></html>",
     "KS gir pengestøtte til Ukraina", "Hovedstyret i KS vedtok i dag å gi støtte."),
    ("<html><head><title>Lokaldemokrati | KS</title></head><body><main><p>KS skal fremme et levende "
     "lokaldemokrati.</p></main></body></html>", "Lokaldemokrati", "KS skal fremme et levende lokaldemokrati."),
    ("<article><h1>Godt signal</h1><p>14.10.2021 11:30:11 CEST | KS | Pressemelding</p>"
     "<p>– Det er gledelig, sier Helgesen.</p><h2>Kontakter</h2><p>Pressevakt</p></article>",
     "Godt signal", "– Det er gledelig, sier Helgesen."),
])
def test_release_html_title_and_body(html, title, first_block):
    (rel,) = parse_release_html(html, "https://example.org/side").releases
    assert rel.title == title
    assert rel.blocks[0].text == first_block and rel.blocks[0].kind == "lead"


def test_release_html_without_title_or_text_fails():
    with pytest.raises(ValueError, match="no title and no body text"):
        parse_release_html("<html><body><nav><a href='/'>Hjem</a></nav></body></html>", "https://x/")


def test_listing_and_links():
    html = (FIXTURES / "ksno/aktuelt.html").read_text(encoding="utf-8")
    doc = parse_listing_html(html, "https://www.ks.no/aktuelt/")
    assert doc.kind == "listing_page"
    assert [r.title for r in doc.releases] == ["Krevende tariffoppgjør i vente",
                                              "Ungdomspartiene stiller seg bak valgløftet"]
    assert doc.releases[0].url == ("https://www.ks.no/fagomrader/arbeidsgiver/lonn-og-tariff/"
                                   "krevende-tariffoppgjor-i-vente/")
    assert next_page_link(html, "https://www.ks.no/aktuelt/") == "https://www.ks.no/aktuelt/?side=2"
    assert next_page_link("<p>Ingen flere</p>", "https://www.ks.no/aktuelt/") is None
    pressroom = (FIXTURES / "ntb/presserom.html").read_text(encoding="utf-8")
    links = extract_links(pressroom, "https://kommunikasjon.ntb.no/presserom/15032900", NTB_RELEASE_LINK)
    assert [release_id_from_url(u) for u in links] == ["18420101", "18420106"]


@pytest.mark.parametrize(("url", "rid"), [
    ("https://kommunikasjon.ntb.no/pressemelding/18307640/godt-signal?publisherId=15032900", "18307640"),
    ("https://kommunikasjon.ntb.no/pressemelding/ks-lederen?publisherId=15032900&releaseId=17891462",
     "17891462"),
    ("https://www.ntbinfo.no/pressemelding/tittel?publisherId=15032900&releaseId=15941370", "15941370"),
    ("https://kommunikasjon.ntb.no/release/18420533/", "18420533"),
    ("https://kommunikasjon.ntb.no/presserom/15032900/ks/r?categories=19", None),
    ("https://kommunikasjon.ntb.no/data/images/00123/bilde.jpg", None),
    (None, None),
])
def test_release_id_from_url(url, rid):
    assert release_id_from_url(url) == rid


# -- dispatch -------------------------------------------------------------------------------------

def page(kind: str, body: bytes, url: str = API) -> RawPage:
    return RawPage(url=url, final_url=url, status=200, content_type=None, body=body, sha256="ab" * 32,
                   fetched_at=datetime(2025, 10, 15, 8, 0, tzinfo=UTC), kind=kind, publisher="KS")


def test_parse_raw_page_dispatch():
    detail = parse_raw_page(page("ntb_release_json", (FIXTURES / "ntb/release_18420102.json").read_bytes()))
    assert detail.kind == "release_page" and detail.content_sha256 == "ab" * 32 and detail.http_status == 200
    listing = parse_raw_page(page("ntb_list_json", (FIXTURES / "ntb/list_1.json").read_bytes()))
    assert listing.kind == "listing_page" and len(listing.releases) == 2
    assert not any(r.has_full_text for r in listing.releases)
    v2 = parse_raw_page(page("ntb_v2_list_json", (FIXTURES / "ntb/v2_page_1.json").read_bytes()))
    assert v2.releases[0].has_full_text
    article = parse_raw_page(page("ksno_article", (FIXTURES / "ksno/article_tariff.html").read_bytes()))
    assert article.kind == "article_page" and article.language == "nb"
    assert parse_raw_page(page("rss", (FIXTURES / "ntb/rss.xml").read_bytes())).parser == "rss"


@pytest.mark.parametrize(("kind", "body", "message"), [
    ("ntb_release_json", b"<html>Feil</html>", "malformed JSON"),
    ("ntb_release_json", b"[1, 2]", "wrong shape"),
    ("ntb_list_json", b'{"paging": {}}', "lacks a 'releases' array"),
    ("html", b"<html><body></body></html>", "no title and no body"),
])
def test_parse_raw_page_fails_clearly(kind, body, message):
    with pytest.raises(ParseError, match=message):
        parse_raw_page(page(kind, body))


def test_documents_feed_the_shared_extractors():
    from transform.pipeline import extract_document

    doc = parse_release_json(load("ntb/release_18420101.json"), API, publisher="KS")
    (extraction,) = extract_document(doc)
    speakers = {q.speaker_name or q.speaker_as_written for q in extraction.quotes}
    assert any(s and "Helgesen" in s for s in speakers)
    assert any(a.currency == "NOK" for a in extraction.amounts)


def test_old_layout_share_label_above_the_lead_is_skipped():
    html = ("<article><p>KS</p><h1>KS-lederen til kommunene i Viken</h1><p>Del</p>"
            "<p>Denne uken besøker KS-lederen Kongsberg og Hvaler.</p><h2>Nøkkelord</h2><p>kommuner</p></article>")
    (rel,) = parse_release_html(html, "https://www.ntbinfo.no/pressemelding/x?releaseId=17891462").releases
    assert [b.text for b in rel.blocks] == ["Denne uken besøker KS-lederen Kongsberg og Hvaler."]
