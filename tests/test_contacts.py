"""Contact blocks of text dumps -> Contact cards, phones -> E.164 (transform/extractors/contacts.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transform.extractors.contacts import (
    body_contacts,
    contact_block_start,
    load_headings,
    parse_contacts,
    phone_e164,
)
from transform.models import Contact

C = Contact

CASES = [
    # (block lines, expected contacts)
    pytest.param(
        ["Pressevakt", "Tel:24 13 26 01kom@ks.noBilder", "Lenker"],
        (C(None, "Pressevakt", phone="+4724132601", email="kom@ks.no"),),
        id="desk-email-glued-to-Bilder"),
    pytest.param(
        ["Mads FremstadRådgiver", "Tel:+4790233059mads.fremstad@ks.noPressevakt",
         "Tel:24 13 26 01kom@ks.noLenker"],
        (C("Mads Fremstad", "Rådgiver", phone="+4790233059", email="mads.fremstad@ks.no"),
         C(None, "Pressevakt", phone="+4724132601", email="kom@ks.no")),
        id="email-glued-to-next-card"),
    pytest.param(
        ["Jan Inge KrossliKommunikasjonsrådgiverKS", "Tel:92886402jik@ks.noFølg pressemeldinger fra KS"],
        (C("Jan Inge Krossli", "Kommunikasjonsrådgiver", "KS", phone="+4792886402", email="jik@ks.no"),),
        id="name-title-org-glued"),
    pytest.param(
        ["Kari NordmannPressesjefKS Innlandet", "Tel:+47 915 00 000kari.nordmann@ks.noOm KS"],
        (C("Kari Nordmann", "Pressesjef", "KS Innlandet", phone="+4791500000",
           email="kari.nordmann@ks.no"),),
        id="org-with-space-then-about"),
    pytest.param(
        ["Ola Nordmann", "Seniorrådgiver", "Tlf: 22 00 00 00", "E-post: ola.nordmann@ks.no"],
        (C("Ola Nordmann", "Seniorrådgiver", phone="+4722000000", email="ola.nordmann@ks.no"),),
        id="one-field-per-line-with-labels"),
    pytest.param(
        ["Anne-Grete Strøm-ErichsenKommunikasjonsdirektør", "Mobil: 900 11 222anne-grete@ks.no"],
        (C("Anne-Grete Strøm-Erichsen", "Kommunikasjonsdirektør", phone="+4790011222",
           email="anne-grete@ks.no"),),
        id="hyphenated-names"),
    pytest.param(
        ["Per Olav ÅsKommunikasjonssjef", "Tel:+4799887766", "per.olav.as@ks.no"],
        (C("Per Olav Ås", "Kommunikasjonssjef", phone="+4799887766", email="per.olav.as@ks.no"),),
        id="email-on-its-own-line"),
    pytest.param(
        ["Pressevakt", "Tel:24 13 26 01kom@ks.noDokumenter"],
        (C(None, "Pressevakt", phone="+4724132601", email="kom@ks.no"),),
        id="cut-at-Dokumenter"),
    pytest.param(
        ["Pressevakt", "Tel:24 13 26 01kom@ks.nobilder"],
        (C(None, "Pressevakt", phone="+4724132601", email="kom@ks.no"),),
        id="lowercase-word-glued-after-tld"),
    pytest.param(
        ["Lise SvenssonPresschefSKR", "Tel:+46 8 452 70 00lise.svensson@skr.seBilder"],
        (C("Lise Svensson", "Presschef", "SKR", phone="+4684527000", email="lise.svensson@skr.se"),),
        id="swedish-card"),
    pytest.param(
        ["PresstjänstTel:+46 8 452 71 00press@skr.seLänkar"],
        (C(None, "Presstjänst", phone="+4684527100", email="press@skr.se"),),
        id="swedish-desk-all-glued"),
    pytest.param(
        ["Mette JensenPressechefKL", "Tel:+45 33 70 33 70mje@kl.dkBilleder"],
        (C("Mette Jensen", "Pressechef", "KL", phone="+4533703370", email="mje@kl.dk"),),
        id="danish-card"),
    pytest.param(
        ["Mads FremstadRådgiver", "Tel:+4790233059mads.fremstad@ks.noJan Inge KrossliKommunikasjonsrådgiverKS",
         "Tel:92886402jik@ks.noFølg pressemeldinger fra KS"],
        (C("Mads Fremstad", "Rådgiver", phone="+4790233059", email="mads.fremstad@ks.no"),
         C("Jan Inge Krossli", "Kommunikasjonsrådgiver", "KS", phone="+4792886402", email="jik@ks.no")),
        id="two-people-second-glued-to-email"),
    pytest.param(
        ["Kommunikasjonsavdelingen", "kommunikasjon@ks.no"],
        (C(None, "Kommunikasjonsavdelingen", email="kommunikasjon@ks.no"),),
        id="desk-email-only"),
    pytest.param(
        ["Tor Arne GangsøArbeidslivsdirektør", "Tel:0047 915 22 333"],
        (C("Tor Arne Gangsø", "Arbeidslivsdirektør", phone="+4791522333"),),
        id="phone-only-0047"),
    pytest.param(
        ["Pressevakt", "Tel:24 13 26 01kom@ks.no", "Bilder", "Gunn Marit Helgesen", "Tel:12345678"],
        (C(None, "Pressevakt", phone="+4724132601", email="kom@ks.no"),),
        id="stop-at-heading-on-own-line"),
    pytest.param([], (), id="empty"),
    pytest.param(["Bilder", "Lenker"], (), id="no-cards"),
    # real NTB pages (data/real/corpus 044, 045): the card is one prose line, title before name
    pytest.param(
        ["Salgsdirektør i Experian, Per Ivar Kristiansen, mobil +47 930 09 713", "", " ",
         "Om Experian"],
        (C("Per Ivar Kristiansen", "Salgsdirektør", "Experian", phone="+4793009713"),),
        id="prose-card-title-org-name-mobil"),
    pytest.param(
        ["Salgsdirektør i Experian, Per Ivar Kristiansen, mobil 930 09 713"],
        (C("Per Ivar Kristiansen", "Salgsdirektør", "Experian", phone="+4793009713"),),
        id="prose-card-national-number"),
    pytest.param(
        ["Pressevakt, tlf. 24 13 26 01"],
        (C(None, "Pressevakt", phone="+4724132601"),),
        id="prose-desk-card-keeps-no-name"),
    # real NTB pages (data/real/corpus 046, 047, 048): a note line and a remark after the number,
    # "Name i Org" as the name line, "Title, Org" as the title line
    pytest.param(
        ["Pressevakt NFD",
         "Pressevakta er betent mellom 8.00 - 15.45 på kvardagar (8.00-15.00 om sumaren).",
         "902 51 303 (ikkje SMS)", "media@nfd.dep.no", "", "Om Nærings- og fiskeridepartementet"],
        (C(None, "Pressevakt NFD", phone="+4790251303", email="media@nfd.dep.no"),),
        id="desk-note-line-and-phone-remark"),
    pytest.param(
        ["Per Einar Ruud i Bisnode", "Kredittøkonom, Bisnode", "+47 92 40 10 04",
         "per.einar.ruud@bisnode.com", "", "Om Bisnode"],
        (C("Per Einar Ruud", "Kredittøkonom", "Bisnode", phone="+4792401004",
           email="per.einar.ruud@bisnode.com"),),
        id="name-at-org-then-title-comma-org"),
    pytest.param(
        ["Ingrid Dahl Hovland", "Adm. direktør, Nye Veier", "+47 905 82 334",
         "ingrid.hovland@nyeveier.no"],
        (C("Ingrid Dahl Hovland", "Adm. direktør", "Nye Veier", phone="+4790582334",
           email="ingrid.hovland@nyeveier.no"),),
        id="title-comma-org"),
    # invented row for one rule: a Danish card prints the title before the name ("Borgmester Hans
    # Lindberg" was one name)
    pytest.param(
        ["Borgmester Hans Lindberg, tlf. 20 30 40 50",
         "Presserådgiver Karin Ek, tlf. 41 85 00 00, kaek@aarhus.dk"],
        (C("Hans Lindberg", "Borgmester", phone="+4720304050"),
         C("Karin Ek", "Presserådgiver", phone="+4741850000", email="kaek@aarhus.dk")),
        id="title-before-name"),
]


@pytest.mark.parametrize(("lines", "expected"), CASES)
def test_parse_contacts(lines: list[str], expected: tuple[Contact, ...]) -> None:
    assert parse_contacts(lines) == expected


def test_swedish_comma_cards_with_unlabelled_numbers() -> None:
    """Invented row for one rule: Swedish comma cards with an unlabelled number last and the party
    after the name (the two cards ran together, with no name)."""
    lines = ["Hans Lindberg (S), kommunstyrelsens ordförande, 090-16 10 00",
             "Karin Ek, kommunikatör, 070-123 45 67, karin.ek@umea.se"]
    assert parse_contacts(lines, default_country="46") == (
        C("Hans Lindberg", "kommunstyrelsens ordförande", phone="+4690161000"),
        C("Karin Ek", "kommunikatör", phone="+46701234567", email="karin.ek@umea.se"),
    )


# issue 19: cards in the four languages and in any order, each read with the page language's calling code.
CARDS_BY_LANGUAGE = [
    # (block lines, calling code, expected contacts)
    pytest.param(
        # real2 page 147 (se-vgregion-presskonferens-efter-extra-regionstyrelse): a press-conference
        # invitation's list, the first card after the heading's colon, two cards on one line
        ["Om presskonferensen Kjell Foss, 0702-41 52 88.",
         "Revisionsdirektör Lennart Voog, 0709-30 17 08. Regionstyrelsens ordförande Roland Andersson "
         "0705-16 70 24.", "", "", "Läs meddelandet som PDF"],
        "46",
        (C("Kjell Foss", None, phone="+46702415288"),
         C("Lennart Voog", "Revisionsdirektör", phone="+46709301708"),
         C("Roland Andersson", "Regionstyrelsens ordförande", phone="+46705167024")),
        id="sv-press-conference-list"),
    pytest.param(
        ["Kari Holm", "kommunikasjonssjef", "902 33 059", "kari.holm@bodo.kommune.no"], "47",
        (C("Kari Holm", "kommunikasjonssjef", phone="+4790233059", email="kari.holm@bodo.kommune.no"),),
        id="nb-one-field-per-line-unlabelled"),
    pytest.param(
        ["Kari Holm (kommunikasjonssjef), tlf. 902 33 059"], "47",
        (C("Kari Holm", "kommunikasjonssjef", phone="+4790233059"),),
        id="nb-title-in-brackets"),
    pytest.param(
        ["902 33 059 – Kari Holm, kommunikasjonssjef"], "47",
        (C("Kari Holm", "kommunikasjonssjef", phone="+4790233059"),),
        id="nb-number-first"),
    pytest.param(
        ["Kari Holm, kari.holm@bodo.kommune.no, 902 33 059"], "47",
        (C("Kari Holm", None, phone="+4790233059", email="kari.holm@bodo.kommune.no"),),
        id="nb-email-before-number"),
    pytest.param(
        ["Fylkesordførar Jon Askeland, mobil 906 12 345"], "47",
        (C("Jon Askeland", "Fylkesordførar", phone="+4790612345"),),
        id="nn-title-before-name"),
    pytest.param(
        ["Borgmester Jacob Bundsgaard kan kontaktes på telefon 41 85 00 00"], "45",
        (C("Jacob Bundsgaard", "Borgmester", phone="+4541850000"),),
        id="da-reach-phrase"),
    pytest.param(
        ["Lise Berg", "Kommunikationschef", "Mobil 23 45 67 89"], "45",
        (C("Lise Berg", "Kommunikationschef", phone="+4523456789"),),
        id="da-one-field-per-line"),
    pytest.param(
        ["Karin Ek, pressekreterare", "Telefon: 070-123 45 67", "E-post: karin.ek@skr.se"], "46",
        (C("Karin Ek", "pressekreterare", phone="+46701234567", email="karin.ek@skr.se"),),
        id="sv-labelled-lines"),
    pytest.param(
        ["Presstjänst: 08-452 70 00, press@skr.se"], "46",
        (C(None, "Presstjänst", phone="+4684527000", email="press@skr.se"),),
        id="sv-desk-with-colon"),
    pytest.param(
        # real3 page 343 (se-mynewsdesk-region-blekinge-ny-ordforande): "tfn" with a spaced dash in the
        # number, and the organisation after the title looks like a name too (was no card)
        ["Christina Mattisson, tillträdande ordförande, Region Blekinge, tfn 0709 – 31 30 09.",
         "Mats Johansson, avgående ordförande, Region Blekinge, tfn 0708 – 67 13 00."], "46",
        (C("Christina Mattisson", "tillträdande ordförande, Region Blekinge", phone="+46709313009"),
         C("Mats Johansson", "avgående ordförande, Region Blekinge", phone="+46708671300")),
        id="sv-tfn-spaced-dash-org-after-title"),
    pytest.param(
        ["Lise Berg, 23 45 67 89", "Pressemødet holdes 2008-03-28 i Aarhus"], "45",
        (C("Lise Berg", None, phone="+4523456789"),),
        id="da-a-date-is-no-number"),
]


@pytest.mark.parametrize(("lines", "country", "expected"), CARDS_BY_LANGUAGE)
def test_cards_by_language(lines: list[str], country: str, expected: tuple[Contact, ...]) -> None:
    assert parse_contacts(lines, default_country=country) == expected


PHONES = [
    ("24 13 26 01", "+4724132601"),
    ("+47 902 33 059", "+4790233059"),
    ("+4790233059", "+4790233059"),
    ("92886402", "+4792886402"),
    ("4790233059", "+4790233059"),
    ("0047 92 88 64 02", "+4792886402"),
    ("Tel: 24 13 26 01", "+4724132601"),
    ("+46 (0)8 452 70 00", "+4684527000"),
    ("+45 33 70 33 70", "+4533703370"),
    ("12 34", None),
    ("2413260", None),  # seven digits: not a Norwegian number
    ("+47 902 33 05", None),
    ("kom@ks.no", None),
    ("", None),
]


@pytest.mark.parametrize(("raw", "expected"), PHONES)
def test_phone_e164(raw: str, expected: str | None) -> None:
    assert phone_e164(raw) == expected


@pytest.mark.parametrize(("raw", "country", "expected"), [
    ("08-452 70 00", "46", "+4684527000"),
    ("33 70 33 70", "45", "+4533703370"),
    ("070-123 45 67", "46", "+46701234567"),
])
def test_phone_e164_other_countries(raw: str, country: str, expected: str) -> None:
    assert phone_e164(raw, country) == expected


@given(st.lists(st.text(max_size=80), max_size=6))
def test_parse_contacts_never_raises(lines: list[str]) -> None:
    for contact in parse_contacts(lines):
        assert contact.phone is None or contact.phone.startswith("+")
        assert contact.email is None or "@" in contact.email


@pytest.mark.parametrize("heading", [
    "For ytterligere informasjon, vennligst kontakt:",  # data/real/corpus 044
    "For ytterligere informasjon, kontakt:",  # data/real/corpus 045
    "Kontakter",
    "Yderligere oplysninger:",  # invented row for one rule: the Danish heading
    "Ytterligare information:",
    # issue 19: the headings of the four languages, from transform/data/contacts/*.txt
    "Presskontakt",
    "Kontaktpersoner",
    "Kontakt",
    "For yderligere information",
    "For mer informasjon",
    "Mer informasjon:",
    "For meir informasjon",
    "För mer information, kontakta:",
    "Kontaktperson",
    "För kommentarer:",  # real3 page 343 (se-mynewsdesk-region-blekinge-ny-ordforande)
])
def test_contact_block_headings(heading: str) -> None:
    """The lines that open a contact block in a text dump, as real pages print them."""
    assert contact_block_start(heading) == []


def test_heading_with_its_first_card_on_one_line() -> None:
    """real2 page 147 (se-vgregion-presskonferens): the first card follows the heading's colon."""
    line = "Kontaktperson: Om presskonferensen Kjell Foss, 0702-41 52 88."
    assert contact_block_start(line) == ["Om presskonferensen Kjell Foss, 0702-41 52 88."]


