"""Text dumps of press-room pages -> Document and releases (transform/readers/textdump.py)."""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transform.models import BLOCK_KINDS, Contact, Document, ReleaseDraft
from transform.readers.textdump import parse_text_dump

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
GOLD = json.loads((ROOT / "tests" / "gold" / "samples.json").read_text(encoding="utf-8"))["documents"]
# The gold file says "no" for Norwegian; we report bokmål or nynorsk.
LANGUAGE_ALIASES = {"no": {"nb", "nn"}}


def parse_sample(name: str) -> Document:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    return parse_text_dump(text, f"data/samples/{name}", content_sha256="abc")


def assert_offsets(release: ReleaseDraft) -> None:
    """Blocks joined by blank lines are the text, and every block's offset points at its text."""
    assert release.text == "\n\n".join(block.text for block in release.blocks)
    for block in release.blocks:
        assert block.kind in BLOCK_KINDS
        assert release.text[block.start:block.end] == block.text
        assert block.text == block.text.strip() and block.text


def instant(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
def test_sample_matches_gold(gold: dict) -> None:
    doc = parse_sample(gold["file"])
    assert doc.kind == gold["kind"]
    assert doc.language in LANGUAGE_ALIASES.get(gold["language"], {gold["language"]})
    assert doc.parser and doc.content_sha256 == "abc"
    got = [(r.title, instant(r.published_at), r.release_type, r.has_full_text) for r in doc.releases]
    want = [(g["title"], g["published_at"], g["release_type"], g["has_full_text"]) for g in gold["releases"]]
    assert got == want
    for release, want_release in zip(doc.releases, gold["releases"], strict=True):
        assert_offsets(release)
        contacts = [(c.name, c.title, c.phone, c.email) for c in release.contacts]
        assert contacts == [(c["name"], c["title"], c["phone"], c["email"]) for c in want_release["contacts"]]
        if release.published_at is not None:
            assert release.published_at.tzinfo is not None


def test_sample_000_blocks_and_publisher() -> None:
    doc = parse_sample("000_0c407894616695cd.txt")
    main = doc.releases[0]
    assert doc.title == "KS gir pengestøtte til Ukraina"
    assert [b.kind for b in main.blocks] == [
        "lead", "paragraph", "subheading", "paragraph", "subheading", "paragraph", "paragraph", "paragraph"]
    assert main.lead is not None and main.lead.startswith("Hovedstyret i KS vedtok i dag")
    assert "Nøkkelord" not in main.text and "Pressevakt" not in main.text
    assert main.title not in main.text
    assert {r.publisher for r in doc.releases} == {"KS"}
    assert all(b.kind == "teaser" for r in doc.releases[1:] for b in r.blocks)
    assert [r.title_is_quote for r in doc.releases] == [False, False, True, False, True, False]


def test_sample_001_quote_title() -> None:
    main = parse_sample("001_e5bb6b77325dfee6.txt").releases[0]
    assert main.title_is_quote and main.title.startswith("Godt signal")
    assert main.blocks[0].kind == "lead" and main.blocks[0].text.startswith("- Det er gledelig")


def test_sample_003_topic_page_is_not_a_release() -> None:
    doc = parse_sample("003_521018c54f06ab75.txt")
    assert doc.title == "Lokaldemokrati"
    assert all(not r.has_full_text and r.published_at is None for r in doc.releases)
    teaser = doc.releases[3]
    assert teaser.title == 'KS overleverte "Valgløftet 2019"'
    assert teaser.text.startswith("Styreleder Gunn Marit Helgesen med representanter")
    assert "Les flere artikler" not in doc.releases[-1].text and "KONTAKT" not in doc.releases[-1].text


def test_sample_004_is_other() -> None:
    doc = parse_sample("004_1d544c7b3f86820c.txt")
    assert (doc.kind, doc.language, doc.releases) == ("other", "bg", ())


def test_crlf_gives_the_same_releases() -> None:
    text = (SAMPLES / "000_0c407894616695cd.txt").read_text(encoding="utf-8")
    plain = parse_text_dump(text, "a.txt")
    crlf = parse_text_dump(text.replace("\n", "\r\n"), "a.txt")
    assert crlf.releases == plain.releases
    assert "\r" not in crlf.text


KS_ARTICLE = """Kommunene får mer til barnevern
Publisert: 24.03.2021
Regjeringen foreslår å øke rammetilskuddet til kommunene med 300 millioner kroner for å styrke barnevernet.
– Dette er et viktig løft, men det dekker ikke hele behovet, sier KS-leder Gunn Marit Helgesen.
Hva betyr dette for kommunene?
Pengene fordeles etter innbyggertall, og de fleste kommunene vil få en økning fra 1. juli.
Les også
Barnevernsreformen: Status etter ett år
"""

KS_ARTICLE_WORDED_DATE = """# Ny avtale om digitalisering i kommunesektoren

4. mars 2024

Oppdatert 5. mars 2024

KS og Digitaliseringsdirektoratet har signert en ny samarbeidsavtale som skal gjøre det enklere for
kommunene å ta i bruk felles løsninger.

## Felles løsninger

Avtalen gjelder i tre år og omfatter blant annet arbeidet med nasjonale fellesløsninger og
digital sikkerhet i kommunene.
"""

NYNORSK_ARTICLE = """Fylkeskommunane vil ha meir ansvar for kollektivtrafikken
Publisert: 12.09.2023
Fylkeskommunane meiner dei sjølv bør få avgjere korleis pengane til kollektivtrafikken skal nyttast.
– Vi kjenner behova i regionen best, og vi treng ikkje fleire øyremerkte ordningar frå staten, seier fylkesordføraren.
"""

SKR_DUMP = """SKR: Kommunerna behöver stärkta statsbidrag
3.10.2024 09:00:00 CEST | Sveriges Kommuner och Regioner | Pressmeddelande
Kommunerna och regionerna står inför stora ekonomiska utmaningar nästa år, visar SKR:s nya prognos.
– Utan ökade generella statsbidrag kommer många kommuner att behöva skära ned i välfärden, säger SKR:s ordförande.
Kontakter
Lise SvenssonPresschefSKR
Tel:+46 8 452 70 00lise.svensson@skr.seLänkar
Följ pressmeddelanden från Sveriges Kommuner och Regioner
Senaste pressmeddelanden från Sveriges Kommuner och Regioner
Regionerna varnar för underskott i vården2.10.2024 10:15:00 CEST | Pressmeddelande
Regionerna räknar med ett samlat underskott på flera miljarder kronor under nästa år.
I vårt pressrum hittar du alla våra senaste pressmeddelanden.
"""

KL_DUMP = """Aftale om kommunernes økonomi for 2025 er på plads
Regeringen og KL er blevet enige om kommunernes økonomi for næste år og et løft af serviceudgifterne.
– Vi er tilfredse med, at regeringen har lyttet til kommunerne, siger formanden for KL.
Kontakter
Mette JensenPressechef
Tel:+45 33 70 33 70mje@kl.dkBilleder
Følg pressemeddelelser fra KL
Seneste pressemeddelelser fra KL
- Kommunerne skal have frihed til at prioritere27.5.2024 11:00:00 CEST | Pressemeddelelse
Formanden for KL opfordrer regeringen til at give kommunerne mere frihed.
I vores presserum finder du alle vores seneste pressemeddelelser.
"""

LISTING_ONLY = """Kutt preger kommune-budsjettene4.12.2025 07:30:00 CET | Pressemelding
Kommunedirektørene foreslår kutt for å få budsjettene i balanse.
KS inviterer til høstkonferanse i Rogaland4.11.2025 10:57:34 CET | Presseinvitasjon
Ordførere, folkevalgte og kommunedirektører i Rogaland møtes til høstkonferanse i Haugesund.
Besøk vårt presserom
"""

ENGLISH_DUMP = """KS: Local democracy needs predictable funding
14.10.2021 11:30:11 CEST | KS | Press release
The association of local authorities calls on the government to increase the general grant to municipalities.
– Local authorities cannot deliver good services without predictable funding, says the chair of KS.
Contacts
Press desk
Tel:24 13 26 01kom@ks.noImages
Latest press releases from KS
KS welcomes new agreement on digital services2.9.2021 10:00:00 CEST | Press release
KS and the government have signed a new agreement on shared digital services for municipalities.
"""

SLIDES_NB = """# Kommuneøkonomi 2024

## Hovedpunkter

- Økte frie inntekter
- Flere eldre
- Færre arbeidstakere per pensjonist

## Utfordringer

- Rekruttering
- Investeringer
"""

GERMAN = """Der Städtetag fordert mehr Geld für die Kommunen
Die Kommunen in Deutschland stehen vor großen finanziellen Herausforderungen im kommenden Jahr.
Der Präsident des Städtetages sagte, ohne mehr Unterstützung vom Bund müssten viele Städte sparen.
"""


def test_ks_article() -> None:
    doc = parse_text_dump(KS_ARTICLE, "https://www.ks.no/aktuelt/barnevern/")
    assert doc.kind == "text_dump" and doc.language == "nb"
    (release,) = doc.releases
    assert_offsets(release)
    assert release.title == "Kommunene får mer til barnevern"
    assert release.has_full_text and release.url == "https://www.ks.no/aktuelt/barnevern/"
    assert release.published_at == datetime.fromisoformat("2021-03-24T00:00:00+01:00")
    assert [b.kind for b in release.blocks] == ["lead", "paragraph", "subheading", "paragraph"]
    assert "Les også" not in release.text and "Publisert" not in release.text


def test_ks_article_worded_date_and_markdown() -> None:
    (release,) = parse_text_dump(KS_ARTICLE_WORDED_DATE, "article.md").releases
    assert_offsets(release)
    assert release.title == "Ny avtale om digitalisering i kommunesektoren"
    assert release.published_at == datetime.fromisoformat("2024-03-04T00:00:00+01:00")
    assert [b.kind for b in release.blocks] == ["lead", "subheading", "paragraph"]
    # hard-wrapped lines are one paragraph again
    assert release.blocks[0].text.startswith("KS og Digitaliseringsdirektoratet")
    assert release.blocks[0].text.endswith("felles løsninger.")
    assert release.url is None


def test_nynorsk_article() -> None:
    doc = parse_text_dump(NYNORSK_ARTICLE, "nn.txt")
    assert doc.language == "nn" and doc.releases[0].language == "nn"
    assert doc.releases[0].published_at == datetime.fromisoformat("2023-09-12T00:00:00+02:00")


def test_swedish_dump() -> None:
    doc = parse_text_dump(SKR_DUMP, "skr.txt")
    assert doc.kind == "text_dump" and doc.language == "sv"
    main, listed = doc.releases
    assert (main.title, main.release_type, main.publisher) == (
        "SKR: Kommunerna behöver stärkta statsbidrag", "Pressmeddelande", "Sveriges Kommuner och Regioner")
    assert main.published_at == datetime.fromisoformat("2024-10-03T09:00:00+02:00")
    assert main.contacts == (Contact("Lise Svensson", "Presschef", "SKR", "+4684527000", "lise.svensson@skr.se"),)
    assert "Kontakter" not in main.text
    assert (listed.title, listed.has_full_text, listed.publisher) == (
        "Regionerna varnar för underskott i vården", False, "Sveriges Kommuner och Regioner")
    assert listed.text == "Regionerna räknar med ett samlat underskott på flera miljarder kronor under nästa år."


def test_danish_dump() -> None:
    doc = parse_text_dump(KL_DUMP, "kl.txt")
    assert doc.language == "da"
    main, listed = doc.releases
    assert main.publisher == "KL" and main.release_type is None and main.published_at is None
    assert main.contacts == (Contact("Mette Jensen", "Pressechef", None, "+4533703370", "mje@kl.dk"),)
    assert listed.title == "Kommunerne skal have frihed til at prioritere" and listed.title_is_quote
    assert listed.published_at == datetime.fromisoformat("2024-05-27T11:00:00+02:00")
    assert listed.release_type == "Pressemeddelelse"


def test_english_dump() -> None:
    doc = parse_text_dump(ENGLISH_DUMP, "en.txt")
    assert doc.language == "en" and doc.kind == "text_dump"
    main, listed = doc.releases
    assert (main.publisher, main.release_type) == ("KS", "Press release")
    assert main.contacts == (Contact(None, "Press desk", None, "+4724132601", "kom@ks.no"),)
    assert listed.title == "KS welcomes new agreement on digital services"


def test_listing_only_dump() -> None:
    doc = parse_text_dump(LISTING_ONLY, "list.txt", publisher="KS")
    assert doc.kind == "text_dump"
    assert [(r.title, r.has_full_text, r.publisher) for r in doc.releases] == [
        ("Kutt preger kommune-budsjettene", False, "KS"),
        ("KS inviterer til høstkonferanse i Rogaland", False, "KS"),
    ]
    assert doc.releases[1].text.startswith("Ordførere, folkevalgte")
    assert "Besøk" not in doc.releases[1].text


@pytest.mark.parametrize(("text", "language"), [
    (SLIDES_NB, "nb"),
    (GERMAN, "de"),
    ("", None),
    ("Hei!", None),
    ("Notater fra møtet i går.", "nb"),
])
def test_other_documents(text: str, language: str | None) -> None:
    doc = parse_text_dump(text, "x.txt")
    assert (doc.kind, doc.releases, doc.language) == ("other", (), language)
    assert doc.text == text


def test_fetched_at_and_publisher_argument_are_kept() -> None:
    when = datetime.fromisoformat("2025-01-01T12:00:00+00:00")
    doc = parse_text_dump(KS_ARTICLE, "a.txt", publisher="KS", fetched_at=when)
    assert doc.fetched_at == when and doc.releases[0].publisher == "KS"


GLUED_OWN_DATELINE = """Nytt verktøy for beredskap i kommunene14.10.2021 11:30:11 CEST | KS | Pressemelding
KS lanserer i dag et nytt digitalt verktøy som skal hjelpe kommunene med å planlegge for kriser.
– Kommunene har bedt om bedre støtte i beredskapsarbeidet, sier KS-direktøren.
Kontakter
Pressevakt
Tel:24 13 26 01kom@ks.noBilder
"""

FURNITURE_AND_DATE_FIRST = """Hopp til hovedinnhold
Forside / Aktuelt / Økonomi
Nyhet
12. mai 2022
Kommunene venter høyere pensjonskostnader
Nye beregninger viser at kommunenes pensjonskostnader øker mer enn ventet neste år.
Kontaktperson
Kari Nordmann
Seniorrådgiver
902 33 059
kari.nordmann@ks.no
"""


def test_release_page_with_glued_own_dateline() -> None:
    (release,) = parse_text_dump(GLUED_OWN_DATELINE, "p.txt").releases
    assert release.title == "Nytt verktøy for beredskap i kommunene"
    assert (release.publisher, release.release_type, release.has_full_text) == ("KS", "Pressemelding", True)
    assert release.published_at == datetime.fromisoformat("2021-10-14T11:30:11+02:00")
    assert release.contacts == (Contact(None, "Pressevakt", None, "+4724132601", "kom@ks.no"),)


def test_article_with_furniture_type_and_date_above_title() -> None:
    (release,) = parse_text_dump(FURNITURE_AND_DATE_FIRST, "p.txt").releases
    assert release.title == "Kommunene venter høyere pensjonskostnader"
    assert release.release_type == "Nyhet"
    assert release.published_at == datetime.fromisoformat("2022-05-12T00:00:00+02:00")
    assert [b.kind for b in release.blocks] == ["lead"]
    assert release.contacts == (
        Contact("Kari Nordmann", "Seniorrådgiver", None, "+4790233059", "kari.nordmann@ks.no"),)


DATED_NEWS_LIST = """Aktuelt fra KS

Kommunene venter høyere pensjonskostnader
12. mai 2022
Nye beregninger viser at kommunenes pensjonskostnader øker mer enn ventet neste år.

Ny veileder om innbyggerinvolvering
3. mai 2022
KS har laget en veileder for kommuner som vil involvere innbyggerne tidligere i planarbeidet.
Les flere artikler
"""


def test_news_list_with_date_lines() -> None:
    doc = parse_text_dump(DATED_NEWS_LIST, "list.txt")
    assert doc.title == "Aktuelt fra KS"
    assert [(r.title, instant(r.published_at), r.has_full_text) for r in doc.releases] == [
        ("Kommunene venter høyere pensjonskostnader", "2022-05-12T00:00:00+02:00", False),
        ("Ny veileder om innbyggerinvolvering", "2022-05-03T00:00:00+02:00", False),
    ]
    assert doc.releases[1].text.startswith("KS har laget en veileder")
    assert "Les flere" not in doc.releases[1].text


# single-rule layout (not from data/real): a government list, each title over its type/date dateline
GOVERNMENT_LIST = """Pressemeldinger

Regjeringen styrker beredskapen
Pressemelding | 12.10.2023 | Justis- og beredskapsdepartementet
Regjeringen bevilger 150 millioner kroner til beredskap.

Nye tall for kommuneøkonomien
Pressemelding | Dato: 11.10.2023 | Nr: 112/2023
Kommunene fikk et overskudd i fjor.

Invitasjon til pressekonferanse om statsbudsjettet
Presseinvitasjon | 10.10.2023 | Finansdepartementet
Finansministeren legger fram budsjettet.
"""


def test_government_list_with_type_datelines() -> None:
    doc = parse_text_dump(GOVERNMENT_LIST, "list.txt")
    assert [(r.title, instant(r.published_at), r.release_type, r.has_full_text) for r in doc.releases] == [
        ("Regjeringen styrker beredskapen", "2023-10-12T00:00:00+02:00", "Pressemelding", False),
        ("Nye tall for kommuneøkonomien", "2023-10-11T00:00:00+02:00", "Pressemelding", False),
        ("Invitasjon til pressekonferanse om statsbudsjettet", "2023-10-10T00:00:00+02:00", "Presseinvitasjon",
         False),
    ]
    assert doc.releases[0].text == "Regjeringen bevilger 150 millioner kroner til beredskap."


def test_article_with_dateline_and_related_list_stays_one_article() -> None:
    body = "\n\n".join(f"Avsnitt {n} om vedlikehold av kommunale bygg i hele landet." for n in range(6))
    text = (f"Mer til vedlikehold av kommunale bygg\n\nPressemelding | Dato: 05.02.2024 | Nr: 12/2024\n\n{body}\n\n"
            "Regjeringen styrker kommuneøkonomien\nPressemelding | Dato: 01.02.2024 | Nr: 10/2024\n")
    doc = parse_text_dump(text, "article.txt")
    assert doc.releases[0].title == "Mer til vedlikehold av kommunale bygg"
    assert doc.releases[0].has_full_text


SAMPLE_LINES = [
    line
    for path in sorted(SAMPLES.glob("*.txt"))
    for line in path.read_text(encoding="utf-8").split("\n")
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    doc = parse_text_dump(text, "fuzz.txt")
    assert isinstance(doc, Document)
    for release in doc.releases:
        assert_offsets(release)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(SAMPLE_LINES), st.text(max_size=40)), max_size=40),
       st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_never_raises_on_shuffled_dump_lines(lines: list[str], newline: str) -> None:
    doc = parse_text_dump(newline.join(lines), "fuzz.txt")
    assert isinstance(doc, Document)
    for release in doc.releases:
        assert_offsets(release)
        # a page's own release may show no title (None); a listed teaser always has one
        assert release.title is None or release.title.strip()
        assert release.title or release.has_full_text
        assert release.published_at is None or release.published_at.tzinfo is not None


