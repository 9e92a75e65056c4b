"""Recognition and resolution of municipalities and counties (transform/extractors/places.py), on real sentences.

Each row: a sentence of a real page (the file it comes from in the comment), its language, the date
the release is read on (None: undated), and the places expected as (words as written, place_id), with
place_id None for a shared name left open. Every bug fixed becomes a row.
"""

from __future__ import annotations

from datetime import date

import pytest

from transform.extractors.places import document_day, extract_places, release_day, release_places
from transform.normalise import implied_date
from transform.readers.textdump import parse_text_dump

ROWS = [
    # real/002: a list of bare names, a surname before a name, a common word (Time) in the list
    ("Denne uken besøker KS-lederen Kongsberg, Øvre Eiker, Hvaler, Fredrikstad, Gardermoen og Lillestrøm. "
     "Neste uke besøker Bjørn Arild Gram Stavanger, Bryne, Time, Eigersund og Sandnes", "nb", date(2020, 9, 9),
     [("Kongsberg", "NO:kommune:3006"), ("Øvre Eiker", "NO:kommune:3048"), ("Hvaler", "NO:kommune:3011"),
      ("Fredrikstad", "NO:kommune:3004"), ("Lillestrøm", "NO:kommune:3030"), ("Time", "NO:kommune:1121"),
      ("Eigersund", "NO:kommune:1101"), ("Sandnes", "NO:kommune:1108")]),
    # real/019: KS Viken is an organisation; the compound Viken-besøket names the county
    ("Onsdag 9. september møter KS-lederen fylkesstyret i KS Viken som er samlet i Kongsberg.", "nb",
     date(2020, 9, 9), [("Kongsberg", "NO:kommune:3006")]),
    ("Torsdag besøker KS-lederen Fredrikstad og Hvaler Solpark/Smart Energi Hvaler, før Viken-besøket avsluttes",
     "nb", date(2020, 9, 9), [("Fredrikstad", "NO:kommune:3004"), ("Viken", "NO:fylke:30")]),
    # real/004: ordfører i X kommune
    ("Geir Arild Espnes (Sp), ordfører i Oppdal kommune, Trudy Engen (SV), ordfører i Nordkapp kommune deltar.",
     "nb", date(2023, 3, 15), [("Oppdal kommune", "NO:kommune:5021"), ("Nordkapp kommune", "NO:kommune:5435")]),
    # real/016, real/027: a place-name inside another name
    ("På oppdrag fra KS har Oslo Economics og Fürst og Høverstad dokumentert utviklingen", "nb", None, []),
    ("Professor Terje P. Hagen ved Universitetet i Oslo har ledet Ekspertutvalget.", "nb", None, []),
    # real/009: a postal address
    ("KS\nPostboks 1378 Vik", "nb", None, []),
    # real/041: a building
    ("en felles middag for landets ordførere i Oslo rådhus.", "nb", None, []),
    # real/047: counties in a list, Oslo as a county among them; a company name; a foreign capital
    ("Mens det stort sett har vært en nedgang i de store næringslivsfylkene som Oslo og Hordaland.", "nb",
     date(2019, 3, 4), [("Oslo", "NO:fylke:03"), ("Hordaland", "NO:fylke:12")]),
    ("Bisnode har 2400 ansatte i 18 land og har hovedkontor i Stockholm, Sverige. Bisnode Norge AS holder til i "
     "Oslo Havnelager.", "nb", date(2019, 3, 4), [("Stockholm", "SE:kommun:0180")]),
    # real/006: Oslo as a municipality (not a county) next to 'fylkeskommunar'
    ("KS er arbeidsgjevarorganisasjon for alle kommunar og fylkeskommunar, bortsett frå Oslo.", "nn",
     date(2022, 3, 1), [("Oslo", "NO:kommune:0301")]),
    # real/045: X fylke
    ("Oppland fylke har den tredje største økningen med 30,4 prosent hittil i år.", "nb", date(2018, 10, 1),
     [("Oppland fylke", "NO:fylke:05")]),
    # real/039: a municipality number before its name is no postal code
    ("Tallene er i hele 1.000\n0101 Halden\n3.75", "nb", date(2017, 10, 1), [("Halden", "NO:kommune:0101")]),
    # real/055, real/056: Region X (Swedish: the län), Danish genitive with Kommune, Regionskommune
    ("I år förväntas negativa resultat i alla regioner utom Region Gotland och i en tredjedel av kommunerna.", "sv",
     date(2023, 10, 17), [("Region Gotland", "SE:län:09")]),
    ("som Bornholms Regionskommune, Københavns Kommune og Aalborg Kommune havde fremsat", "da", date(2025, 3, 1),
     [("Bornholms Regionskommune", "DK:kommune:400"), ("Københavns Kommune", "DK:kommune:101"),
      ("Aalborg Kommune", "DK:kommune:851")]),
    # real2/143, real2/144: Swedish genitive with kommun; a regional council named otherwise than its län
    ("Bjurholms kommun, 103,7 miljoner kronor (sökt 208,8 mnkr)\nRegion Jämtland Härjedalen, 9,6 miljoner kronor",
     "sv", date(2022, 8, 31), [("Bjurholms kommun", "SE:kommun:2403"), ("Region Jämtland Härjedalen", "SE:län:23")]),
    # real2/146: Region Skåne is its län; Rådhus Skåne a building
    ("Ordförandeklubban i Rådhus Skåne liggandes på ordförandes bord. 796 miljoner går till Region Skåne", "sv",
     date(2024, 6, 11), [("Region Skåne", "SE:län:12")]),
    # real2/149, real2/152: Region Hovedstaden, Region Syddanmark
    ("en varm tak til Sophie for hendes store indsats for Region Hovedstaden.", "da", date(2021, 6, 1),
     [("Region Hovedstaden", "DK:region:1084")]),
    ("Stephanie Lose, Regionrådsformand i Region Syddanmark, er ærgerlig", "da", date(2023, 1, 1),
     [("Region Syddanmark", "DK:region:1083")]),
    # real2/106: names in brackets (Vik is a common word), a surname that is a municipality (Sortland)
    ("nestleiar Ingvild Hjelmtveit (Osterøy), Øistein Søvik (Vik), Arild Steine (Voss). Toppbilete: Petter "
     "Sortland og Terje Førde var ikkje til stades.", "nn", date(2019, 11, 14),
     [("Osterøy", "NO:kommune:1253"), ("Vik", "NO:kommune:1417"), ("Voss", "NO:kommune:1235")]),
    # real2/106: a municipality about to be formed (Kinn, 2020) read on a 2019 date
    ("Ny leiar er kommunedirektør i nye Kinn kommune, Terje Heggheim.", "nn", date(2019, 11, 14),
     [("Kinn kommune", "NO:kommune:4602")]),
    # real2/156: table rows of common words
    ("Kommune Kroner\nKinn 2 000 000\nStad 500 000\nÅrdal 1 500 000", "nn", date(2021, 10, 18),
     [("Kinn", "NO:kommune:4602"), ("Stad", "NO:kommune:4649"), ("Årdal", "NO:kommune:4643")]),
    # real2/159: a shared name settled by the county beside it; a county gone for more than a year is none
    ("Av kommunane som får støtte finn ein mellom anna Vanylven og Sande i Møre og Romsdal, som får", "nn",
     date(2021, 8, 15), [("Vanylven", "NO:kommune:1511"), ("Sande", "NO:kommune:1514"),
                         ("Møre og Romsdal", "NO:fylke:15")]),
    ("Lyngen kommune i Troms er den kommunen som får den største summen", "nn", date(2021, 8, 15),
     [("Lyngen kommune", "NO:kommune:5424"), ("kommunen", "NO:kommune:5424")]),
    # a shared name with no county nearby is left open, never guessed
    ("Ordføraren i Herøy er nøgd med tildelinga.", "nn", date(2022, 1, 1), [("Herøy", None)]),
    ("Ordføraren i Herøy i Nordland er nøgd med tildelinga.", "nn", date(2022, 1, 1),
     [("Herøy", "NO:kommune:1818"), ("Nordland", "NO:fylke:18")]),
    # real2/105: a surname the text also prints after a first name is no place (Eide, 1551 until 2019)
    ("direktør for interessepolitikk Helge Eide. I lys av dette trakk også Eide frem viktigheten", "nb",
     date(2019, 6, 1), []),
    ("Etter dette, sa Eide, er det viktig.", "nb", date(2019, 6, 1), []),
    # a release of 2021 names Asker by its 2020 number, one of 2024 by its 2024 number
    ("Ordføreren i Asker kommune er fornøyd.", "nb", date(2021, 5, 1), [("Asker kommune", "NO:kommune:3025")]),
    ("Ordføreren i Asker kommune er fornøyd.", "nb", date(2024, 5, 1), [("Asker kommune", "NO:kommune:3203")]),
    # an ordinary word opening a sentence is not part of a name
    ("Kommunane Askøy og Øygarden får mest.", "nn", date(2022, 1, 1),
     [("Askøy", "NO:kommune:4627"), ("Øygarden", "NO:kommune:4626")]),
    # genitives and the body words of the issue
    ("Bergens byråd og Umeå kommuns budget, Vestland fylke og Aarhus Kommune", None, date(2024, 5, 1),
     [("Bergens byråd", "NO:kommune:4601"), ("Umeå kommuns", "SE:kommun:2480"), ("Vestland fylke", "NO:fylke:46"),
      ("Aarhus Kommune", "DK:kommune:751")]),
    ("Region Hovedstadens budget for 2024", "da", date(2024, 5, 1), [("Region Hovedstadens", "DK:region:1084")]),
    # a definite 'kommunen' points back to the one municipality the text names (real2/144, real2/155)
    ("I våras ansökte Gullspångs kommun om ett statligt stöd från Kammarkollegiet, och idag har vi fått besked om "
     "att kommunen beviljas 10,5 miljoner kronor. I bidragsansökan fanns en rad av åtgärder för effektiviseringar "
     "som i sin tur ska sänka kommunens kostnader", "sv", date(2022, 8, 31),
     [("Gullspångs kommun", "SE:kommun:1447"), ("kommunen", "SE:kommun:1447"), ("kommunens", "SE:kommun:1447")]),
    ("Sønderborg Kommunes byråd har på et budgetseminar drøftet budgettet for 2019 og de efterfølgende år.\n\n"
     "- Kommunens økonomi hviler fortsat på en solid kassebeholdning.", "da", date(2018, 9, 1),
     [("Sønderborg Kommunes", "DK:kommune:540"), ("Kommunens", "DK:kommune:540")]),
    # two municipalities in play (real2/159): 'kommunen' is left alone, not guessed
    ("Lyngen kommune i Troms er den kommunen som får den største summen, dei får 7,7 millionar kroner i støtte. "
     "Rollag kommune i Viken får minst, då dei får 84.000 kroner i støtte.", "nn", date(2021, 8, 15),
     [("Lyngen kommune", "NO:kommune:5424"), ("Rollag kommune", "NO:kommune:3051"), ("Viken", "NO:fylke:30")]),
    # real2/106: many municipalities, 'kommunen si planlegging' is any of them
    ("Debattane har dreia seg om berekraftsmål i kommunen si planlegging. Nestleiar Ingvild Hjelmtveit "
     "(Osterøy), Arild Steine (Voss).", "nn", date(2019, 11, 14),
     [("Osterøy", "NO:kommune:1253"), ("Voss", "NO:kommune:1235")]),
    # a shared name left open is two municipalities in play
    ("Ordføraren i Herøy er nøgd med tildelinga, og kommunen får meir.", "nn", date(2022, 1, 1), [("Herøy", None)]),
    # any municipality: 'kommunen eller fylkeskommunen' (real2/104 after a sentence of real/ naming Asker)
    ("Ordføreren i Asker kommune er fornøyd. Kommunalt eide foretak og interkommunale selskap kan også motta "
     "støtte dersom kommunen eller fylkeskommunen eier dem.", "nb", date(2021, 5, 1),
     [("Asker kommune", "NO:kommune:3025")]),
    # a referent of another country is none (real/047's Stockholm beside real2/106's 'kommunen')
    ("Bisnode har hovedkontor i Stockholm, Sverige. Debattane har dreia seg om berekraftsmål i kommunen si "
     "planlegging.", "nb", date(2019, 3, 4), [("Stockholm", "SE:kommun:0180")]),
]


