"""Lists of news items on any page -> one item each (transform/readers/listing.py), and their releases.

Rows marked "real" are fragments of real pages (the second real set, `real2`, kept here as text because
the repo stands alone); rows marked "invented" each show one rule with made-up text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from transform.readers.listing import (
    LANGUAGES,
    WORDS_DIR,
    dated_title,
    day_header,
    glued_title,
    lines_outside,
    list_date,
    listed_items,
    word_sections,
)
from transform.readers.textdump import parse_text_dump

ROOT = Path(__file__).resolve().parents[1]
FETCHED = datetime(2024, 3, 12, 8, 0, tzinfo=UTC)

# real (real2 161, an NRK tag page): bulleted titles, each over a teaser paragraph and a photo caption
NRK_TAG_PAGE = """Vestland fylkesting i Håkonshallen oktober 2019
Foto: Vestland fylkeskommune

Vestland fylkeskommune

Oppsummert

Siste nytt om det nye fylket. Hordaland og Sogn og Fjordane slår seg saman frå 1.januar 2020.

 • Vestland får 182 millionar kroner

  Vestland fylkeskommune får 182 millionar kroner for å overta oppgåver og utstyr som Vegvesenet ikkje treng. \
Beløpet tilsvarer 163 stillingar. Fylkesrådmann Rune Haugsdal seier det er uklart om dette er nok til å dekka \
faktiske kostnadar. –Samstundes er me litt urolege for å få utstyr Vegvesenet ikkje treng sjølv, sa Haugsdal til \
finansutvalet som i føremiddag drøftar budsjettet for 2020.

 • Vil krevje utsleppsfrie drosjer

  Alle drosjer i Hordaland kan bli utsleppsfrie innan 2024. Det kjem fram av forslag til nye miljøkrav til \
drosjenæringa frå den komande fylkesrådmannen i Vestland.

  Christiania Taxi i parkeringskjelleren på Haukeland
  Foto: Simen Sundfjord Otterlei / NRK
 • – Eg vil ha vekk fylkesgrensa

  Fylkesgrensa mellom Vestland fylke og Møre og Romsdal blir eit hinder for framtidig utvikling, meiner \
påtroppande ordførar i Stad kommune, Alfred Bjørlo (V).

  Alfred Bjørlo på Moakonferansen i Ålesund
  Foto: Trond Vestre / NRK
"""

# real (real2 158, a county news page): two titles, each over one teaser sentence; a caption between
COUNTY_NEWS_PAGE = """Samarbeid med Haugalandet viktig for Sunnhordland

– Eg veit kva musklar Sunnhordland og Haugalandet har for å vere motor i nye Vestland fylkeskommune, \
oppsummerte fylkesordførar Anne Gine Hestetun dialogmøtet på Stord som gav innspel til den nye fylkeskommunen.
Gulen, felles drøftingsmøte

17 parti stiller liste til fylkestingsvalet i Vestland