def test_phone_without_country_code_follows_document_language() -> None:
    text = SKR_DUMP.replace("Tel:+46 8 452 70 00", "Tel:08-452 70 00")
    main = parse_text_dump(text, "skr.txt").releases[0]
    assert main.contacts[0].phone == "+4684527000"


BREADCRUMB_LEAD = ("Kommunene har fått nye plikter i barnevernet, men pengene har ikke fulgt med, viser en ny "
                   "rapport som KS la fram i dag.\n")
BREADCRUMB_ROWS = [
    # navigation lines above the title (one step per line, a trail on one line, furniture words)
    ("Forsiden\nFagområder\nBarnevern\nKommunene mangler penger til barnevernet\nPublisert: 14.02.2024\n",
     "Kommunene mangler penger til barnevernet"),
    ("Startsiden\nTema\nOppvekst og utdanning\nKommunene mangler penger til barnevernet\n4. mars 2024\n",
     "Kommunene mangler penger til barnevernet"),
    ("Fagområder > Oppvekst > Barnevern\nKommunene mangler penger til barnevernet\nPublisert: 14.02.2024\n",
     "Kommunene mangler penger til barnevernet"),
    ("Forside › Aktuelt\nKommunene mangler penger til barnevernet\n4. mars 2024\n",
     "Kommunene mangler penger til barnevernet"),
    ("Tema / Klima og miljø\nKommunene mangler penger til barnevernet\n", "Kommunene mangler penger til barnevernet"),
    # steps apart, blank lines between them (regional news: site, region, title)
    ("NRK\n\nNordland\n\nKommunene mangler penger til barnevernet\n\nPublisert 12. okt. 2023 kl. 10:15\n",
     "Kommunene mangler penger til barnevernet"),
    ("Lokalavisa\n\nNYHETER\n\nKommunene mangler penger til barnevernet\n\n12.10.2023 10:15\n",
     "Kommunene mangler penger til barnevernet"),
    # a short title after the navigation: the date line after it shows it is the title
    ("Forsiden\nAktuelt\nNy barnevernsrapport\nPublisert: 14.02.2024\n", "Ny barnevernsrapport"),
    ("Fagområder\nBarnevern\nNy barnevernsrapport\n", "Ny barnevernsrapport"),
    # negatives: a short title without navigation, a title with a slash, a one-line title
    ("Ny barnevernsrapport\n12.2.2024 08:00:00 CET | KS | Pressemelding\n", "Ny barnevernsrapport"),
    ("Barnevern / økonomi: Kommunene mangler penger\nPublisert: 14.02.2024\n",
     "Barnevern / økonomi: Kommunene mangler penger"),
    ("Kommunene mangler penger til barnevernet\nPublisert: 14.02.2024\n", "Kommunene mangler penger til barnevernet"),
]