@pytest.mark.parametrize(("text", "language", "day", "expected"), ROWS, ids=[r[0][:40] for r in ROWS])
def test_places_in_real_sentences(text: str, language: str | None, day: date | None,
                                  expected: list[tuple[str, str | None]]) -> None:
    got = [(m.as_written, m.place_id) for m in extract_places(text, language, day)]
    assert got == expected
    for m in extract_places(text, language, day):
        assert text[m.char_start:m.char_end] == m.as_written


def test_a_shared_name_left_open_carries_its_candidates() -> None:
    (m,) = extract_places("Ordføraren i Herøy er nøgd med tildelinga.", "nn", date(2022, 1, 1))
    assert (m.place_id, m.valid_from, m.candidates, m.resolved_by) == (
        None, None, ("NO:kommune:1515", "NO:kommune:1818"), "unresolved")


@pytest.mark.parametrize(("published", "text", "expected"), [
    (date(2021, 3, 24), "Publisert: 24.03.2021", (date(2021, 3, 24), "published")),
    # real2/106: the earliest year the text names
    (None, "konstituerande fylkesmøte for perioden 2019-2023", (date(2019, 7, 1), "text_year")),
    (None, "Denne uken besøker KS-lederen Kongsberg", (None, "names")),
])
def test_release_day(published: date | None, text: str, expected: tuple) -> None:
    assert release_day(published, text, today=date(2026, 12, 6)) == expected