@pytest.mark.parametrize("line", [
    "For ytterligere informasjon om ordningen, se regjeringen.no.",
    "Kontakt oss gjerne om du har spørsmål.",
    "Kontakt: ring oss gjerne",  # a colon, but no number or address after it
])
def test_prose_is_not_a_contact_heading(line: str) -> None:
    assert contact_block_start(line) is None


BODY_CARDS = [
    pytest.param(
        # real3 page 307 (ntb-kommunikasjon-sd-presseinvitasjon-hareide-trondheim): a press invitation's
        # programme gives a contact per item in its body, and the press contacts after a long heading
        "Markering av oppstart av Nydalsbrua\n"
        "For påkravd påmelding og meir informasjon, kontakt Ole Kristian Åset, Statens vegvesen, 99 25 11 39, "
        "ole.aset@vegvesen.no\n"
        "Pressekontaktar frå Samferdselsdepartementet på turen: Tore Becker 40 49 79 16, Tor Livius Midtbø, "
        "90 60 69 19", "47",
        (C("Ole Kristian Åset", None, organisation="Statens vegvesen", phone="+4799251139",
           email="ole.aset@vegvesen.no"),
         C("Tore Becker", None, phone="+4740497916"), C("Tor Livius Midtbø", None, phone="+4790606919")),
        id="nn-invitation-programme"),
    pytest.param(
        "Har du spørsmål om ordningen, kontakt Kari Holm i Bodø kommune på tlf. 902 33 059.", "47",
        (C("Kari Holm", None, organisation="Bodø kommune", phone="+4790233059"),),
        id="nb-ask-in-a-sentence"),
    pytest.param(
        "Vill du veta mer, kontakta Karin Ek, kommunikatör, 070-123 45 67.", "46",
        (C("Karin Ek", "kommunikatör", phone="+46701234567"),),
        id="sv-ask-in-a-sentence"),
    pytest.param(
        "Kontakt os gerne, hvis du har spørgsmål til ordningen.\nFor mer informasjon, se regjeringen.no.", "47",
        (), id="no-card-without-a-number-or-address"),
]