@pytest.mark.parametrize(("head", "title"), BREADCRUMB_ROWS, ids=[r[0].split("\n")[0] for r in BREADCRUMB_ROWS])
def test_breadcrumbs_above_title_are_not_the_title(head: str, title: str) -> None:
    (release,) = parse_text_dump(head + BREADCRUMB_LEAD, "article.txt").releases
    assert release.title == title
    assert release.text.startswith("Kommunene har fått nye plikter")
    assert_offsets(release)


# ---- generic article fallback: real page layouts (lines from data/real) ------------------------------

IA_LEAD = ("– KS er glade for at partene i arbeidslivet og regjeringen har klart å bli enige om en ny "
           "IA-avtale, sier Tor Arne Gangsø, arbeidslivsdirektør i KS.")
IA_QUOTE = ("- Det høye sykefraværet i Norge er et stort samfunnsproblem.  Det er viktig å inkludere flest "
            "mulig i arbeidslivet, sier Tor Arne Gangsø, arbeidslivsdirektør i KS.")
NORM_QUOTE = ("- Det er skuffende at regjeringen fortsetter å opptre som om bemanningsnormen er fullfinansiert, "
              "etter at vi har dokumentert grundig at den ikke er det, sier styreleder i KS, Gunn Marit Helgesen.")
BOLIG_QUOTE = ("– Utviklingen i boligprisene i november vitner om et fortsatt sterkt boligmarked i Norge, og "
               "utviklingen er sterkere enn normalt for november å være, sier Christian Vammervold Dreyer.")