def test_an_undated_text_is_read_in_the_period_its_names_exist() -> None:
    """real/019 has no year; Viken (2020–2023) is only named inside `KS Viken`, yet it dates the text."""
    text = "møter KS-lederen fylkesstyret i KS Viken som er samlet i Kongsberg."
    (m,) = extract_places(text, "nb", None)
    assert (m.place_id, m.valid_from, m.dated_by) == ("NO:kommune:3006", date(2020, 1, 1), "names")


def test_an_undated_text_speaking_of_a_new_county_is_read_before_it_began() -> None:
    """real2/158: 'nye Vestland fylkeskommune' (Vestland began on 2020-01-01) dates the text to 2019."""
    text = ("– Eg veit kva musklar Sunnhordland og Haugalandet har for å vere motor i nye Vestland fylkeskommune, "
            "oppsummerte fylkesordførar Anne Gine Hestetun dialogmøtet på Stord.")
    got = [(m.as_written, m.place_id, m.dated_by) for m in extract_places(text, "nn", None)]
    assert got == [("Vestland fylkeskommune", "NO:fylke:46", "names"), ("Stord", "NO:kommune:1221", "names")]


def test_an_undated_text_without_clues_takes_the_newest_version() -> None:
    (m,) = extract_places("Møtet er i Kongsberg.", "nb", None)
    assert (m.place_id, m.dated_by) == ("NO:kommune:3303", "newest")