@pytest.mark.parametrize(("text", "country", "expected"), BODY_CARDS)
def test_body_contacts(text: str, country: str, expected: tuple[Contact, ...]) -> None:
    """Cards printed in a release's body (an ask or a heading, then a card with a number or address)."""
    assert body_contacts(text, default_country=country) == expected


def test_headings_load_from_one_file_per_language(tmp_path) -> None:
    """The heading phrases are data; a file missing or a phrase outside a section is named in the error."""
    phrases = load_headings()
    assert {"presskontakt", "kontaktpersoner", "yderligere oplysninger", "for mer informasjon",
            "ytterligare information"} <= set(phrases["headings"])
    for language in ("nb", "nn", "sv", "da"):
        (tmp_path / f"{language}.txt").write_text("[headings]\nkontakt\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"en\.txt: the word list of language 'en' is missing"):
        load_headings(tmp_path)
    (tmp_path / "en.txt").write_text("contact\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"en\.txt:1: 'contact' stands before any section"):
        load_headings(tmp_path)


def test_a_person_named_in_a_card_title_is_a_person() -> None:
    """real3 page 341 (se-regeringen-kommundelegation): the press secretary's card names the minister."""
    from transform.pipeline import contact_people

    class Release:
        contacts = (C("Jonas Lannering", "Pressekreterare hos civilminister Lena Micko", phone="+4684051000"),)

    people = {(p.name, p.role) for p in contact_people(Release())}  # type: ignore[arg-type]
    assert people == {("Jonas Lannering", "pressekreterare"), ("Lena Micko", "civilminister")}