GENERIC_ROWS = [
    # (id, page text, title, release type, ISO published_at, body must contain, body must not contain)
    ("ntb-del-under-title",  # 001: title, "Del", lead; a caption repeating the quote with its credit
     f"KS glad for ny IA-avtale på overtid\n\nDel\n\n{IA_LEAD}\n\n{IA_QUOTE}\n{IA_QUOTE} Foto: Johnny Syversen\n\n"
     "Følg pressemeldinger fra KS\n\nRegistrer deg med din e-postadresse under.",
     "KS glad for ny IA-avtale på overtid", None, None, [IA_LEAD, IA_QUOTE.replace("  ", " ")],
     ["Del\n", "Foto:", "Følg pressemeldinger", "Registrer deg"]),
    ("ntbinfo-publisher-label",  # 008: "KS" above the title, caption printed twice
     f"KS\n\nBemanningsnorm i barnehagene er ikke finansiert\n\nDel\n{NORM_QUOTE}\n"
     "Styreleder i KS Gunn Marit Helgesen. Foto: KS\nStyreleder i KS Gunn Marit Helgesen. Foto: KS\n\n"
     "Det andre Helgesen reagerer på, er at bevilgningene til flom- og rassikring ikke økes.",
     "Bemanningsnorm i barnehagene er ikke finansiert", None, None,
     [NORM_QUOTE, "Styreleder i KS Gunn Marit Helgesen.\n\nDet andre"], ["Foto: KS", "\nKS\n"]),
    ("site-label-without-share-button",  # a publisher or site name above the title is no title
     "spekter.no\n\nEnighet mellom Spekter og Legeforeningen\n\nSpekter er fornøyd med å ha kommet til "
     "enighet med Legeforeningen i de sentrale forhandlingene.",
     "Enighet mellom Spekter og Legeforeningen", None, None, ["Spekter er fornøyd"], ["spekter.no"]),
    ("type-in-title",  # 004: "Presseinvitasjon: …" gives the type; a credit alone is dropped
     "KS\n\nPresseinvitasjon: Kommunalpolitisk toppmøte 2023\n\nDel\nHva gjør vi når alt stiger? Landets "
     "ordførere og toppledelse møtes for å finne løsninger på problemene.\nFoto: Dag Tynes\nFoto: Dag Tynes\n\n"
     "Sted: Clarion Hotel the Hub i Oslo.",
     "Presseinvitasjon: Kommunalpolitisk toppmøte 2023", "Presseinvitasjon", None, ["Sted: Clarion"],
     ["Foto", "Dag Tynes"]),
    ("capture-starts-with-lead",  # 050: no title line, the capture opens with its lead sentence
     f"Boligprisene er nå 6,8 prosent høyere enn for ett år siden.\n\n{BOLIG_QUOTE}",
     None, None, None, ["Boligprisene er nå 6,8 prosent", BOLIG_QUOTE], []),
    ("pull-quote-and-attribution",  # 011: a pull-quote and its speaker's name above the lead
     "- Saken er av stor betydning for KS’ medlemmer og for brukerne av avlastningstjenestene.\n\n"
     "Gunn Marit Helgesen\n\nKS vil avgi høringsuttalelse i saken så snart det konkrete forslaget foreligger.",
     None, None, None, ["- Saken er av stor betydning", "KS vil avgi høringsuttalelse"], []),
    ("long-pull-quote-without-stop",  # 034: a 22-word pull-quote without a full stop is not a title
     "En bitter realitet for kommunene er at jo mer sektorens lønnskostnader øker, jo vanskeligere blir det "
     "isolert sett å opprettholde nivået på tjenestene\n\nTor Arne Gangsø, forhandlingsleder for KS\n\n"
     "Lønnsoppgjøret er snart i gang, og KS forbereder seg på et hovedoppgjør i kommunal sektor.",
     None, None, None, ["Lønnsoppgjøret er snart i gang"], []),
    ("pull-quote-glued-to-caption",  # 032: "…arbeidsplasser.Bjørn Arild Gram" is no title
     "Publisert: 09.12.2020\nEt velfungerende næringsliv bidrar til attraktive lokalsamfunn og nye "
     "arbeidsplasser.Bjørn Arild Gram, styreleder i KS\n- NHO og KS har felles interesse i å skape gode "
     "vertskapskommuner for næringslivet, sier Gram.",
     None, None, "2020-12-09T00:00:00+01:00", ["NHO og KS har felles interesse"], ["Publisert"]),
    ("breadcrumb-glued-to-title",  # 053
     "spekter.no>Enighet mellom Spekter og Legeforeningen i de sentrale forhandlingene for sykehusene\n\n"
     "-Spekter er fornøyd med å ha kommet til enighet med Legeforeningen i de sentrale forhandlingene, "
     "sier Spekters administrerende direktør Anne-Kari Bratten.",
     "Enighet mellom Spekter og Legeforeningen i de sentrale forhandlingene for sykehusene", None, None,
     ["-Spekter er fornøyd"], ["spekter.no"]),
    ("mynewsdesk-type-bullet-date",  # 049: "Pressemelding • apr 12, 2016 15:00 CEST", a flattened table
     "Skip to main content\n\nMer til de gode formålene\n\nPressemelding   •   apr 12, 2016 15:00 CEST\n\n"
     "Aldri før har så mye penger gått til samfunnsnyttige formål fra Norsk Tipping som nå.\n\n"
     "Fordelingen ser slik ut (mill. kr.):\n\n20152014\nTippenøkkelen3 7853 536\nGrasrotandelen394356\n"
     "Tiltak mot spilleavhengighet1512\nSum disponert4 4854 215\n\n"
     "Hele selskapets overskudd fordeles av Kulturdepartementet i henhold til lov om pengespill.",
     "Mer til de gode formålene", "Pressemelding", "2016-04-12T15:00:00+02:00",
     ["Fordelingen ser slik ut (mill. kr.):\n\nHele selskapets"], ["Grasrotandelen", "•", "Skip to"]),
    ("ksno-link-chrome",  # 023 / 026 / 033: link blocks, "Les også:" lists and attachments inside a body
     "Fra 1. januar 2020 skal landet bestå av elleve fylker, ifølge Stortingets vedtak.\n\n"
     "Les mer om regionreformen\n\nLenkeblokk Icon Regionreformen\n\nLes også:\n\n"
     "Kommunene prioriterer barn og unge\n\nKS’ styreleder tok opp bekymringer for sårbare barn og unge "
     "under koronapandemien i møtet.\n\nB-rundskriv 8/2022 (pdf)",
     None, None, None, ["elleve fylker", "KS’ styreleder tok opp"],
     ["Lenkeblokk", "Les mer", "Les også", "Kommunene prioriterer", "rundskriv"]),
    ("about-unknown-publisher",  # 044: contact line and "Om Experian" boilerplate end the body
     "Konkursnedgang i april\n\nDel\n408 selskaper gikk konkurs i april, en nedgang på hele 11,3 prosent. "
     "Det viser tall fra analyseselskapet Experian.\n\nStatistikken gjelder alle foretaksformer.\n\n**\n\n"
     "For ytterligere informasjon, vennligst kontakt:\n\n"
     "Salgsdirektør i Experian, Per Ivar Kristiansen, mobil +47 930 09 713\n\n \n\nOm Experian\n"
     "Experian er verdens største leverandør av kreditt-, analyse- og markedsinformasjon til bedrifter.",
     "Konkursnedgang i april", None, None, ["Statistikken gjelder alle foretaksformer."],
     ["**", "ytterligere", "Salgsdirektør", "verdens største"]),
    ("swedish-published-and-type",  # 054
     "Publicerad 2 november 2022\nNyhet\n\nBesked om stöd till kommuner och regioner brådskar\n\n"
     "Lågkonjunkturen ger kommuner och regioner stora ekonomiska utmaningar redan nästa år.\n\n"
     "Peter Danielsson\n\nPeter Danielsson\n\nTrots en mycket stark ekonomi under pandemiåren kommer "
     "den försämrade konjunkturen att påverka kommunerna.",
     "Besked om stöd till kommuner och regioner brådskar", "Nyhet", "2022-11-02T00:00:00+01:00",
     ["utmaningar redan nästa år.\n\nPeter Danielsson\n\nTrots"], ["Publicerad"]),
    # single-rule rows (not from data/real): layouts of the unseen kinds named in issue 11
    ("government-pipe-dateline",
     "Pressemelding | Dato: 12.03.2024 | Nr: 45/2024\n\nRegjeringen styrker kommuneøkonomien\n\n"
     "Regjeringen foreslår å øke kommunenes frie inntekter med 2 milliarder kroner i revidert budsjett.",
     "Regjeringen styrker kommuneøkonomien", "Pressemelding", "2024-03-12T00:00:00+01:00",
     ["Regjeringen foreslår"], ["Nr:", "Dato"]),
    ("government-number-line",
     "Pressemelding\nNr: 45/2024\nDato: 12.03.2024\n\nRegjeringen styrker kommuneøkonomien\n\n"
     "Regjeringen foreslår å øke kommunenes frie inntekter med 2 milliarder kroner i revidert budsjett.",
     "Regjeringen styrker kommuneøkonomien", "Pressemelding", "2024-03-12T00:00:00+01:00",
     ["Regjeringen foreslår"], ["Nr:", "Dato"]),
    ("government-section-label-then-type",  # a section label above, the release type printed after it
     "Aktuelt\n\nPressemelding\n\nRegjeringen styrker kommuneøkonomien\n\n"
     "Pressemelding | Dato: 12.03.2024 | Nr: 45/2024\n\n"
     "Regjeringen foreslår å øke kommunenes frie inntekter med 2 milliarder kroner i revidert budsjett.",
     "Regjeringen styrker kommuneøkonomien", "Pressemelding", "2024-03-12T00:00:00+01:00",
     ["Regjeringen foreslår"], ["Nr:", "Dato", "Aktuelt"]),
    ("news-byline-under-lead",
     "Nyheter\n\nKommunen kutter i bussrutene\n\nFylkeskommunen foreslår å legge ned 40 bussruter fra "
     "nyttår for å spare penger.\n\nAv Kari Nordmann\n\nPubliseret 12.03.2024 10:15\n\nDel på Facebook\n\n"
     "– Vi har ikke noe valg, sier fylkesordfører Ola Hansen til avisen.",
     "Kommunen kutter i bussrutene", None, "2024-03-12T10:15:00+01:00",
     ["40 bussruter fra nyttår for å spare penger.\n\n– Vi har ikke"], ["Kari Nordmann", "Facebook"]),
    ("danish-udgivet",
     "Udgivet 5. marts 2024\n\nKommunen styrker ældreplejen\n\nKommunalbestyrelsen har vedtaget at afsætte "
     "12 millioner kroner ekstra til ældreplejen i år.",
     "Kommunen styrker ældreplejen", None, "2024-03-05T00:00:00+01:00", ["Kommunalbestyrelsen"], ["Udgivet"]),
    ("swedish-updated-and-share",
     "Startsida > Nyheter\n\nKommunen bygger ny förskola\n\nSenast uppdaterad: 2024-03-12\n\nDela\n\n"
     "Kommunstyrelsen har beslutat att bygga en ny förskola i centrum till hösten.",
     "Kommunen bygger ny förskola", None, "2024-03-12T00:00:00+01:00", ["Kommunstyrelsen"],
     ["Senast", "Dela", "Startsida"]),
    ("cookie-banner",
     "Vi bruker informasjonskapsler (cookies) for å gi deg en bedre opplevelse av nettstedet.\nGodta alle\n"
     "Kun nødvendige\n\nKommunen bygger ny skole\n\nKommunestyret har vedtatt å bygge en ny barneskole i "
     "sentrum til høsten.\n\nMest lest\n\nSlik blir været i helgen",
     "Kommunen bygger ny skole", None, None, ["Kommunestyret"], ["informasjonskapsler", "Godta", "Mest lest",
                                                                  "været"]),
    ("swedish-municipal-read-aloud",
     "Startsida / Nyheter\n\nNy förskola i centrum\n\nLyssna\n\nPublicerad: 12 mars 2024\n\n"
     "Kommunstyrelsen har beslutat att bygga en ny förskola i centrum till hösten.\n\nTill toppen",
     "Ny förskola i centrum", None, "2024-03-12T00:00:00+01:00", ["Kommunstyrelsen"],
     ["Lyssna", "Till toppen", "Publicerad"]),
    ("news-ad-label-mid-article",  # an ad label inside a long article does not end it
     "Kommunen kutter i bussrutene\n\nFylkeskommunen foreslår å legge ned 40 bussruter fra nyttår for å spare "
     "penger.\n\nForslaget skal behandles i fylkestinget i desember etter en lang høring.\n\nMange "
     "innbyggere har protestert mot kuttene i distriktene de siste ukene.\n\nAnnonse\n\n"
     "– Vi har ikke noe valg, sier fylkesordfører Ola Hansen til avisen.",
     "Kommunen kutter i bussrutene", None, None, ["distriktene de siste ukene.\n\n– Vi har ikke"],
     ["Annonse"]),
    ("news-byline-name-over-job-title",  # single-rule row: regional news prints name, then "Journalist"
     "Kommunen kutter i bussrutene\n\nFylkeskommunen foreslår å legge ned 40 bussruter fra nyttår.\n\n"
     "Kari Nordmann\n\nJournalist\n\nOla Hansen\n\nFotojournalist\n\nPublisert 12.03.2024 kl. 10:15\n\n"
     "Forslaget skal behandles i fylkestinget i desember etter en lang høring.",
     "Kommunen kutter i bussrutene", None, "2024-03-12T10:15:00+01:00",
     ["nyttår.\n\nForslaget skal"], ["Kari Nordmann", "Journalist", "Ola Hansen"]),
    ("relative-after-label",
     "Kommunen bygger ny skole\n\nPublisert i dag 10:15\n\nKommunestyret har vedtatt å bygge en ny "
     "barneskole i sentrum til høsten.",
     "Kommunen bygger ny skole", None, None, ["Kommunestyret"], ["Publisert"]),
    ("title-holding-a-date",  # real3 344: a meeting's date in the title is no date line, and no publication date
     "Regionstyrelsen 14 oktober 2025\nPå sammanträdet den 14 oktober beslutade regionstyrelsen bland annat att "
     "föreslå regionfullmäktige att godkänna delårsrapporten för augusti och att godkänna ett nytt hälso- och "
     "sjukvårdsavtal med länets kommuner.",
     "Regionstyrelsen 14 oktober 2025", None, None, ["På sammanträdet"], []),
    ("weekday-date-line",  # real3 349: a weekday and a worded date over the title
     "Onsdag 15 augusti 2018\n\nRegionen investerar 4,8 miljarder kronor\n\nRegionens ägarutskott diskuterade "
     "på onsdagen investeringsramen för 2018. Totalt uppgår den till 4 800 miljoner kronor.",
     "Regionen investerar 4,8 miljarder kronor", None, "2018-08-15T00:00:00+02:00", ["Regionens ägarutskott"],
     ["Onsdag"]),
    ("stray-sentence-over-an-article-head",  # real3 316: headline, lead, dateline under a stray sentence
     "Fredag klokken 12 la regjeringen frem Nasjonal transportplan (NTP) for perioden 2022-2033.\nSiste jobber\n"
     "Slik skal regjeringen ruste opp fylkesveiene\nSamferdselsminister Knut Arild Hareide sier signalene var "
     "tydelige: økt satsing på fylkesvei lå på topp, og regjeringen lanserer derfor en ny tilskuddsordning for å "
     "gi fylkene mulighet til å gjøre sin jobb.\n19. mars 2021 12:32\nOppdatert\n19. mars 2021 15:39\nAv",
     "Slik skal regjeringen ruste opp fylkesveiene", None, "2021-03-19T12:32:00+01:00",
     ["Samferdselsminister Knut Arild Hareide sier"], ["Siste jobber", "15:39"]),
    ("wordpress-radio-page",  # real3 314: a long cookie notice, menus twice, "Reading:" and a breadcrumb
     # repeating the title, share bars under it, a caption, then "Av NTB | <date and time>" refining the day
     "Vi bruker cookies for å sikre kvaliteten på tjenestene våre. Når du godtar cookies, godtar du at RS og våre "
     "partnere kan bruke cookies, enhets-IDer og andre data som lagres og/eller vi får tilgang til på din enhet fra "
     "RS, til å samle inn persondata, slik som informasjon om hvilke sider du har besøkt, for disse formålene: "
     "Personvernerklaering og Brukervilkår.\nGodkjenn\nRadioStavangerRadioStavangerRadioStavanger\nNotification "
     "Vis mer\nFont ResizerAa\n  • Hjem\n  • Nyheter\n  • Nettradio\n  • Bli Medlem\nReading: Norske kart skal "
     "oppdateres – 47 millioner kroner settes av neste år\nDel\nFont ResizerAa\nRadioStavangerRadioStavanger\n"
     "Search\n  • Hjem\n    • Nyheter\n  • Nettradio\nHave an existing account? Sign In\nFollow US\n"
     "RadioStavanger > Blog > Nyheter > Norske kart skal oppdateres – 47 millioner kroner settes av neste år\n\n"
     "Norske kart skal oppdateres – 47 millioner kroner settes av neste år\n\nPublisert september 3, 2025\nDel\n"
     "Del\n\nNorske kart må oppdateres for å ivareta kritisk beredskapsfunksjoner for samfunnsområder som "
     "sikkerhet og beredskap, ifølge kommunalminister Kjersti Stenseng, som vil sette av penger i neste års "
     "budsjett for oppgradering. Foto: Gorm Kallestad / NTB\n\nAv NTB | 03.09.2025 12:01:53\n\nPolitikk: – Vi "
     "står i fare for å måtte «skru av lyset» på enkelte løsninger eller legge begrensninger på hvem som får bruke "
     "de eller hvilke kart som skal holdes ved like, sier kommunal- og distriktsminister Kjersti Stenseng (Ap).\n\n"
     "Uten oppgradering frykter hun at viktige samfunnsoppdrag som flom- og skredkart, søk- og redningsoppdrag "
     "eller militære oppdrag, skal stå i fare.\n",
     "Norske kart skal oppdateres – 47 millioner kroner settes av neste år", None, "2025-09-03T12:01:53+02:00",
     ["Politikk: – Vi står i fare", "Uten oppgradering frykter hun"],
     ["Godkjenn", "Font ResizerAa", "Reading:", "Av NTB", "Foto:"]),
    ("type-line-with-a-dash",  # real3 342: Mynewsdesk prints the type with a dash over the title
     "Gå direkt till innehåll\n\nPressmeddelande -\n\nPressinformation från regionfullmäktiges sammanträde 3 "
     "november\n\nDenna information redogör kortfattat för regionfullmäktiges beslut i de ärenden som "
     "behandlades vid regionfullmäktiges sammanträde 3 november 2014.",
     "Pressinformation från regionfullmäktiges sammanträde 3 november", "Pressmeddelande", None,
     ["Denna information"], ["Pressmeddelande -", "Gå direkt"]),
    ("type-line-naming-its-sender",  # real3 341: "Pressmeddelande från Finansdepartementet" over the title
     "Pressmeddelande från Finansdepartementet\n\nKommundelegation för tillfälligt stöd till vissa kommuner och "
     "regioner\n\nPublicerad\n\nI budgetpropositionen för 2021 föreslår regeringen att medel avsätts för att ett "
     "tillfälligt stöd ska kunna utgå till vissa enskilda kommuner och regioner.",
     "Kommundelegation för tillfälligt stöd till vissa kommuner och regioner", "Pressmeddelande", None,
     ["I budgetpropositionen"], ["Pressmeddelande från"]),
    ("type-line-under-a-notice",  # real3 353: the type line under the re-publisher's notice
     "Ansvarlig anlægsaftale udbygger Københavns kernevelfærd\n\nDette er en pressemeddelelse leveret af Via "
     "Ritzau.\n\nPressemeddelelse fra Københavns Kommune Økonomiforvaltningen\n\nEt klart princip for den netop "
     "indgåede aftale har været at prioritere alle de anlægsprojekter, som er nødvendige for at skaffe plads til "
     "byens mange børn på folkeskoler og i daginstitutioner.",
     "Ansvarlig anlægsaftale udbygger Københavns kernevelfærd", "Pressemeddelelse", None,
     ["Et klart princip"], ["Pressemeddelelse fra"]),
    ("danish-date-line",  # 057
     "31. august 2017\n\nGodt med fokus på den nære sundhed i udspil til finanslov\n\nKL-formand glæder sig "
     "over, at regeringen vil afsætte en halv milliard kroner årligt som en velfærdsreserve.",
     "Godt med fokus på den nære sundhed i udspil til finanslov", None, "2017-08-31T00:00:00+02:00",
     ["KL-formand glæder sig"], ["31. august"]),
    ("wrapped-line-ends-with-preposition",  # real2 101: "… sier fylkesleder i" / "KS, Ole Herman Sveian."
     "- Flere statsråder har vært på banen og forsikret at utgiftene vil bli kompensert. Våre medlemmer har "
     "gjort jobben, levert nødvendige tjenester og fulgt opp den inngåtte koronaavtalen om utvidet "
     "kompensasjon i\nforbindelse med koronapandemien. Dette oppfatter kommunene som løftebrudd, sier "
     "fylkesleder i\nKS, Ole Herman Sveian.\n\nRegjeringen varsler at kommunene og fylkeskommunene først i "
     "desember 2022 vil få vite hvor mye kompensasjonen for koronautgiftene utgjør.",
     None, None, None, ["løftebrudd, sier fylkesleder i KS, Ole Herman Sveian.\n\nRegjeringen varsler"], []),
    ("file-link-with-upper-case-suffix",  # a line naming a file to download is a link, its suffix in any case
     "Nye regler for kommunene\n\nKommunene får nye regler for innkjøp fra neste år, sier statsråden i dag.\n\n"
     "B-rundskriv 8/2022 (PDF)\nLes mer om reglene\n\nReglene gjelder fra 1. januar og omfatter alle kommuner.",
     "Nye regler for kommunene", None, None, ["i dag.\n\nReglene gjelder"], ["rundskriv", "Les mer"]),
    ("bulleted-amounts-are-no-table",  # real3 320: county amounts as bullets stay the page's text
     "Fordelingen av spillemidlene til idrettsformål for 2022 er klar, sier kulturministeren i dag.\n\n"
     "Fylkesvis fordeling av rammebeløp for tilskudd til idrettsanlegg i kommunene i 2022:\n\n"
     " • Agder: 112.967.000 kroner\n • Innlandet 120.536.000 kroner\n\n • Møre og Romsdal 101.325.000 kroner\n\n"
     " • Nordland 101.750.000 kroner\n\n • Troms og Finnmark 100.754.000 kroner\n\nTotalt: 1.706.065.000 kroner",
     None, None, None, ["• Agder: 112.967.000 kroner", "• Troms og Finnmark 100.754.000 kroner"], []),
]