def test_an_undated_text_without_clues_takes_the_day_its_page_was_fetched() -> None:
    (m,) = extract_places("Møtet er i Kongsberg.", "nb", None, document_day=date(2021, 2, 1))
    assert (m.place_id, m.dated_by) == ("NO:kommune:3006", "document")


def test_a_date_before_the_registers_takes_the_earliest_version_flagged() -> None:
    (m,) = extract_places("Ordføreren i Asker kommune er fornøyd.", "nb", date(2009, 5, 1))
    assert (m.place_id, m.valid_from, m.dated_by) == ("NO:kommune:0220", date(2013, 1, 1), "before_registers")


def test_title_and_body_are_read_together_with_offsets_into_each() -> None:
    title = "KS-lederen til kommunene i Viken og Rogaland"
    body = "I Rogaland skal styrelederen blant annet møte i Time kommunestyre."
    got = release_places(title, body, "nb", None)
    assert [(f, m.as_written) for f, m in got] == [
        ("title", "Viken"), ("title", "Rogaland"), ("body", "Rogaland"), ("body", "Time kommunestyre")]
    for field, m in got:
        assert (title if field == "title" else body)[m.char_start:m.char_end] == m.as_written


def test_the_aside_is_read_with_the_release_with_offsets_into_it() -> None:
    """real/047: the block about the publisher names Stockholm; real/039: a table row names Halden."""
    title = "Nedgang, men fortsatt høye konkurstall (med bransje- og fylkesoversikt)"
    body = "Mens det stort sett har vært en nedgang i de store næringslivsfylkene som Oslo og Hordaland."
    aside = ("Bisnode har 2400 ansatte i 18 land og har hovedkontor i Stockholm, Sverige. Bisnode Norge AS holder "
             "til i Oslo Havnelager.\n0101 Halden\n3.75")
    got = release_places(title, body, "nb", date(2019, 3, 4), aside=aside)
    assert [(f, m.as_written, m.place_id) for f, m in got] == [
        ("body", "Oslo", "NO:fylke:03"), ("body", "Hordaland", "NO:fylke:12"),
        ("aside", "Stockholm", "SE:kommun:0180"), ("aside", "Halden", "NO:kommune:0101")]
    for field, m in got:
        assert {"title": title, "body": body, "aside": aside}[field][m.char_start:m.char_end] == m.as_written