Ved utløpet av fristen kl. 12.00 1. april hadde 17 parti stilt liste til det første fylkestingsvalet for \
Vestland fylkeskommune. Fire parti er nye, mens to er ute i høve førre fylkestingsval.
"""

LIST_ROWS = [
    # (id, text, [(title, ISO published_at, release_type, teaser start)])
    ("real-nrk-bullets", NRK_TAG_PAGE, [
        ("Vestland får 182 millionar kroner", None, None, "Vestland fylkeskommune får 182"),
        ("Vil krevje utsleppsfrie drosjer", None, None, "Alle drosjer i Hordaland"),
        ("– Eg vil ha vekk fylkesgrensa", None, None, "Fylkesgrensa mellom Vestland"),
    ]),
    ("real-county-teaser-page", COUNTY_NEWS_PAGE, [
        ("Samarbeid med Haugalandet viktig for Sunnhordland", None, None, "– Eg veit kva musklar"),
        ("17 parti stiller liste til fylkestingsvalet i Vestland", None, None, "Ved utløpet av fristen"),
    ]),
    ("invented-date-below-title",
     "Aktuelt fra KS\n\nKommunene venter høyere pensjonskostnader\n12. mai 2022\nNye beregninger viser at "
     "kommunenes pensjonskostnader øker.\n\nNy veileder om innbyggerinvolvering\n3. mai 2022\nKS har laget en "
     "veileder for kommuner.\nLes flere artikler", [
         ("Kommunene venter høyere pensjonskostnader", "2022-05-12T00:00:00+02:00", None, "Nye beregninger"),
         ("Ny veileder om innbyggerinvolvering", "2022-05-03T00:00:00+02:00", None, "KS har laget"),
     ]),
    ("invented-type-and-date-above-title-swedish",
     "Nyheter\n\nPressmeddelande • 12 mars 2024 10:15\nNya pendeltåg börjar rulla i höst\nRegionen har tecknat "
     "avtal om 40 nya pendeltåg.\n\nNyhet • 11 mars 2024 09:00\nVårdköerna minskar för tredje året\nAntalet "
     "patienter som väntat länge har minskat.", [
         ("Nya pendeltåg börjar rulla i höst", "2024-03-12T10:15:00+01:00", "Pressmeddelande", "Regionen har"),
         ("Vårdköerna minskar för tredje året", "2024-03-11T09:00:00+01:00", "Nyhet", "Antalet patienter"),
     ]),
    ("invented-date-under-teaser-danish",
     "Søgeresultater\n\nEn fornuftig økonomiaftale for 2024\nKommunerne får et løft på 2,2 milliarder kroner.\n"
     "12. juni 2023 | Nyhed\n\nBorgmestre bekymrede for serviceniveauet\nFlere borgmestre advarer mod "
     "besparelser.\n5. juni 2023 | Artikel", [
         ("En fornuftig økonomiaftale for 2024", "2023-06-12T00:00:00+02:00", "Nyhed", "Kommunerne får"),
         ("Borgmestre bekymrede for serviceniveauet", "2023-06-05T00:00:00+02:00", "Artikel", "Flere borgmestre"),
     ]),
    ("invented-type-label-over-each-title-english",  # "Press release" over each title is an aside (a type word
     # is looked up folded only when the line is no longer than the longest type word)
     "News\n\nPress release\nCouncils get a lift of 2.2 billion kroner\n12 June 2023\nThe government and the "
     "councils agree on the budget for 2024.\n\nPress release\nMayors warn against new cuts\n5 June 2023\n"
     "Several mayors warn against cuts in 2024.", [
         ("Councils get a lift of 2.2 billion kroner", "2023-06-12T00:00:00+02:00", None, "The government and"),
         ("Mayors warn against new cuts", "2023-06-05T00:00:00+02:00", None, "Several mayors warn"),
     ]),
    ("invented-date-on-the-title-line",
     "Nyheter\n12.03.2024 Kommunen bygger ny skole i sentrum\nSkolen skal stå ferdig i 2026.\n"
     "05.03.2024 Nytt budsjett vedtatt\nKommunestyret vedtok budsjettet.", [
         ("Kommunen bygger ny skole i sentrum", "2024-03-12T00:00:00+01:00", None, "Skolen skal"),
         ("Nytt budsjett vedtatt", "2024-03-05T00:00:00+01:00", None, "Kommunestyret vedtok"),
     ]),
    ("invented-day-headers-nynorsk",  # "I dag" / "I går" count back from the fetch time
     "Tema: Kommuneøkonomi\n\nI dag\nKommunen må kutte 40 millionar\nBystyret vedtok i kveld eit kutt.\n"
     "I går\nFylket får meir til vegar\nFylkestinget fekk 100 millionar ekstra.\nMåndag 4. desember\n"
     "Ordføraren går av\nHan har sete i tolv år.", [
         ("Kommunen må kutte 40 millionar", "2024-03-12T00:00:00+01:00", None, "Bystyret vedtok"),
         ("Fylket får meir til vegar", "2024-03-11T00:00:00+01:00", None, "Fylkestinget fekk"),
         ("Ordføraren går av", None, None, "Han har sete"),
     ]),
    ("invented-linked-titles-with-arrows",
     "Nyheter\nNytt budsjett vedtatt ›\n5. mars 2024\nKommunen søker sommervikarer ›\n1. mars 2024", [
         ("Nytt budsjett vedtatt", "2024-03-05T00:00:00+01:00", None, None),
         ("Kommunen søker sommervikarer", "2024-03-01T00:00:00+01:00", None, None),
     ]),
    ("invented-times-under-day-headers",  # "14:32 Title" under the day it names
     "Siste nytt\nI dag\n14:32 Kommunen kutter i bussrutene\nFylket legger ned 40 ruter.\n"
     "09:10 Ny rektor på Byskolen\nI går\nFylket får mer til veier\n"
     "Fylkestinget fikk 100 millioner ekstra til vedlikehold.", [
         ("Kommunen kutter i bussrutene", "2024-03-12T14:32:00+01:00", None, "Fylket legger ned"),
         ("Ny rektor på Byskolen", "2024-03-12T09:10:00+01:00", None, None),
         ("Fylket får mer til veier", "2024-03-11T00:00:00+01:00", None, "Fylkestinget fikk"),
     ]),
    ("invented-one-line-items",  # a card rendered on one line: title, date (and teaser)
     "Pressemeldinger\n • Nytt budsjett vedtatt 5. mars 2024 Kommunestyret vedtok budsjettet i går.\n"
     " • Kommunen søker sommervikarer 1. mars 2024\n • Ny skole åpnet 28.02.2024 14:30", [
         ("Nytt budsjett vedtatt", "2024-03-05T00:00:00+01:00", None, "Kommunestyret vedtok"),
         ("Kommunen søker sommervikarer", "2024-03-01T00:00:00+01:00", None, None),
         ("Ny skole åpnet", "2024-02-28T14:30:00+01:00", None, None),
     ]),
    ("invented-read-more-links",
     "Nyheter\n\nNy gang- og sykkelvei åpnet\nDen nye sykkelveien mellom sentrum og skolen er åpen.\nLes mer\n\n"
     "Kommunen søker sommervikarer\nVi søker sommervikarer til helse og omsorg.\nLes mer", [
         ("Ny gang- og sykkelvei åpnet", None, None, "Den nye sykkelveien"),
         ("Kommunen søker sommervikarer", None, None, "Vi søker"),
     ]),
    ("real3-306-kicker-title-weekday-date-teaser",  # High North News: one line per item, kicker optional
     "POLITIKK Helgelendingene ser mot sør tir 16.09.2014 11:16 Noen lefler med tanken om ett stort nordnorsk "
     "fylke, men det frister ikke politikerne…\nPOLITIKK - Naturlig med storkommune i Vesterålen man 15.09.2014 "
     "12:35 - En storkommune i Vesterålen er vårt utgangspunkt, sier ordfører i Sortland kommune…\n"
     "Kronikker Kronikk: Alt som før = stagnasjon tor 13.08.2015 12:16 - NHO mener at dagens kommuner i Norge må "
     "reduseres fra dagens 428 kommuner til 77…\nMer penger til kommuner som velger sammenslåing fre 18.12.2015 "
     "19:14 Regjeringen sender nå forslag til nytt inntektssystem for kommunene ut på høring. Og…", [
         ("Helgelendingene ser mot sør", "2014-09-16T11:16:00+02:00", None, "Noen lefler"),
         ("Naturlig med storkommune i Vesterålen", "2014-09-15T12:35:00+02:00", None, "En storkommune"),
         ("Kronikk: Alt som før = stagnasjon", "2015-08-13T12:16:00+02:00", None, "NHO mener"),
         ("Mer penger til kommuner som velger sammenslåing", "2015-12-18T19:14:00+01:00", None, "Regjeringen"),
     ]),
    ("real3-301-date-after-teaser-named-in-it",  # NAV: the teaser names the date printed under it
     "Pressemeldingar\n\nHer finn du pressemeldingar frå Arbeids- og velferdsdirektoratet.\n\n"
     "Publisert: 12.02.2015 | Sist endret: 12.05.2021\n\n2 300 færre arbeidssøkjarar førre veke\n\n"
     "Tysdag 20. april er det registrert 206 200 heilt ledige, delvis ledige og arbeidssøkjarar på tiltak hjå NAV. "
     "Det er 2 300 færre enn førre veke.\n\nPublisert: 20.04.2021 | Sist endret: 20.04.2021\n\n"
     "3 200 færre arbeidssøkere enn før påske\n\nTirsdag 13. april er det registrert 208 500 helt ledige, delvis "
     "ledige, og arbeidssøkere på tiltak hos NAV.\n\nPublisert: 13.04.2021 | Sist endret: 13.04.2021\n\n"
     "6 500 flere arbeidssøkere i februar\n\nVed utgangen av februar er det registrert 207 900 helt ledige, "
     "delvis ledige og arbeidssøkere på tiltak hos NAV, noe som utgjør 7,3 prosent av arbeidsstyrken. Dette er 6", [
         ("2 300 færre arbeidssøkjarar førre veke", "2021-04-20T00:00:00+02:00", None, "Tysdag 20. april"),
         ("3 200 færre arbeidssøkere enn før påske", "2021-04-13T00:00:00+02:00", None, "Tirsdag 13. april"),
         # the page ends before this item's date line: the item stays, undated
         ("6 500 flere arbeidssøkere i februar", None, None, "Ved utgangen"),
     ]),
    ("real3-355-ranked-search-results",  # Danske Kommuner: bullet, rank, title and date on one line
     " • 1 Der er mest godt at sige om regeringens udspil 25.02.2021\n\n  Den 27. januar 2021 kom regeringen med "
     "sit udspil med hele 43 initiativer.\n\n • 4 I øjenhøjde med borgeren 14.01.2021\n\n  Med coronakrisen blev "
     "Danmark lukket ned, og vilkårene for dansk økonomi ændret markant.", [
         ("Der er mest godt at sige om regeringens udspil", "2021-02-25T00:00:00+01:00", None, "Den 27. januar"),
         ("I øjenhøjde med borgeren", "2021-01-14T00:00:00+01:00", None, "Med coronakrisen"),
     ]),
    ("real3-302-day-headers-year-apart",  # iTromsø: "torsdag 23.09 2021" over each day's titles
     "Tema\n\ntorsdag 23.09 2021\n\nGatemagasinet Virkelig sliter med å betale strøm og husleie – får 125.000 "
     "kroner av kommunen\n\nGatemagasinet Virkelig har mottatt 3,5 millioner kroner i støtte fra kommunen siden "
     "2010.\n\ntirsdag 29.06 2021\n\nTverrpolitisk enighet om Trollvassbu – avviser grunneiers klage\n\nTromsø "
     "formannskap gjorde kort prosess i spørsmålet om tvangskjøpet av Troms Turlags populære hytte Trollvassbu.", [
         ("Gatemagasinet Virkelig sliter med å betale strøm og husleie – får 125.000 kroner av kommunen",
          "2021-09-23T00:00:00+02:00", None, "Gatemagasinet Virkelig har"),
         ("Tverrpolitisk enighet om Trollvassbu – avviser grunneiers klage", "2021-06-29T00:00:00+02:00", None,
          "Tromsø formannskap"),
     ]),
    ("real3-302-second-title-of-a-day",  # iTromsø: a day header over two titles, the second undated
     "tirsdag 15.06 2021\n\nOrdføreren åpner for å oppheve bilforbudet i Skippergata\n\nOm det skulle oppstå "
     "kritiske situasjoner vil Gunnar Wilhelmsen oppheve stengingen av Skippergata i sommer.\n\nFormannskapet\n\n"
     "Tromsø skal bli karbonnøytral innen 2030\n\nFormannskapet sa ja til å melde inn Tromsø som kandidatby til "
     "EU-program.\n\nonsdag 19.05 2021\n\nVedtok «kriseplan» for pleie- og omsorgssektoren\n\nPolitikerne i "
     "formannskapet vedtok det som nærmest er å regne som en akutt kriseplan.\n\nVedtok at kommunen skal overta "
     "sentralkjøkkendrift\n\nFra våren 2022 skal kommunen selv stå for produksjon og distribusjon av mat.", [
         ("Ordføreren åpner for å oppheve bilforbudet i Skippergata", "2021-06-15T00:00:00+02:00", None, "Om det"),
         ("Tromsø skal bli karbonnøytral innen 2030", None, None, "Formannskapet sa ja"),
         ("Vedtok «kriseplan» for pleie- og omsorgssektoren", "2021-05-19T00:00:00+02:00", None, "Politikerne"),
         ("Vedtok at kommunen skal overta sentralkjøkkendrift", None, None, "Fra våren 2022"),
     ]),
    ("real3-345-date-glued-to-teaser",  # Mynewsdesk: title, then date, time, zone, publisher and teaser on one line
     "Pressmeddelanden\n\nLinköping får Wall of Fame\n\n2015-10-10 09:00 CEST Linköpings kommun Två "
     "medborgarförslag handlade om samma sak: att på något sätt i staden exponera kända personer.\n\n"
     "Fler platser för elever i ett växande Växjö\n\n2015-10-09 16:25 CEST Växjö kommun Växjö växer i snabb takt "
     "och samtidigt ökar antalet barn och elever i förskola och grundskola.", [
         ("Linköping får Wall of Fame", "2015-10-10T09:00:00+02:00", None, "Linköpings kommun Två"),
         ("Fler platser för elever i ett växande Växjö", "2015-10-09T16:25:00+02:00", None, "Växjö kommun"),
     ]),
    ("real3-345-last-teaser-cut-to-its-publisher",  # Mynewsdesk: the page ends after the last item's publisher
     "Pressinbjudan - arbetsmarknadsseminarium\n\n2015-10-09 15:05 CEST Vallentuna kommun Välkommen till ett "
     "seminarium om hur vi får ut fler på arbetsmarknaden.\n\nVO-Collegeveckan i Kalix\n\n2015-10-09 14:06 CEST "
     "Kalix kommun", [
         ("Pressinbjudan - arbetsmarknadsseminarium", "2015-10-09T15:05:00+02:00", None, "Vallentuna kommun"),
         ("VO-Collegeveckan i Kalix", "2015-10-09T14:06:00+02:00", None, "Kalix kommun"),
     ]),
    ("real3-356-captions-over-titles",  # NB-Økonomi topic page: heading printed twice, a caption over most titles
     "Indenrigs- og Boligministeriet\n\n  Indenrigs- og Boligministeriet\n\n  \"Selve vores udspil er ikke noget, "
     "der vil dræne kommunekasserne,\" sagde indenrigs- og boligminister Kaare Dybvad (S) ved præsentationen af "
     "regeringens boligudspil.\n\n  Boligudspil ‘vil ikke dræne kommunekasserne’\n\n  Ved præsentationen af "
     "regeringens forslag om 22.000 nye almene boliger i primært hovedstadsområdet slår indenrigs- og "
     "boligminister Kaare Dybvad (S) fast, at kommunerne ikke vil opleve en negativ økonomisk påvirkning ved "
     "forslaget.\n  Der er god grund til at ærgre sig i Ishøj Kommune i dag. Efter alt at dømme har Ishøj ligget "
     "lige på grænsen til at få del i §16-særtilskuddet, som blev meldt ud i går.\n\n  Se kommunerne der var på "
     "grænsen til §16-tilskud\n\n  NB-Økonomi har forsøgt at genskabe de kriterier, der har ligget til grund for "
     "tildelingen af tilskud fra §16-puljen. Se her, hvilke kommuner der lå på vippen.\n\n  Her er vinderne og "
     "taberne af §16-puljen\n\n  17 kommuner får tilskud fra §16-puljen til særligt vanskeligt stillede kommuner, "
     "og det betyder, at 32 kommuner ikke får tilskud, selvom de har søgt. Se her, hvor meget hver kommune får "
     "fra puljen.\n  Indenrigs- og boligminister Kaare Dybvad har givet syv kommuner lov til at sænke skatten med "
     "statsligt tilskud i 2022 som følge af, at kommunerne fik en gevinst på udligningsreformen.\n\n  Syv kommuner "
     "vil sænke skatten i 2022\n\n  Syv kommuner har fået tilskud til at sætte skatten ned i 2022. Tallene viser, "
     "at der er større rift om at sætte skatten op, end der er om at sætte skatten ned.", [
         ("Boligudspil ‘vil ikke dræne kommunekasserne’", None, None, "\"Selve vores udspil"),
         ("Se kommunerne der var på grænsen til §16-tilskud", None, None, "Der er god grund"),
         ("Her er vinderne og taberne af §16-puljen", None, None, "17 kommuner får"),
         ("Syv kommuner vil sænke skatten i 2022", None, None, "Indenrigs- og boligminister Kaare"),
     ]),
    ("real3-354-item-label-under-each-title",  # Aarhus: title, the unit's label, teaser; undated
     "Gå til hovedindhold\n\nSeptember\n\nBudgetforlig 2023: Fokus på de mest sårbare i en krisetid\n\n"
     "Nyheder fra Borgmesterens Afdeling\n\n30 ud af 31 medlemmer af Aarhus Byråd har indgået forlig om næste "
     "års budget.\n\nJacob Bundsgaard: Aarhus Kommune skal gå foran med klimavenligt byggeri\n\nNyheder fra "
     "Borgmesterens Afdeling\n\nBorgmester Jacob Bundsgaard beder byrådet om opbakning til at stille skrappere "
     "klimakrav til kommunens nybyggeri.", [
         ("Budgetforlig 2023: Fokus på de mest sårbare i en krisetid", None, None, "30 ud af 31"),
         ("Jacob Bundsgaard: Aarhus Kommune skal gå foran med klimavenligt byggeri", None, None, "Borgmester Jacob"),
     ]),
    ("invented-article-with-dated-side-list",  # the article's own dateline does not make it an item
     "Mer til vedlikehold av kommunale bygg\nPressemelding | Dato: 05.02.2024 | Nr: 12/2024\n"
     + "\n".join(f"Avsnitt {n} om vedlikehold av kommunale bygg i hele landet, med penger fra staten." for n in
                 range(6))
     + "\nRegjeringen styrker kommuneøkonomien\nPressemelding | Dato: 01.02.2024 | Nr: 10/2024\n"
       "Nye tall for kommunene\nPressemelding | Dato: 30.01.2024 | Nr: 9/2024\n", [
         ("Regjeringen styrker kommuneøkonomien", "2024-02-01T00:00:00+01:00", "Pressemelding", None),
         ("Nye tall for kommunene", "2024-01-30T00:00:00+01:00", "Pressemelding", None),
     ]),
]


@pytest.mark.parametrize(("text", "want"), [row[1:] for row in LIST_ROWS], ids=[row[0] for row in LIST_ROWS])
def test_listed_items(text: str, want: list[tuple[str, str | None, str | None, str | None]]) -> None:
    items = listed_items(text.split("\n"), FETCHED)
    got = [(i.title, i.published_at.isoformat() if i.published_at else None, i.release_type,
            i.teaser[0][:len(w[3])] if i.teaser and w[3] else None) for i, w in zip(items, want, strict=False)]
    assert got == want
    assert len(items) == len(want)


NO_LIST_ROWS = [
    # (id, text): pages that list nothing, though they hold bullets, dates or short lines
    ("real-bulleted-amounts",  # real2 143: a bulleted list of short lines, no teasers
     "Berörda kommuner och regioner:\n\n  • Bjurholms kommun, 103,7 miljoner kronor (sökt 208,8 mnkr)\n"
     "  • Degerfors kommun, 4,5 miljoner kronor (sökt 54 mnkr)\n  • Hofors kommun, 7,2 miljoner kronor (sökt 15,8 "
     "mnkr)\n\nOm statsbidraget:\n\n\"Delegationen för kommunal ekonomi i balans\" fattar beslut om tillfälligt "
     "statsbidrag för kommunala åtgärder för en ekonomi i balans."),
    ("real-bulleted-prose",  # real2 146: bullets of prose paragraphs
     "Ärenden i korthet\n\n  • Regionfullmäktige beslöt att tilldela hälso- och sjukvårdsnämnden 646 miljoner "
     "kronor extra under 2024. Pengarna ska användas till att kompensera ofinansierade kostnader.\n"
     "  • Regionfullmäktige fastställde 2023 års miljöredovisning. Den visar att utsläppen minskar."),
    ("real-published-and-updated",  # ks.no: two date lines under one title
     "Hvem er årets vertskommune?\nPublisert: 09.12.2020\nSist oppdatert: 10.12.2020\nKS søker en vertskommune "
     "for Kommunalpolitisk toppmøte.\n- Nominasjonsfrist er 27. januar 2021"),
    ("invented-article-with-subheadings",  # a prose page: title, lead, subheadings over several paragraphs
     "Kommunen bygger ny skole\n\nKommunestyret har vedtatt å bygge en ny barneskole i sentrum til høsten.\n\n"
     "Bakgrunn for saken\n\nDen gamle skolen er fra 1950 og har store vedlikeholdsbehov, sier ordføreren.\n\n"
     "Skolen har vært stengt i perioder på grunn av fukt og dårlig inneklima.\n\nØkonomi\n\nProsjektet er "
     "beregnet til 250 millioner kroner.\n\nDet finansieres med lån over tretti år."),
    ("invented-article-with-one-caption-like-paragraph",  # two "items" with a sentence over the second title:
     # an article's lead, its second paragraph and a subheading; too few items for a list with captions
     "Kommunen bygger ny skole\n\nKommunestyret har vedtatt å bygge en ny barneskole i sentrum til høsten.\n\n"
     "Skolen i sentrum skal stå ferdig i 2026, sier ordføreren i kommunen.\n\nNy skole i sentrum\n\n"
     "Den nye skolen i sentrum får plass til 400 elever fra hele kommunen."),
    ("invented-one-dated-title", "Nyheter\n\nKommunen bygger ny skole\n12. mars 2024\nSkolen skal stå ferdig i 2026."),
]


@pytest.mark.parametrize("text", [row[1] for row in NO_LIST_ROWS], ids=[row[0] for row in NO_LIST_ROWS])
def test_no_list(text: str) -> None:
    assert listed_items(text.split("\n"), FETCHED) == []


@pytest.mark.parametrize("path", sorted((ROOT / "data" / "real" / "corpus").glob("*.txt")), ids=lambda p: p.name[:3])
def test_first_real_set_pages_are_no_lists(path: Path) -> None:
    """No page of the first real set (articles, press releases, NTB pages with glued listed datelines, ks.no
    topic pages) is read as a list here: its listed releases are NTB's and ks.no's own layouts."""
    assert listed_items(path.read_text(encoding="utf-8").split("\n")) == []


DATE_ROWS = [
    # (id, line, ISO when, release type, clock)
    ("worded", "12. mai 2022", "2022-05-12T00:00:00+02:00", None, None),
    ("iso", "2024-03-12", "2024-03-12T00:00:00+01:00", None, None),
    ("label", "Publicerad 2024-03-12", "2024-03-12T00:00:00+01:00", None, None),
    ("type-label", "Nyhet 4. mars 2024", "2024-03-04T00:00:00+01:00", "Nyhet", None),
    ("bullet-type", "Pressmeddelande   •   mar 12, 2024 10:15 CET", "2024-03-12T10:15:00+01:00", "Pressmeddelande",
     None),
    ("type-in-the-middle", "12.03.2024 | Nyhet | Statsforvalteren i Vestland", "2024-03-12T00:00:00+01:00", "Nyhet",
     None),
    ("danish-weekday", "Tirsdag d. 12. marts 2024", "2024-03-12T00:00:00+01:00", None, None),
    ("abbreviated-weekday", "ons. 13. mars 2024", "2024-03-13T00:00:00+01:00", None, None),
    ("no-year", "12. mars", None, None, None),
    ("clock", "kl. 14.32", None, None, (14, 32)),
    ("weekday-clock", "Mandag 16:05", None, None, (16, 5)),
    ("ago", "for 3 timer siden", "2024-03-12T05:00:00+00:00", None, None),
    ("ago-swedish", "för 20 minuter sedan", "2024-03-12T07:40:00+00:00", None, None),
    ("relative-dateline", "I dag 10:15", "2024-03-12T10:15:00+01:00", None, None),
    ("year-apart", "torsdag 23.09 2021", "2021-09-23T00:00:00+02:00", None, None),  # real3 302
    # real3 301: published and updated on one line; the first date is the item's
    ("published-and-changed", "Publisert: 12.05.2021 | Sist endret: 20.05.2021", "2021-05-12T00:00:00+02:00",
     None, None),
]


@pytest.mark.parametrize(("line", "when", "release_type", "clock"), [r[1:] for r in DATE_ROWS],
                         ids=[r[0] for r in DATE_ROWS])
def test_list_date(line: str, when: str | None, release_type: str | None, clock: tuple[int, int] | None) -> None:
    date = list_date(line, FETCHED)
    assert date is not None
    assert (date.when.isoformat() if date.when else None, date.release_type, date.clock) == (when, release_type, clock)


@pytest.mark.parametrize("line", ["Kommunen bygger ny skole", "12. mars 2024 vedtok kommunestyret budsjettet.",
                                  "Nominasjonsfrist er 27. januar 2021", "250 millioner kroner", "Mandag kommer"])
def test_not_a_list_date(line: str) -> None:
    assert list_date(line, FETCHED) is None


@pytest.mark.parametrize(("line", "is_day", "when"), [
    ("I dag", True, "2024-03-12T00:00:00+01:00"),
    ("I går", True, "2024-03-11T00:00:00+01:00"),
    ("Igår", True, "2024-03-11T00:00:00+01:00"),
    ("Mandag", True, None),
    ("Måndag 4 december", True, None),
    ("Mandag kommer budsjettet", False, None),
    ("Ons", False, None),  # an abbreviated weekday heads a day only with its date
    ("Ons. 4. desember", True, None),
    ("I dag er det møte", False, None),
])
def test_day_header(line: str, is_day: bool, when: str | None) -> None:
    found, day = day_header(line, FETCHED)
    assert (found, day.isoformat() if day else None) == (is_day, when)


@pytest.mark.parametrize(("line", "title", "when"), [
    ("12.03.2024 Kommunen bygger ny skole", "Kommunen bygger ny skole", "2024-03-12"),
    ("Nytt budsjett vedtatt - 5. mars 2024", "Nytt budsjett vedtatt", "2024-03-05"),
    ("Nytt budsjett vedtatt (2024-03-05)", "Nytt budsjett vedtatt", "2024-03-05"),
    ("12. mars 2024 vedtok kommunestyret budsjettet.", None, None),
    ("Nytt budsjett vedtatt 5. mars 2024", "Nytt budsjett vedtatt", "2024-03-05"),
    ("Søknadsfrist 12.03.2024", None, None),  # one word before the date is a label, not a title
    # real3 306: a section kicker before the title and the date's weekday after it are not the title's
    ("POLITIKK Helgelendingene ser mot sør tir 16.09.2014", "Helgelendingene ser mot sør", "2014-09-16"),
])
def test_dated_title(line: str, title: str | None, when: str | None) -> None:
    found = dated_title(line)
    assert (found[0] if found else None, found[1].date().isoformat() if found else None) == (title, when)


@pytest.mark.parametrize(("title", "clean"), [
    ("POLITIKK Helgelendingene ser mot sør tir", "Helgelendingene ser mot sør"),  # real3 306
    ("Kronikker Kommentaren: Fornuft og følelser i kommunesammenslåingens tid tor",
     "Kommentaren: Fornuft og følelser i kommunesammenslåingens tid"),  # real3 306
    ("POLITIKK - Naturlig med storkommune i Vesterålen man", "Naturlig med storkommune i Vesterålen"),
    ("Kronikk: Alt som før = stagnasjon", "Kronikk: Alt som før = stagnasjon"),  # its own label stays
    ("Politikk og økonomi i Nord", "Politikk og økonomi i Nord"),  # a section word opening a sentence-case title
    ("Bodø tar over", "Bodø tar over"),
])
def test_glued_title(title: str, clean: str) -> None:
    assert glued_title(title) == clean


def test_lines_outside_blank_the_items() -> None:
    lines = NRK_TAG_PAGE.split("\n")
    rest = lines_outside(lines, listed_items(lines))
    assert "Siste nytt om det nye fylket. Hordaland og Sogn og Fjordane slår seg saman frå 1.januar 2020." in rest
    assert not any("Vegvesenet" in line or "drosjer" in line for line in rest)


def test_every_language_has_every_word_list() -> None:
    sections = {language: word_sections((WORDS_DIR / f"{language}.txt").read_text(encoding="utf-8"))
                for language in LANGUAGES}
    names = set(sections["nb"])
    assert {"weekdays", "relative_days", "ago", "ago_units", "date_labels", "types", "chrome"} <= names
    for language, found in sections.items():
        assert set(found) >= names - {"ago_before"}, language
        assert all(words for words in found.values()), language


def test_tag_page_gives_its_own_release_and_one_per_item() -> None:
    doc = parse_text_dump(NRK_TAG_PAGE, "161.txt")
    listed = [r for r in doc.releases if not r.has_full_text]
    assert [r.title for r in listed] == ["Vestland får 182 millionar kroner", "Vil krevje utsleppsfrie drosjer",
                                         "Eg vil ha vekk fylkesgrensa"]
    assert listed[2].title_is_quote
    assert "Haugsdal til finansutvalet" in listed[0].text and "Christiania Taxi" not in listed[1].text
    own = [r for r in doc.releases if r.has_full_text]
    assert len(own) == 1 and "Siste nytt om det nye fylket" in own[0].text
    assert not any("182 millionar" in r.text for r in own)


def test_teaser_quotes_and_amounts_belong_to_the_item() -> None:
    from transform.pipeline import extract_document

    doc = parse_text_dump(NRK_TAG_PAGE, "161.txt")
    extracted = {e.release.title: e for e in extract_document(doc)}
    item = extracted["Vestland får 182 millionar kroner"]
    assert [q.text for q in item.quotes] == [
        "Samstundes er me litt urolege for å få utstyr Vegvesenet ikkje treng sjølv"]
    assert [int(a.value) for a in item.amounts] == [182000000]


def test_county_page_of_teasers_gives_two_items_and_no_article() -> None:
    doc = parse_text_dump(COUNTY_NEWS_PAGE, "158.txt")
    assert [(r.title, r.has_full_text) for r in doc.releases] == [
        ("Samarbeid med Haugalandet viktig for Sunnhordland", False),
        ("17 parti stiller liste til fylkestingsvalet i Vestland", False),
    ]


# HTML: a list of dated cards anywhere on a page (transform/readers/html.py, generic path)


def test_html_news_list_page_gives_its_items_and_no_release_of_its_own() -> None:
    from transform.readers.html import parse_release_html

    html = (ROOT / "tests" / "live" / "fixtures" / "ksno" / "aktuelt.html").read_text(encoding="utf-8")
    doc = parse_release_html(html, "https://www.ks.no/aktuelt/")
    assert [(r.title, r.published_at.date().isoformat() if r.published_at else None, r.has_full_text)
            for r in doc.releases] == [("Krevende tariffoppgjør i vente", "2025-03-12", False),
                                       ("Ungdomspartiene stiller seg bak valgløftet", "2025-03-03", False)]
    assert doc.releases[0].url == ("https://www.ks.no/fagomrader/arbeidsgiver/lonn-og-tariff/"
                                   "krevende-tariffoppgjor-i-vente/")
    assert doc.releases[0].text == "Partene i kommuneoppgjøret møttes til første forhandlingsmøte torsdag."


# invented: an article with a side list of dated cards in an <aside>
ARTICLE_WITH_SIDE_LIST = """<html lang="nb"><body><main>
<article><h1>Kommunen bygger ny skole</h1><p>Publisert: 12.03.2024</p>
<p>Kommunestyret har vedtatt å bygge en ny barneskole i sentrum til høsten, med plass til 400 elever.</p>
<p>– Dette er en stor dag for bygda, sier ordfører Kari Nordmann.</p></article>
<aside><h2>Flere nyheter</h2><ul>
<li><h3><a href="/nyheter/budsjett">Nytt budsjett vedtatt</a></h3><time datetime="2024-03-05">5. mars</time>
<p>Kommunestyret vedtok budsjettet for neste år.</p></li>
<li><h3><a href="/nyheter/vikarer">Kommunen søker sommervikarer</a></h3><span>1. mars 2024</span>
<p>Vi søker vikarer til helse og omsorg.</p></li>
</ul></aside></main></body></html>"""


def test_html_article_with_a_side_list_gives_the_article_and_the_items() -> None:
    from transform.readers.html import parse_release_html

    doc = parse_release_html(ARTICLE_WITH_SIDE_LIST, "https://kommune.example/nyheter/skole")
    assert [(r.title, r.published_at.date().isoformat() if r.published_at else None, r.has_full_text)
            for r in doc.releases] == [("Kommunen bygger ny skole", "2024-03-12", True),
                                       ("Nytt budsjett vedtatt", "2024-03-05", False),
                                       ("Kommunen søker sommervikarer", "2024-03-01", False)]
    assert "budsjett" not in doc.releases[0].text
    assert doc.releases[1].url == "https://kommune.example/nyheter/budsjett"


def test_html_undated_link_cards_are_no_list() -> None:
    """invented: a menu of <li> links with headings but no dates lists no releases."""
    from transform.readers.html import parse_release_html

    html = ARTICLE_WITH_SIDE_LIST.replace('<time datetime="2024-03-05">5. mars</time>', "").replace(
        "<span>1. mars 2024</span>", "")
    doc = parse_release_html(html, "https://kommune.example/nyheter/skole")
    assert [r.title for r in doc.releases] == ["Kommunen bygger ny skole"]