@pytest.mark.parametrize(("text", "title", "release_type", "published_at", "contains", "absent"),
                         [row[1:] for row in GENERIC_ROWS], ids=[row[0] for row in GENERIC_ROWS])
def test_generic_article_layouts(text: str, title: str | None, release_type: str | None,
                                 published_at: str | None, contains: list[str], absent: list[str]) -> None:
    doc = parse_text_dump(text, "real.txt")
    assert doc.kind == "text_dump"
    release = doc.releases[0]
    assert_offsets(release)
    assert (release.title, release.release_type, instant(release.published_at)) == (
        title, release_type, published_at)
    assert release.has_full_text
    for part in contains:
        assert part in release.text
    for part in absent:
        assert part not in release.text


def test_caption_repeating_the_lead_quote_gives_one_quote() -> None:
    from transform.pipeline import extract_document

    doc = parse_text_dump(GENERIC_ROWS[0][1], "001.txt")
    quotes = [q.text for q in extract_document(doc)[0].quotes]
    assert len(quotes) == len(set(quotes)) == 2


def test_contact_line_after_for_ytterligere_informasjon() -> None:
    release = parse_text_dump(dict((r[0], r[1]) for r in GENERIC_ROWS)["about-unknown-publisher"],
                              "044.txt").releases[0]
    assert [c.phone for c in release.contacts] == ["+4793009713"]