def test_kommunen_on_a_municipality_s_own_page_is_its_publisher() -> None:
    """real2/145 (Danderyd's page) never names Danderyd; with the publisher known, 'kommunen' is Danderyd."""
    text = ("Jag vill tacka Åsa Heribertson för det mycket goda arbete hon har gjort för att utveckla kommunen. "
            "- Åsa har sedan hösten 2018 varit drivande i att komma tillrätta med kommunens prekära ekonomi.")
    got = [(m.as_written, m.place_id, m.resolved_by)
           for m in extract_places(text, "sv", date(2019, 5, 1), publisher="Danderyds kommun")]
    assert got == [("kommunen", "SE:kommun:0162", "publisher"), ("kommunens", "SE:kommun:0162", "publisher")]
    assert extract_places(text, "sv", date(2019, 5, 1)) == []
    # the page of one municipality naming another: two in play
    other = "Bjurholms kommun, 103,7 miljoner kronor (sökt 208,8 mnkr)\n" + text  # real2/143's first row
    assert [(m.as_written, m.place_id) for m in extract_places(other, "sv", date(2019, 5, 1),
                                                               publisher="Danderyds kommun")] == [
        ("Bjurholms kommun", "SE:kommun:2403")]


REAL2_161 = (  # the head of real2/161, a page of undated items about the new Vestland county
    "Vestland fylkesting i Håkonshallen oktober 2019\nFoto: Vestland fylkeskommune\n\nVestland fylkeskommune\n\n"
    "Oppsummert\n\nSiste nytt om det nye fylket. Hordaland og Sogn og Fjordane slår seg saman frå 1.januar 2020.\n\n"
    " • Vil krevje utsleppsfrie drosjer\n\n  Alle drosjer i Hordaland kan bli utsleppsfrie innan 2024. Det kjem fram "
    "av forslag til nye miljøkrav til drosjenæringa frå den komande fylkesrådmannen i Vestland.\n\n"
    " • – Eg vil ha vekk fylkesgrensa\n\n  Fylkesgrensa mellom Vestland fylke og Møre og Romsdal blir eit hinder for "
    "framtidig utvikling, meiner påtroppande ordførar i Stad kommune, Alfred Bjørlo (V). I dag heldt Bjørlo eit "
    "innlegg på Moakonferansen i Ålesund.\n")


@pytest.mark.parametrize(("text", "own", "listed", "expected"), [
    (REAL2_161, None, [], date(2019, 7, 1)),  # the earliest year the page prints
    # a list page (the real3-302 row of tests/test_textdump.py): items of 29.06 and 23.09 2021 and "siden 2010"
    # in a teaser: the newest item wins
    ("Gatemagasinet Virkelig har mottatt 3,5 millioner kroner i støtte fra kommunen siden 2010.", None,
     [date(2021, 6, 29), date(2021, 9, 23)], date(2021, 9, 23)),
    ("Publisert: 24.03.2021", date(2021, 3, 24), [date(2020, 1, 2)], date(2021, 3, 24)),  # its own release's day
    ("Ingen årstall her.", None, [], None),
])
def test_document_day(text: str, own: date | None, listed: list[date], expected: date | None) -> None:
    assert document_day(text, own, listed, today=date(2026, 12, 6)) == expected


def test_an_undated_item_of_a_page_is_read_on_the_day_its_page_implies() -> None:
    """real2/161: 'Eg vil ha vekk fylkesgrensa' has no year; the page says 2019, so Ålesund is 1504, not 1508."""
    doc = parse_text_dump(REAL2_161, "data/real2/corpus/161.txt")
    assert implied_date(doc) == date(2019, 7, 1)
    (item,) = [r for r in doc.releases if r.title and "fylkesgrensa" in r.title]
    got = [(m.as_written, m.place_id, m.dated_by)
           for m in extract_places(item.text, "nn", None, document_day=implied_date(doc))]
    assert ("Ålesund", "NO:kommune:1504", "document") in got
    assert ("Stad kommune", "NO:kommune:4649", "document") in got
