"""Choosing a page's title by evidence (transform/readers/evidence.py): one table of real lines per feature,
the word lists as data, and whole real page heads read by the text reader.

Every line below is copied from a page of ../shared/real or ../shared/real2 (named in the row's id).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from transform.readers import evidence
from transform.readers.evidence import (
    Candidate,
    best,
    caption_below,
    caption_mark,
    case,
    doubled,
    explain,
    followed_by,
    is_attribution_line,
    is_chrome,
    is_credit_line,
    length,
    one_phrase,
    position,
    punctuation,
    repeated,
    score,
    slug_match,
    slug_words,
    stopwords,
)
from transform.readers.textdump import parse_text_dump

DATA = Path(evidence.__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize(("line", "value"), [
    ("Historisk arkiv", -1.0),  # real2 120: regjeringen.no chrome
    ("Statsbudsjettet 2024", -1.0),  # real2 122: a topic kicker over the title
    ("SKR:s nya rapport", 0.5),  # real2 142
    ("Enighet i kommuneoppgjøret", 0.5),  # real2 113
    ("Mer penger til kommuner og fylkeskommuner", 1.0),  # real2 120
    ("Regionfullmäktige beslutade om mer pengar till sjukvården i tilläggsbudget", 1.0),  # real2 146
    ("En viktig start. KS Bedrift mener Regjeringen må bidra til enda mer produksjon og markedsutvikling for "
     "biogass og biodiesel", 0.5),  # real 052: 17 words
])
def test_length(line: str, value: float) -> None:
    assert length(Candidate(line)) == value


@pytest.mark.parametrize(("line", "value"), [
    ("Mer skjønnsmidler til kommunene", 1.0),  # real2 157
    ("Hva betyr statsbudsjettet for kommunesektoren?", 0.5),  # real 038, a question
    ("Midlene vil bli utbetalt i mai:", -1.0),  # real2 121, a label before a table
    ("Boligprisene er nå 6,8 prosent høyere enn for ett år siden.", -1.0),  # real 050, a lead
    ("Revisionsberättelsen…", -1.0),  # real2 147, a cut-off teaser
])
def test_punctuation(line: str, value: float) -> None:
    assert punctuation(Candidate(line)) == value


@pytest.mark.parametrize(("line", "value"), [
    ("En viktig start. KS Bedrift mener Regjeringen må bidra til enda mer produksjon", -1.0),  # real 052
    ("!. april var en travel dag for veidirektøren. (Arkivfoto)", -1.0),  # real2 108, a caption
    ("KS om ny regjeringsplattform: Handlingsrom gjør kommunene til de beste medspillerne", 0.0),  # real 003
    ("Signerte veikontrakt på 4 mrd. i Trøndelag", 0.0),  # real 048: "mrd." is no sentence end
])
def test_one_phrase(line: str, value: float) -> None:
    assert one_phrase(Candidate(line)) == value


@pytest.mark.parametrize(("line", "value"), [
    ("Kommunaløkonomisk Forum", -1.0),  # real2 153, an event name over the title
    ("Region Skåne", -1.0),  # real2 146, the publisher's name
    ("Geir Røsvoll (Unio), Tor Arne Gangsø (KS) og Tone Leborg (Akademikerne)", -1.0),  # real 051, a caption
    ("innenriks", -1.0),  # real2 109, a section word
    ("Vestland fylkeskommune", 0.0),  # real2 161, the page's title
    ("Lars Gaardhøj ny regionsrådsformand i hovedstaden", 0.0),  # real2 149
    ("KS Bedrift Avfall om statsbudsjettet 2016", 0.0),  # real 052
])
def test_case(line: str, value: float) -> None:
    assert case(Candidate(line)) == value


@pytest.mark.parametrize(("line", "value"), [
    ("Presskonferens efter extra regionstyrelse 31 mars", 1.0),  # real2 147, Swedish
    ("Aukar satsane for tilskot til utleigebustader frå nyttår", 1.0),  # real2 107, nynorsk
    ("Byrådsmedlemmer holder vejret, mens priserne fortsætter med at stige", 1.0),  # real2 153, Danish
    ("Statsbudsjettet 2024", -1.0),  # real2 122
    ("Coronavirus Läkare 960640", -1.0),  # real2 142, an image's alt text
])
def test_stopwords(line: str, value: float) -> None:
    assert stopwords(Candidate(line)) == value


@pytest.mark.parametrize(("candidate", "feature", "value"), [
    (Candidate("Skjønnsmidler fordelt", first=True), position, 1.0),  # real2 160
    (Candidate("Vil krevje utsleppsfrie drosjer"), position, 0.0),
    (Candidate("Akademikerne til enighet med KS i lønnsforhandlingene", after="meta"), followed_by, 1.0),  # real 051
    (Candidate("Signerer for 3 milliarder kroner", after="lead"), followed_by, 1.0),  # real2 108
    (Candidate("Statsbudsjettet 2024", after="line"), followed_by, 0.0),  # real2 122
    # real3 358: the title over its picture (credit, then the caption sentence), then the lead
    (Candidate("Budgettet rummer 100 gode ting", after="image"), followed_by, 1.0),
    (Candidate("Budgettet rummer 100 gode ting", after="image"), caption_below, 0.0),
    (Candidate("Vestland fylkesting i Håkonshallen oktober 2019", after="credit"), caption_below, -1.0),  # real2 161
    (Candidate("KS mener det er helt sentralt å bevare det lokale handlingsrommet", after="attribution"),
     caption_below, -1.0),  # real2 105: a pull-quote over "Lasse Hansen, administrerende direktør i KS."
    (Candidate("Mer penger til kommuner og fylkeskommuner", after="lead"), caption_below, 0.0),
    (Candidate("!. april var en travel dag for veidirektøren. (Arkivfoto)"), caption_mark, -1.0),  # real2 108
    (Candidate("Ein ny milliard til Husbanken"), caption_mark, 0.0),  # real2 123
    (Candidate("!. april var en travel dag for veidirektøren. (Arkivfoto)", doubled=True), doubled, -1.0),
    (Candidate("Kommunaløkonomisk Forum", repeated_below=True), repeated, 0.0),  # too short to be a pull-quote
    (Candidate("KS mener det er helt sentralt", repeated_below=True), repeated, -1.0),
])
def test_features_of_what_stands_around(candidate: Candidate, feature, value: float) -> None:
    assert feature(candidate) == value


@pytest.mark.parametrize(("url", "words"), [
    ("https://www.regjeringen.no/no/aktuelt/ein-ny-milliard-til-husbanken/id123/",
     ("ein", "ny", "milliard", "til", "husbanken")),
    ("https://www.ks.no/regioner/ks-trondelag/ks-trondelag-ber-om-at-koronautgifter-blir-dekket/",
     ("ks", "trondelag", "ber", "om", "at", "koronautgifter", "blir", "dekket")),
    ("../shared/real2/corpus/123_regjeringen-krd-ein-ny-milliard-til-husbanken.txt", ()),  # a file name: never
    ("https://www.example.no/", ()),
])
def test_slug_words_come_from_a_fetched_url_only(url: str, words: tuple[str, ...]) -> None:
    assert slug_words(url) == words


def test_slug_match_folds_letters_the_slug_spells_in_ascii() -> None:
    slug = slug_words("https://www.ks.no/regioner/ks-trondelag/ks-trondelag-ber-om-at-koronautgifter-blir-dekket/")
    assert slug_match(Candidate("KS Trøndelag ber om at koronautgifter blir dekket", slug=slug)) == 1.0
    assert slug_match(Candidate("Historisk arkiv", slug=slug)) == 0.0
    assert slug_match(Candidate("KS Trøndelag ber om at koronautgifter blir dekket")) == 0.0


@pytest.mark.parametrize(("line", "chrome"), [
    ("Historisk arkiv", True),  # real2 120, nb
    ("Gå till sidans innehåll", True),  # real2 146, sv
    ("innenriks", True),  # real2 109, a section word
    ("Oppsummert", True),  # real2 161
    ("Utgiver: Kommunal- og moderniseringsdepartementet", True),  # real2 120, a label
    ("Utgjevar: Kommunal- og regionaldepartementet", True),  # real2 123, nynorsk label
    ("Publisert under: Regjeringen Solberg", True),  # real2 120
    ("Log ind for at se indhold", True),  # real2 153, da
    ("Gå direkt till innehåll", True),  # real3 342, sv: a skip link
    ("Ein ny milliard til Husbanken", False),
    ("Nyheter om kommuneøkonomi", False),  # a chrome word opening a title is no chrome line
    # notices about the page itself, with variable parts ("*" in the word lists)
    ("Aktiver Javascript i din nettleser for en bedre opplevelse på regjeringen.no", True),  # real3 308, nb
    ("Artikkelen er over 1 år gammel", True),  # real3 322, an age banner under the title
    ("Innehållet publicerades under perioden 21 januari 2019 och 8 juli 2021", True),  # real3 341, sv archive
    ("Det talte ord gælder", True),  # real3 359, da: a speech's disclaimer
    ("Statsråd på denna sida som har entledigats", True),  # real3 341, sv: regeringen.se archive notice
    ("Artikkelen er over tusen ord lang og handler om hvor gammel", False),  # "*" inside: one to four words
    ("Innehållet publicerades under perioden", False),  # "*" stands for at least one word
])
def test_is_chrome(line: str, chrome: bool) -> None:
    assert is_chrome(line) is chrome


@pytest.mark.parametrize(("line", "credit", "attribution"), [
    ("Foto: Colourbox", True, False),  # real2 153
    ("Foto: Vestland fylkeskommune", True, False),  # real2 161
    ("Lasse Hansen, administrerende direktør i KS.", False, True),  # real2 105
    ("Bjørn Arild Gram, styreleder i KS.", False, True),  # real 019
    ("Per Ivar Kristiansen, salgsdirektør Experian", False, True),  # real 045
    ("Uttalande av Hanna Bocander, kommunstyrelsens ordförande", False, False),  # real2 145: a title
    ("Fotografen var på plass i Håkonshallen", False, False),
    # a photographer and a picture agency without a label (real3 323, 314)
    ("Javad Parsa/NTB", True, False),
    ("Gorm Kallestad / NTB", True, False),
    ("Mads Claus Rasmussen/Ritzau Scanpix", True, False),
    ("Forside / Aktuelt", False, False),  # a breadcrumb: no photographer, no agency
    ("Tema / Klima og miljø", False, False),
    ("Kari Nordmann / Kommunal Rapport", False, False),  # a byline: a newspaper, not a picture agency
    # every label and case a credit is printed in, with or without its colon before a name
    ("FOTO: NTB", True, False),
    ("FOTO Heiko Junge / NTB", True, False),
    ("Foto Anders Knudsen", True, False),  # real3 358 prints "Foto: Anders Knudsen"; other papers drop the colon
    ("Bild: Region Skåne", True, False),
    ("Illustrasjon: Colourbox", True, False),
    ("Illustration: Line Bisgaard", True, False),  # real3 357
    ("Foto og video fra landsmøtet", False, False),  # a label word opening a sentence
])
def test_credit_and_attribution_lines(line: str, credit: bool, attribution: bool) -> None:
    assert is_credit_line(line) is credit
    assert is_attribution_line(line) is attribution


def test_word_lists_are_data_one_file_per_language() -> None:
    for kind in ("chrome", "stopwords", "captions", "credits"):
        assert sorted(p.name for p in (DATA / kind).glob("*.txt")) == ["da.txt", "nb.txt", "nn.txt", "sv.txt"]
    assert {"historisk arkiv", "gå till sidans innehåll", "log ind for at se indhold"} <= evidence.CHROME_LINES
    assert {"och", "og", "frå", "mens"} <= evidence.STOPWORDS


def test_the_title_outscores_a_doubled_caption_and_explain_says_why() -> None:
    """real2 108: an image caption printed twice over the title."""
    caption = Candidate("!. april var en travel dag for veidirektøren. (Arkivfoto)", doubled=True)
    title = Candidate("Signerer for 3 milliarder kroner", first=True, after="lead")
    assert score(title) == 4.5
    assert score(caption) == -2.5
    assert best([(0, caption), (2, title)]) == 2
    assert explain(caption)["caption_mark"] == -2.0
    assert sum(explain(title).values()) == score(title)


def test_nothing_reaching_the_threshold_gives_no_title() -> None:
    """real2 105: a pull-quote over a name-and-role line is the only headline-like line."""
    pull = Candidate("KS mener det er helt sentralt å bevare det lokale handlingsrommet", first=True,
                     after="attribution")
    assert best([(0, pull)]) is None


# Heads of real pages (../shared/real2, first lines as the file prints them) and the title the
# reader takes, with how it chose it.
HEADS = [
    ("120", "Forsiden\n\nHistorisk arkiv\n\nMer penger til kommuner og fylkeskommuner\n\nHistorisk arkiv\n\n"
            "Publisert under: Regjeringen Solberg\n\nUtgiver: Kommunal- og moderniseringsdepartementet\n\n",
     "Mer penger til kommuner og fylkeskommuner", "scored"),
    ("122", "Statsbudsjettet 2024\n\nEt budsjett for å trygge folks økonomi og Norge i en urolig tid\n\n",
     "Et budsjett for å trygge folks økonomi og Norge i en urolig tid", "scored"),
    ("146", "Gå till sidans innehåll\n\nRegion Skåne\n\nPublicerad: 11 juni 2024\n\n"
            "Regionfullmäktige beslutade om mer pengar till sjukvården i tilläggsbudget\n\n",
     "Regionfullmäktige beslutade om mer pengar till sjukvården i tilläggsbudget", "scored"),
    ("147", "Pressmeddelande\nFrån Regionkansliet\n2008-03-28 14:00\n\n\n"
            "Presskonferens efter extra regionstyrelse 31 mars\n\n\n",
     "Presskonferens efter extra regionstyrelse 31 mars", "scored"),
    ("153", "Kommunaløkonomisk Forum\n\nFoto: Colourbox\n"
            "Byrådsmedlemmer holder vejret, mens priserne fortsætter med at stige\n"
            "tekst Mads Brandsen og Anna Törnqvist Jensen, mdbr@kl.dk\n",
     "Byrådsmedlemmer holder vejret, mens priserne fortsætter med at stige", "scored"),
    ("108", "!. april var en travel dag for veidirektøren. (Arkivfoto)\n"
            "!. april var en travel dag for veidirektøren. (Arkivfoto)\n\nSigner for 3 milliarder kroner\n\n",
     "Signer for 3 milliarder kroner", "scored"),
    ("154", " date 2021-02 150 millioner til skoleudvidelse\n\n", "150 millioner til skoleudvidelse", "scored"),
    ("109", " date 2020-04 innenriks\n\n", None, "none"),
    ("124", " date 2020-11 Nyheter\n\n", None, "none"),
    ("105", "KS mener det er helt sentralt å bevare det lokale handlingsrommet\n"
            "Lasse Hansen, administrerende direktør i KS.\n\n", None, "none"),
    ("161", "Vestland fylkesting i Håkonshallen oktober 2019\nFoto: Vestland fylkeskommune\n\n"
            "Vestland fylkeskommune\n\nOppsummert\n\n", "Vestland fylkeskommune", "scored"),
    # ../shared/real3 (opened at the end of issue 19): notices about the page are chrome
    ("r3-308", "Aktiver Javascript i din nettleser for en bedre opplevelse på regjeringen.no\n\nHistorisk arkiv\n\n"
               "24 millioner kroner til samhandling\n\nHistorisk arkiv\n\n", "24 millioner kroner til samhandling",
     "scored"),
    ("r3-322", "Gå til sidens hovedinnhold\n\nHer er statsråden som lovar å stille opp økonomisk for kommunar som "
               "vil løysast opp\n\nArtikkelen er over 1 år gammel\n\n",
     "Her er statsråden som lovar å stille opp økonomisk for kommunar som vil løysast opp", "scored"),
    # a picture's caption above the title: printed twice (317), or over a credit with no label (323)
    ("r3-317", "– VIKTIG GREP: Siri Blichfeldt Dyrland (t.v.) og Karin Hagen presenterer gode nyheiter frå "
               "regjeringa i dag.\n– VIKTIG GREP: Siri Blichfeldt Dyrland (t.v.) og Karin Hagen presenterer gode "
               "nyheiter frå regjeringa i dag.\n\nSiri og Karin kan smile: – Me hadde ikkje rekna med så mange "
               "ekstra millionar\n\n",
     "Siri og Karin kan smile: – Me hadde ikkje rekna med så mange ekstra millionar", "scored"),
    ("r3-323", "Kommunal- og distriktsminister Kjersti Stenseng mener kommunene må prioritere hardt fremover.\n"
               "Javad Parsa/NTB\nBunnår for kommunene: 58 prosent av landets kommuner med underskudd i 2024\n",
     "Bunnår for kommunene: 58 prosent av landets kommuner med underskudd i 2024", "scored"),
    # a notice's sentence printed under each of two archive notices is no lead (341)
    ("r3-341", "Innehållet publicerades under perioden 21 januari 2019 och 8 juli 2021\n\nStatsråd på denna sida "
               "som har entledigats\n\nMellan den 1 oktober 2019 och den 30 november 2021 var hon civilminister."
               "\n\nStatsråd på denna sida som har entledigats\n\nMellan den 1 oktober 2019 och den 30 november "
               "2021 var hon civilminister.\n\nPressmeddelande från Finansdepartementet\n\nKommundelegation för "
               "tillfälligt stöd till vissa kommuner och regioner\n\nPublicerad\n\n",
     "Kommundelegation för tillfälligt stöd till vissa kommuner och regioner", "scored"),
    # a question of one phrase is a headline, though it ends a sentence (309)
    ("r3-309", "Statsbudsjettet 2020 og kommunene på Agder: Hvordan slår det ut?\n\n",
     "Statsbudsjettet 2020 og kommunene på Agder: Hvordan slår det ut?", "scored"),
    # the title over its picture: the credit, then the caption sentence, then the lead (358)
    ("r3-358", "Annonce\nLokal nyt\n\nBudgettet rummer 100 gode ting\n\nFoto: Anders Knudsen\n\n"
               "Borgmester John Brædder er glad for det budget, byrådet vedtog torsdag aften.\n\n",
     "Budgettet rummer 100 gode ting", "scored"),
]
# where the body starts when it does not start at the lead: 105's pull-quote is text of an untitled page,
# 358's picture caption stands between the title and the lead
BODY_STARTS = {"105": "KS mener det er helt sentralt", "r3-358": "Borgmester John Brædder er glad"}
LEAD = ("Regjeringen har i dag fordelt 805 millioner kroner i spillemidler til kulturformål for 2020, og "
        "kommunene får pengene utbetalt i mai.\n\n– Vi er glade for pengene, sier ordfører Kari Nordmann.\n")


@pytest.mark.parametrize(("page", "head", "title", "source"), HEADS, ids=[h[0] for h in HEADS])
def test_real_page_heads(page: str, head: str, title: str | None, source: str) -> None:
    doc = parse_text_dump(head + LEAD, f"real2/{page}.txt")
    release = doc.releases[0]
    assert (release.title, release.title_source) == (title, source)
    # the lead stays the lead; an untitled page's body starts at its first line of text, chrome passed
    assert release.text.startswith(BODY_STARTS.get(page, "Regjeringen har i dag fordelt"))
    for chrome in ("Historisk arkiv", "Utgiver:", "innenriks", "Nyheter", "Oppsummert", "Foto:"):
        assert chrome not in release.text


def test_a_caption_above_the_title_is_read_after_the_body() -> None:
    """real2 117: the caption names KS-leiar Gunn Marit Helgesen; it stays text, the title is the headline."""
    caption = ("SKEPTISK: KS-leiar Gunn Marit Helgesen meiner det allereie er mange gode satsingar i gang for å "
               "styrke kvaliteten i eldreomsorga, difor er ei reform ikkje naudsynt. Foto: arkiv.")
    doc = parse_text_dump(f"{caption}\n{caption}\n\nKS er skeptisk til ny eldrereform\n\n{LEAD}", "real2/117.txt")
    release = doc.releases[0]
    assert (release.title, release.title_source) == ("KS er skeptisk til ny eldrereform", "scored")
    assert release.lead.startswith("Regjeringen har i dag fordelt")
    assert release.text.count("KS-leiar Gunn Marit Helgesen") == 1


def test_a_caption_above_the_title_is_text_not_speech() -> None:
    """real3 317: the caption printed twice above the title opens with a dash before its upper-case label;
    read after the body once, without the dash, it is no quote."""
    caption = ("– VIKTIG GREP: Siri Blichfeldt Dyrland (t.v.) og Karin Hagen presenterer gode nyheiter frå "
               "regjeringa i dag.")
    doc = parse_text_dump(f"{caption}\n{caption}\n\nSiri og Karin kan smile: – Me hadde ikkje rekna med så "
                          f"mange ekstra millionar\n\n{LEAD}", "real3/317.txt")
    release = doc.releases[0]
    assert release.text.count("VIKTIG GREP: Siri Blichfeldt Dyrland") == 1
    assert "– VIKTIG GREP" not in release.text


def test_a_known_layout_keeps_its_exact_reading() -> None:
    """An NTB page ("KS" / title / "Del") is read by its layout, whatever the features would say."""
    doc = parse_text_dump("KS\nStatsbudsjettet 2024\nDel\n" + LEAD, "real/ntb.txt")
    assert (doc.releases[0].title, doc.releases[0].title_source) == ("Statsbudsjettet 2024", "layout:ntb")


def test_the_warehouse_records_how_each_title_was_chosen(tmp_path: Path) -> None:
    """Three real pages through read -> parse -> load: an NTB page read by its layout, a page of no known
    layout whose title line won on evidence, and a ks.no capture that starts with its lead (no title)."""
    import shutil

    import duckdb

    from extract.files import expand
    from flows.batches import code_version, process_files
    from load.warehouse import load_tables, prepare, read_known_documents

    repo = Path(__file__).resolve().parent.parent
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("001_ks-ntb-ks-glad-for-ny-ia-avtale-pa-overtid.txt",
                 "051_other-juristforbundet-akademikerne-enighet-med-ks-2025.txt",
                 "013_ks-ksno-pm-fortsatt-usikker-kommuneokonomi.txt"):
        shutil.copy(repo / "data" / "real" / "corpus" / name, pages / name)
    db = tmp_path / "w.duckdb"
    prepare(db)
    paths, failures = expand([pages])
    stats = process_files([str(p) for p in paths], str(tmp_path / "stage"), 0, read_known_documents(db),
                          code_version())
    assert not failures and not stats.failures
    load_tables(db, staging=tmp_path / "stage")
    with duckdb.connect(str(db), read_only=True) as con:
        rows = set(con.execute("select title, title_source from releases").fetchall())
    assert rows == {("KS glad for ny IA-avtale på overtid", "layout:ntb"),
                    ("Akademikerne til enighet med KS i lønnsforhandlingene", "scored"),
                    (None, "none")}