@pytest.mark.parametrize("text", [
    "Forsiden\nPressemeldinger\nKontakt oss\nPersonvern\nEnglish",  # navigation only
    "KS\n\nDel\n\nFølg pressemeldinger fra KS",  # chrome only
], ids=["navigation", "chrome"])
def test_page_without_prose_gives_no_release(text: str) -> None:
    assert parse_text_dump(text, "nav.txt").releases == ()


DATELINE_ROWS = [
    # (id, dateline line, fetched_at, ISO published_at, release type, warning part)
    ("today", "I dag 10:15 | KS | Pressemelding", "2024-03-12T08:00:00+00:00", "2024-03-12T10:15:00+01:00",
     "Pressemelding", None),
    ("yesterday", "i går 14:00", "2024-03-12T08:00:00+00:00", "2024-03-11T14:00:00+01:00", None, None),
    ("bullet", "Pressemelding • 12.03.2024 10:15 CET", None, "2024-03-12T10:15:00+01:00", "Pressemelding", None),
    ("no-29-february", "29.2.2023 10:00 | KS | Pressemelding", None, None, "Pressemelding",
     "line 2: impossible date '29.2.2023 10:00'"),
    ("no-hour-24", "16.5.2022 24:00:00 CEST | KS | Pressemelding", None, None, "Pressemelding",
     "line 2: impossible date '16.5.2022 24:00:00 CEST'"),
    ("no-hour-24-published", "Publisert: 24.03.2021 24:00", None, None, None, "line 2: impossible date"),
    # news "… siden": counted back from the fetch time; without one the line is still no body text
    ("hours-ago", "Publisert for 3 timer siden", "2024-03-12T08:00:00+00:00", "2024-03-12T05:00:00+00:00",
     None, None),
    ("minutes-ago-nynorsk", "Publisert for 20 minutt sidan", "2024-03-12T08:00:00+00:00",
     "2024-03-12T07:40:00+00:00", None, None),
    ("hours-ago-no-fetch", "Publisert for 3 timer siden", None, None, None, None),
    # Danske Kommuner (real3 357): a space after each dot, a dash before the time
    ("spaced-numeric", "25. 04. 2024 - kl. 13:38", None, "2024-04-25T13:38:00+02:00", None, None),
    ("slashed-numeric", "Udgivet 25/04/2024", None, "2024-04-25T00:00:00+02:00", None, None),
    # both dates printed on one line: the publication date is the one after its own label (real3 348)
    ("updated-then-published-glued", "Uppdaterad: 03 mars 2025Publicerad: 14 mars 2022", None,
     "2022-03-14T00:00:00+01:00", None, None),
    ("updated-then-published", "Opdateret 26.04.2024 | Udgivet 25.04.2024", None,
     "2024-04-25T00:00:00+02:00", None, None),
    ("published-then-updated", "Publisert: 12.05.2021 Oppdatert: 13.05.2021", None,
     "2021-05-12T00:00:00+02:00", None, None),
    # the labels of the four languages, and the forms a date is printed in after them
    ("byline-with-job-label", "Reporter: Anna Svensson, TT", None, None, None, None),
    ("photographer-label", "Fotograf: Ola Hansen", None, None, None, None),
    ("published-abbreviated", "Publ. 25. april 2024 kl. 10.15", None, "2024-04-25T10:15:00+02:00", None, None),
    ("udgivet-weekday", "Udgivet tisdag 25 april 2024", None, "2024-04-25T00:00:00+02:00", None, None),
    ("publiceret-slashed", "Publiceret 25/04/2024", None, "2024-04-25T00:00:00+02:00", None, None),
    ("opdateret-then-udgivet", "Opdateret 26. april 2024 | Udgivet 25. april 2024", None,
     "2024-04-25T00:00:00+02:00", None, None),
    ("uppdaterad-then-publicerad-with-times", "Uppdaterad 26 april 2024 kl 10:15 Publicerad 25 april 2024 kl 09:00",
     None, "2024-04-25T09:00:00+02:00", None, None),
    ("sist-oppdatert-comma-publisert", "Sist oppdatert: 26.04.2024, publisert: 25.04.2024", None,
     "2024-04-25T00:00:00+02:00", None, None),
]


@pytest.mark.parametrize(("line", "fetched", "published_at", "release_type", "warning"),
                         [row[1:] for row in DATELINE_ROWS], ids=[row[0] for row in DATELINE_ROWS])
def test_dateline_forms(line: str, fetched: str | None, published_at: str | None, release_type: str | None,
                        warning: str | None) -> None:
    text = (f"Kommunene får mer til barnevern\n{line}\nRegjeringen foreslår å øke rammetilskuddet til "
            "kommunene med 300 millioner kroner for å styrke barnevernet.")
    doc = parse_text_dump(text, "d.txt", fetched_at=datetime.fromisoformat(fetched) if fetched else None)
    (release,) = doc.releases
    assert (instant(release.published_at), release.release_type) == (published_at, release_type)
    assert line not in release.text and release.text.startswith("Regjeringen foreslår")
    if warning is None:
        assert doc.warnings == ()
    else:
        (got,) = doc.warnings
        assert got.startswith("d.txt: ") and warning in got


NORMALISE_ROWS = [
    # (id, speaker line as decoded, expected speaker)
    ("soft-hyphen", "– Dette er et viktig løft, sier styreleder i KS, Gunn Marit Hel\u00adgesen.",
     "Gunn Marit Helgesen"),
    ("zero-width-space", "– Dette er et viktig løft, sier styreleder i KS, Gunn Marit Hel\u200bgesen.",
     "Gunn Marit Helgesen"),
    ("combining-stroke", "– Vi er glade, sier rådmann Sigbjo\u0338rn Hansen.", "Sigbjørn Hansen"),
    ("nfd-document", unicodedata.normalize("NFD", "– Vi er glade, sier ordfører Åse Ødegård."), "Åse Ødegård"),
]


@pytest.mark.parametrize(("line", "speaker"), [row[1:] for row in NORMALISE_ROWS],
                         ids=[row[0] for row in NORMALISE_ROWS])
def test_text_is_normalised_at_the_boundary(line: str, speaker: str) -> None:
    from transform.pipeline import extract_document

    text = ("KS vil ha flere lærlinger\nHovedstyret i KS vedtok i dag en ny plan for flere lærlinger i "
            f"kommunene.\n\n{line}")
    doc = parse_text_dump(unicodedata.normalize("NFD", text) if "\u0308" in line or "\u030a" in line else text,
                          "n.txt")
    (extraction,) = extract_document(doc)
    assert [q.speaker_name for q in extraction.quotes] == [speaker]
    assert unicodedata.is_normalized("NFC", extraction.release.text)
    assert "\u00ad" not in extraction.release.text and "\u200b" not in extraction.release.text
    for quote in extraction.quotes:
        assert extraction.release.text[quote.char_start:quote.char_end]


LIST_HEADING_ROWS = [
    # (id, page text, the page's own title or None): a list page's heading is its title only over own text
    ("real3-301-heading-over-intro",
     "Pressemeldingar\n\nHer finn du pressemeldingar frå Arbeids- og velferdsdirektoratet.\n\n"
     "Publisert: 12.02.2015 | Sist endret: 12.05.2021\n\nNytt tilskudd fra NAV skal gi flere unge en sommerjobb\n\n"
     "Arbeidsgivere som vil tilby sommerjobb til unge arbeidsledige, kan nå få støtte fra NAV.\n\n"
     "Publisert: 12.05.2021 | Sist endret: 12.05.2021\n\n2 300 færre arbeidssøkjarar førre veke\n\n"
     "Tysdag 20. april er det registrert 206 200 heilt ledige, delvis ledige og arbeidssøkjarar på tiltak hjå NAV.\n\n"
     "Publisert: 20.04.2021 | Sist endret: 20.04.2021\n", "Pressemeldingar"),
    ("real3-302-heading-without-text",
     "Tema\n\ntorsdag 23.09 2021\n\nGatemagasinet Virkelig sliter med å betale strøm og husleie – får 125.000 "
     "kroner av kommunen\n\nGatemagasinet Virkelig har mottatt 3,5 millioner kroner i støtte fra kommunen siden "
     "2010.\n\ntirsdag 29.06 2021\n\nTverrpolitisk enighet om Trollvassbu – avviser grunneiers klage\n\nTromsø "
     "formannskap gjorde kort prosess i spørsmålet om tvangskjøpet av Troms Turlags populære hytte Trollvassbu.\n",
     None),
]


@pytest.mark.parametrize(("text", "title"), [r[1:] for r in LIST_HEADING_ROWS], ids=[r[0] for r in LIST_HEADING_ROWS])
def test_list_page_heading_over_own_text_is_its_title(text: str, title: str | None) -> None:
    doc = parse_text_dump(text, "https://www.nav.no/no/nav-og-samfunn/kontakt-nav/presse/pressemeldinger")
    own = [r for r in doc.releases if r.has_full_text]
    assert [r.title for r in own if r.title is not None] == ([title] if title else [])
    assert len([r for r in doc.releases if not r.has_full_text]) == 2
    if title:
        assert (own[0].title_source, own[0].published_at.date().isoformat()) == ("layout:list", "2015-02-12")


@pytest.mark.parametrize(("first", "second", "published_at"), [
    # real3 314: the day first, then a byline's dateline with the time of that day: the time is taken
    ("Publisert september 3, 2025", "Av NTB | 03.09.2025 12:01:53", "2025-09-03T12:01:53+02:00"),
    # a later dateline of another day never replaces the first
    ("Publisert september 2, 2025", "Av NTB | 03.09.2025 12:01:53", "2025-09-02T00:00:00+02:00"),
    # the first already prints a time: kept
    ("Publisert 03.09.2025 kl. 10:15", "Av NTB | 03.09.2025 12:01:53", "2025-09-03T10:15:00+02:00"),
])
def test_a_later_dateline_gives_the_time_of_the_day_printed_first(first: str, second: str,
                                                                  published_at: str) -> None:
    text = (f"Norske kart skal oppdateres – 47 millioner kroner settes av neste år\n\n{first}\n\n{second}\n\n"
            "Uten oppgradering frykter hun at viktige samfunnsoppdrag som flom- og skredkart, søk- og "
            "redningsoppdrag eller militære oppdrag, skal stå i fare.")
    (release,) = parse_text_dump(text, "real3/314.txt").releases
    assert instant(release.published_at) == published_at


ASIDE_ROWS = [
    # (id, page text, the lines of the release's aside, words its body must not hold): what the page prints
    # beside the body (a flattened table, the block about the publisher) is kept for places
    ("real-039-flattened-table",
     "Regjeringserklæringen og eiendomsskatt\n\nRegjeringspartiene har blitt enige om å minst redusere satsen for "
     "eiendomsskatt til 5 promille. I dag kan kommunene kreve inn inntil 7 promille i skatt på bolig- og "
     "fritidseiendommer.\n\nListe over berørte kommuner: \n\n2016\n\n2017\n\nTallene er i hele 1.000\n\n"
     "0101 Halden\n\n3.75\n\n5.75\n",
     ["2016", "2017", "Tallene er i hele 1.000", "0101 Halden", "3.75", "5.75"], ["0101 Halden"]),
    ("real2-156-table-of-municipalities",
     "Fordeling av resten av skjønnsmidlane for 2021\n\nStatsforvaltaren har i haust fordelt 16 mill. kroner i "
     "tilbakehaldne skjønnsmidlar til kommunar med utilsikta reduksjonar i inntekter.\n\nPublisert 18.10.2021\n\n"
     "Kommunar som har fått midlar:\n\nKommune Kroner\nKinn 2 000 000\nBjørnafjorden 1 000 000\n"
     "Øygarden 5 000 000\nStad 500 000\n\nVi har tildelt midlane i to omgangar, i august og no i oktober.\n",
     ["Kinn 2 000 000", "Bjørnafjorden 1 000 000", "Øygarden 5 000 000", "Stad 500 000"], ["Bjørnafjorden"]),
    ("real-047-about-the-publisher",
     "Nedgang, men fortsatt høye konkurstall\n04.03.2019 15:05 | Bisnode | Pressemelding\n\n446 bedrifter ble "
     "slått konkurs eller tvangsavviklet av myndighetene i februar, sier kredittøkonom Per Einar Ruud i Bisnode.\n\n"
     "Kontakter\nPer Einar Ruud i Bisnode\nKredittøkonom, Bisnode\n+47 92 40 10 04\n\nOm Bisnode\nBisnode er et "
     "ledende europeisk data- og analyseselskap. Bisnode har 2400 ansatte i 18 land og har hovedkontor i "
     "Stockholm, Sverige.\n",
     ["Bisnode er et ledende europeisk data- og analyseselskap. Bisnode har 2400 ansatte i 18 land og har "
      "hovedkontor i Stockholm, Sverige."], ["Stockholm"]),
    ("plain-article-has-none",
     "KS gir pengestøtte til Ukraina\n\nHovedstyret i KS vedtok i dag å gi en million kroner til "
     "Ukrainas kommuneforbund, sier styreleder Gunn Marit Helgesen.\n", [], []),
]


@pytest.mark.parametrize(("text", "aside", "not_in_body"), [r[1:] for r in ASIDE_ROWS], ids=[r[0] for r in ASIDE_ROWS])
def test_what_the_body_leaves_out_is_the_release_aside(text: str, aside: list[str], not_in_body: list[str]) -> None:
    (release,) = [r for r in parse_text_dump(text, "data/real/corpus/x.txt").releases if r.has_full_text]
    assert (release.aside.split("\n") if release.aside else []) == aside
    for words in not_in_body:
        assert words not in release.text


def test_word_count_equals_counting_the_regex_tokens() -> None:
    """word_count (chunks split at white space and TOKEN_BREAKS, the regex only for chunks that are not
    one word) counts what `len(WORD_RE.findall(text))` counts: every line and paragraph of the corpus
    pages and 20,000 random strings (a speed-up, issue 19)."""
    import random

    from transform.text import TOKEN_BREAKS, WORD_RE, word_count

    root = Path(__file__).resolve().parent.parent / "data"
    folders = ("samples", "real/corpus", "real2/corpus", "real3/corpus")
    pages = [path.read_text(encoding="utf-8", errors="replace") for f in folders for path in (root / f).glob("*.*")]
    texts = {part for page in pages for part in (*page.split("\n"), *page.split("\n\n"))}
    rng = random.Random(19)
    pieces = [*TOKEN_BREAKS, *"-'’._ \n\t\u00a0aåÆ19²", "KS", "sier", "2024"]
    texts.update("".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(20000))
    assert len(texts) > 20000
    assert [t for t in texts if word_count.__wrapped__(t) != len(WORD_RE.findall(t))] == []


SAME_TITLE_ROWS = [
    # (first print, second print, the title they print, else None): a ks.no topic page prints each teaser's title
    # twice, the first print maybe cut short
    ("KS overleverte…", 'KS overleverte "Valgløftet 2019"', 'KS overleverte "Valgløftet 2019"'),
    ("KS overleverte...", "KS overleverte", "KS overleverte"),
    ("Nye tall for kommunene", "Nye tall for kommunene", "Nye tall for kommunene"),
    ("Ny rapport", "Ny rapport om barnehager", "Ny rapport om barnehager"),
    (" KS overleverte", "KS overleverte valgløftet", "KS overleverte valgløftet"),  # a space before the first
    ("Kommunene...", "Kommunene får mer", "Kommunene får mer"),
    ("Tall for kommunene", "Nye tall for kommunene", None),  # another opening: two titles
    ("Ny sak", "Ny saksliste", None),  # a common start shorter than 8 characters
    ("…", "…", None),  # no title left once the ellipsis is cut
]


@pytest.mark.parametrize(("first", "second", "title"), SAME_TITLE_ROWS, ids=[r[0] for r in SAME_TITLE_ROWS])
def test_same_title_printed_twice(first: str, second: str, title: str | None) -> None:
    from transform.readers.textdump import _same_title

    assert _same_title(first, second) == title


def test_rewritten_scans_find_what_their_regex_forms_find() -> None:
    """The scans rewritten for speed (issue 21) give what the plain regexes give, on every line and page of the
    corpora and on random strings of the characters they turn on: the mojibake pattern (one lead class, then its
    branch), newline normalising (a regex pass only when a newline other than "\\n" is there), and the
    listing's four-digit test."""
    import random
    import re

    from transform.readers.listing import YEAR_DIGITS_RE
    from transform.text import _CONT, MOJIBAKE_RE, normalise_newlines

    mojibake = re.compile(
        "[\u00c2-\u00c5]" + _CONT + "|[\u00e0-\u00ef]" + _CONT + "{2}|[\u00f0-\u00f4]" + _CONT + "{3}")
    newlines = re.compile(r"\r\n?|\u2028|\u2029|\x85")
    root = Path(__file__).resolve().parent.parent / "data"
    folders = ("samples", "real/corpus", "real2/corpus", "real3/corpus")
    pages = [path.read_text(encoding="utf-8", errors="replace") for f in folders for path in (root / f).glob("*.*")]
    texts = {*pages, *(line for page in pages for line in page.split("\n"))}
    texts.update(page.encode("utf-8").decode("latin-1") for page in pages[:50])  # mojibake pages
    rng = random.Random(21)
    pieces = [*map(chr, range(0x80, 0x100)), *"\u0152\u0153\u2013\u2014\u20ac\u2122\r\n\u2028\u2029\x85\ufeff",
              "ø", "a", "1", "2024", " "]
    texts.update("".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(20000))
    assert [t for t in texts if [(m.span(), m.group()) for m in MOJIBAKE_RE.finditer(t)]
            != [(m.span(), m.group()) for m in mojibake.finditer(t)]] == []
    assert [t for t in texts if normalise_newlines(t) != newlines.sub("\n", t.removeprefix("\ufeff"))] == []
    assert [t for t in texts if bool(YEAR_DIGITS_RE.search(t)) != bool(re.search(r"\d{4}", t))] == []
