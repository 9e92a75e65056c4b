"""Tests for transform.extractors.amounts: one row per rule, in the style of KS/SKR/KL press releases.

Run `python -m tests.test_amounts --write-doc` from the repo root to rescore the dev set
(tests/devset/amounts.jsonl) and rewrite docs/eval_amounts.md.
"""

from __future__ import annotations

import json
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transform.extractors.amounts import extract_amounts, format_amount

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "devset" / "amounts.jsonl"
SAMPLES = ROOT / "data" / "samples"
GOLD = ROOT / "tests" / "gold" / "samples.json"

Row = tuple[str, str | None, str, str]  # value, value_high, currency, qualifier


def r(value: str, currency: str = "NOK", qualifier: str = "exact", high: str | None = None) -> Row:
    return (value, high, currency, qualifier)


CASES: list[tuple[str, list[Row]]] = [
    # ---- the sample sentences -------------------------------------------------------------------
    ("Hovedstyret i KS vedtok i dag å gi mer enn en million kroner fordelt på sin ukrainske "
     "søsterorganisasjon og til humanitært arbeid i landet.", [r("1000000", qualifier="more_than")]),
    ("Beløpet tilsvarer 58.000 euro til hver mottaker.", [r("58000", "EUR")]),
    ("Hovedstyre har derfor besluttet å gi tilsvarende beløp, 58.000 euro, til en humanitær "
     "organisasjon.", [r("58000", "EUR")]),
    ("Det vil øke når regjeringen ber kommunene bosette 37.000 flyktninger i 2024.", []),
    ("Rapporten gir en samlet oversikt over fakta på 117 områder i kommuner og fylkeskommuner.", []),
    ("50 kommuner skal finne nye løsninger i helse og omsorg.", []),
    ("Helgesen er gjenvalgt som president i CEMR for perioden 2026–2028.", []),
    # ---- digit forms ----------------------------------------------------------------------------
    ("Kommunen får 1 500 000 kroner i skjønnsmidler til prosjektet.", [r("1500000")]),
    ("Kommunen får 1\u00a0500\u00a0000 kroner i skjønnsmidler.", [r("1500000")]),
    ("Tilskuddet er på 2\u202f400\u202f000 kroner.", [r("2400000")]),
    ("Ordningen får 2,5 millioner kroner ekstra neste år.", [r("2500000")]),
    ("Prosjektet koster kr 450 000 og finansieres av fylket.", [r("450000")]),
    ("Prosjektet koster kr. 450.000 totalt.", [r("450000")]),
    ("Deltakeravgiften er 4 500,- per person.", [r("4500")]),
    ("Deltakeravgiften er kr 3.900,- inkludert lunsj.", [r("3900")]),
    ("The board granted NOK 12.5 million to the programme.", [r("12500000")]),
    ("The association received EUR 2 million from the fund.", [r("2000000", "EUR")]),
    ("Totalt utgjør kompensasjonen 12,75 mrd. kroner.", [r("12750000000")]),
    ("Budsjettet er på 700 mill. kr for neste år.", [r("700000000")]),
    ("Rammen økes med 350 mill kroner.", [r("350000000")]),
    ("Fylket har satt av 45 mln. kroner til kollektivtrafikk.", [r("45000000")]),
    ("Kommunesektoren får 6,2 mrd kroner i økte frie inntekter.", [r("6200000000")]),
    ("Veksten i frie inntekter er anslått til 4,1 milliarder kroner.", [r("4100000000")]),
    ("KS-lederen viste til at 500 tusen kroner går til opplæring.", [r("500000")]),
    ("Lønnstillegget gir 15 000 kroner mer i året for en lærer.", [r("15000")]),
    ("Kommunen bruker 1.200 kroner per innbygger på kultur.", [r("1200")]),
    ("Egenandelen er 450 kroner per time.", [r("450")]),
    ("Reisestøtten er 2 000 euro per deltaker.", [r("2000", "EUR")]),
    ("Fondet har en ramme på 10 000 000 kroner.", [r("10000000")]),
    ("Kommunene har fått 1,2 milliarder kroner i 2024-kroner.", [r("1200000000")]),
    ("Driftsutgiftene er beregnet til 850 millioner 2025-kroner.", [r("850000000")]),
    ("Tiltaket koster 3 millioner norske kroner.", [r("3000000")]),
    # ---- number words ---------------------------------------------------------------------------
    ("Regjeringen foreslår å bruke en halv milliard kroner på kommunal beredskap.", [r("500000000")]),
    ("Satsingen får halvannen million kroner fra KS.", [r("1500000")]),
    ("Det er satt av tre millioner kroner til ordningen.", [r("3000000")]),
    ("Hver kommune får ti tusen kroner til arrangementet.", [r("10000")]),
    ("Samlet gir dette fem milliarder kroner mer til kommunene.", [r("5000000000")]),
    ("Fylkeskommunen bidrar med to hundre tusen kroner.", [r("200000")]),
    ("Potten er på tjue millioner kroner.", [r("20000000")]),
    ("KS får en kvart million kroner til utredningen.", [r("250000")]),
    ("Ordningen er verdt to og en halv milliard kroner.", [r("2500000000")]),
    ("Det gir ett tusen kroner per elev.", [r("1000")]),
    ("Styret vedtok å gi femti tusen kroner til innsamlingen.", [r("50000")]),
    ("Programmet har en ramme på hundre millioner kroner.", [r("100000000")]),
    ("Staten legg på bordet ein milliard kroner til vegvedlikehald.", [r("1000000000")]),
    # ---- nynorsk --------------------------------------------------------------------------------
    ("Kommunane får 2,3 milliardar kroner meir enn i fjor.", [r("2300000000")]),
    ("Fylket løyver 40 millionar kroner til ferjedrift.", [r("40000000")]),
    ("Tiltaket kostar om lag 12 millionar kroner.", [r("12000000", qualifier="about")]),
    ("Det er meir enn 600 millionar kroner i etterslep på fylkesvegane.", [r("600000000", qualifier="more_than")]),
    ("Kommunen kan få høgst 250 000 kroner i tilskot.", [r("250000", qualifier="at_most")]),
    ("Ramma er frå 3 til 5 millionar kroner per prosjekt.",
     [r("3000000", high="5000000", qualifier="range")]),
    # ---- Swedish --------------------------------------------------------------------------------
    ("Regeringen tillför kommunerna 6 miljarder kronor nästa år.", [r("6000000000", "SEK")]),
    ("Sektorn behöver drygt 20 miljarder kronor för att klara välfärden.",
     [r("20000000000", "SEK", "more_than")]),
    ("Underskottet i regionerna uppgår till 500 mnkr.", [r("500000000", "SEK")]),
    ("Staten bidrar med upp till 2 miljoner kronor per kommun.", [r("2000000", "SEK", "up_to")]),
    ("Resultatet blev 25 mdkr för kommunsektorn.", [r("25000000000", "SEK")]),
    ("Satsningen omfattar mellan 3 och 4 miljarder kronor.",
     [r("3000000000", "SEK", "range", "4000000000")]),
    ("Avgiften är 300 SEK per deltagare.", [r("300", "SEK")]),
    ("Kostnaden beräknas till knappt två miljarder kronor.", [r("2000000000", "SEK", "about")]),
    # ---- Danish ---------------------------------------------------------------------------------
    ("Kommunerne får 1,5 mia. kr. ekstra til ældreområdet.", [r("1500000000", "DKK")]),
    ("Aftalen giver 500 mio. kr. til den borgernære velfærd.", [r("500000000", "DKK")]),
    ("KL vurderer, at der mangler mindst 2 mia. kr. i anlægsloftet.", [r("2000000000", "DKK", "at_least")]),
    ("Prisen er 250 DKK per deltager.", [r("250", "DKK")]),
    ("Aftalen er på over 3 milliarder danske kroner.", [r("3000000000", "DKK", "more_than")]),
    ("Den samlede pulje er på 80 millioner svenske kroner.", [r("80000000", "SEK")]),
    # ---- the breakdown of an amount (transform/data/amounts/*.txt): bare figures take its currency --
    # real3 page 321 (innherred-levanger-skjonnsmidler-2017): were not amounts
    ("Levanger kommune mottar i alt 2,878 millioner kroner, hvorav 870.000 for prosjektet «ulovlig bygging» "
     "og 300.000 for klimanettverk.", [r("2878000"), r("870000"), r("300000")]),
    # invented rows for the same rule: Swedish "varav", and no breakdown word, no currency for a count
    ("Regionen får 2 miljarder kronor, varav 450 000 till kollektivtrafik.",
     [r("2000000000", "SEK"), r("450000", "SEK")]),
    ("Kommunen fikk 3 millioner kroner, og 4000 innbyggere fikk brev.", [r("3000000")]),
    # ---- currencies -----------------------------------------------------------------------------
    ("CEMR har fått 1,2 millioner euro fra EU-kommisjonen.", [r("1200000", "EUR")]),
    ("Prosjektet har et budsjett på €350 000.", [r("350000", "EUR")]),
    ("Prosjektet har et budsjett på € 350 000.", [r("350000", "EUR")]),
    ("Verdensbanken bidrar med 40 millioner dollar.", [r("40000000", "USD")]),
    ("Fondet investerte $5 million in the programme.", [r("5000000", "USD")]),
    ("Selskapet hadde en omsetning på 3 mrd. NOK i fjor.", [r("3000000000")]),
    ("The deficit is USD 1.5 billion this year.", [r("1500000000", "USD")]),
    ("Kontingenten er 40 000 EUR per år.", [r("40000", "EUR")]),
    ("Billetten koster 20 pund i London.", [r("20", "GBP")]),
    ("Avgiften er 500 kroner per deltaker.", [r("500")]),
    ("Avgiften er 1 krone per kilo avfall.", [r("1")]),
    # ---- qualifiers -----------------------------------------------------------------------------
    ("Kommunene bruker ca. 3 milliarder kroner på dette.", [r("3000000000", qualifier="about")]),
    ("Kommunene bruker cirka 3 milliarder kroner på dette.", [r("3000000000", qualifier="about")]),
    # real page (SKR): a range wins over an approximation word
    ("Det handlar om cirka 20-30 miljarder kronor under 2021.",
     [r("20000000000", "SEK", "range", "30000000000")]),
    ("Tapet er rundt 800 millioner kroner.", [r("800000000", qualifier="about")]),
    ("Merkostnaden er om lag 1,4 milliarder kroner.", [r("1400000000", qualifier="about")]),
    ("Merkostnaden er omkring 1,4 milliarder kroner.", [r("1400000000", qualifier="about")]),
    ("Koronautgiftene var nesten 2 milliarder kroner i første halvår.", [r("2000000000", qualifier="about")]),
    ("Kommunene fikk drøyt 900 millioner kroner.", [r("900000000", qualifier="more_than")]),
    ("Etterslepet er på drøye 3 milliarder kroner.", [r("3000000000", qualifier="more_than")]),
    ("Kommunen fikk rundt 900 millioner kroner.", [r("900000000", qualifier="about")]),
    ("Kommunene fikk snaut 900 millioner kroner.", [r("900000000", qualifier="about")]),
    ("Etterslepet er på over 10 milliarder kroner.", [r("10000000000", qualifier="more_than")]),
    ("Det trengs mer enn 5 milliarder kroner til vedlikehold.", [r("5000000000", qualifier="more_than")]),
    ("Det trengs mer en 5 milliarder kroner til vedlikehold.", [r("5000000000", qualifier="more_than")]),
    ("Sektoren mangler minst 4 milliarder kroner.", [r("4000000000", qualifier="at_least")]),
    ("Sektoren mangler ikke mindre enn 4 milliarder kroner.", [r("4000000000", qualifier="at_least")]),
    ("Lønnsveksten koster under 1 milliard kroner.", [r("1000000000", qualifier="less_than")]),
    ("Overskuddet ble mindre enn 200 millioner kroner.", [r("200000000", qualifier="less_than")]),
    ("Hver søker kan få høyst 50 000 kroner.", [r("50000", qualifier="at_most")]),
    ("Hver søker kan få maks 50 000 kroner.", [r("50000", qualifier="at_most")]),
    ("Hver søker kan få maksimalt 50 000 kroner.", [r("50000", qualifier="at_most")]),
    ("Kommunene kan søke om opptil 2 millioner kroner.", [r("2000000", qualifier="up_to")]),
    ("Kommunene kan søke om inntil 2 millioner kroner.", [r("2000000", qualifier="up_to")]),
    ("Det gis støtte på opptil 300 000 kroner per prosjekt.", [r("300000", qualifier="up_to")]),
    ("Ordningen gir i overkant av 1 milliard kroner.", [r("1000000000", qualifier="more_than")]),
    ("Gjelden er i underkant av 1 milliard kroner.", [r("1000000000", qualifier="less_than")]),
    # ---- ranges ---------------------------------------------------------------------------------
    ("Merkostnaden anslås til mellom 3 og 4,5 mrd. kroner.",
     [r("3000000000", high="4500000000", qualifier="range")]),
    ("Kommunene trenger 200–250 millioner kroner til barnevernet.",
     [r("200000000", high="250000000", qualifier="range")]),
    ("Behovet er 1,2-1,5 mrd. kr årlig.", [r("1200000000", high="1500000000", qualifier="range")]),
    ("Tilskuddet ligger på fra 10 til 12 millioner kroner per år.",
     [r("10000000", high="12000000", qualifier="range")]),
    ("Budsjettet økes med fra 20 til 30 millioner kroner.",
     [r("20000000", high="30000000", qualifier="range")]),
    ("Tilskuddet er på mellom 300 000 og 1 million kroner.",
     [r("300000", high="1000000", qualifier="range")]),
    ("Egenandelen blir 200 – 400 kroner per måned.", [r("200", high="400", qualifier="range")]),
    ("Anslagene spriker fra 3 til 4 milliarder kroner.",
     [r("3000000000", high="4000000000", qualifier="range")]),
    ("Det vil koste mellom 600 millioner og 1 milliard kroner.",
     [r("600000000", high="1000000000", qualifier="range")]),
    ("Kostnaden er tre–fire millioner kroner.", [r("3000000", high="4000000", qualifier="range")]),
    # ---- carried currency -----------------------------------------------------------------------
    ("Regjeringen bevilger 5 millioner i 2024 og 7 millioner kroner i 2025.",
     [r("5000000"), r("7000000")]),
    ("Budsjettet har 300 millioner kroner til drift og 50 millioner til investeringer.",
     [r("300000000"), r("50000000")]),
    ("Fylket gir 2 millioner euro i år og 3 millioner neste år.", [r("2000000", "EUR"), r("3000000", "EUR")]),
    ("Rammen økte med 300 millioner til 5 milliarder kroner.", [r("300000000"), r("5000000000")]),
    ("Økningen er på 1,3 milliarder, hvorav 900 millioner kroner er frie inntekter.",
     [r("1300000000"), r("900000000")]),
    # ---- several amounts ------------------------------------------------------------------------
    ("KS krever 4 milliarder kroner til eldreomsorg og 1,5 milliarder kroner til barnehager.",
     [r("4000000000"), r("1500000000")]),
    ("Inntektene går fra 2 milliarder kroner til 3 milliarder kroner.", [r("2000000000"), r("3000000000")]),
    ("Tilskuddet er 300 000 kroner, og egenandelen er 100 000 kroner.", [r("300000"), r("100000")]),
    # ---- a change "øker/reduseres … fra X til Y": the old and the new value, two exact amounts ---
    ("Kostnaden øker fra 10 til 12 millioner kroner.", [r("10000000"), r("12000000")]),
    ("Enkeltbilletten for barn øker fra 25 til 30 kroner fra nyttår.", [r("25"), r("30")]),
    ("Rammen til vedlikehold reduseres fra 14 til 11 millioner kroner.",
     [r("14000000"), r("11000000")]),
    ("Avgiften heves i 2026 fra 1 200 til 1 350 kroner.", [r("1200"), r("1350")]),
    ("Prisen på en time i SFO går opp fra kr 42 til kr 47.", [r("42"), r("47")]),
    ("Tilskotet vert senka frå 800 000 til 650 000 kroner.", [r("800000"), r("650000")]),
    ("Egenandelen stiger fra 3 millioner til 3,6 millioner kroner.", [r("3000000"), r("3600000")]),
    ("Takstene for renovasjon endres fra 2 900 til 3 100 kroner i året.", [r("2900"), r("3100")]),
    ("Gebyret økte fra 2019 til 2024 med 600 kroner.", [r("600")]),
    # ---- a bounding label before a colon: "Maks …: X" / "Minste …: X" ---------------------------
    ("- Maks støtte per kommune: 2 millioner kroner", [r("2000000", qualifier="at_most")]),
    ("Maksimalt tilskudd per søknad: 400 000 kroner", [r("400000", qualifier="at_most")]),
    ("• Øvre grense for lån: 5 millioner kroner", [r("5000000", qualifier="at_most")]),
    ("- Minste tilskudd per prosjekt: 50 000 kroner", [r("50000", qualifier="at_least")]),
    ("- Samlet ramme: 150 millioner kroner", [r("150000000")]),
    ("Søknadsfrist er 1. mars. Beløp per prosjekt: 75 000 kroner", [r("75000")]),
    # ---- negatives: counts, percentages, years, dates, times, phones, vague words --------------
    ("Landet har 356 kommuner og 15 fylkeskommuner.", []),
    ("KS representerer arbeidsgivere for 500 000 ansatte.", []),
    ("Lønnsveksten ble 3,5 prosent i fjor.", []),
    ("Rammen økte med 12 % fra året før.", []),
    ("Avtalen gjelder i 2024 og 2025.", []),
    ("Programmet varer fra 2014-2021 og er evaluert.", []),
    ("Uttalelsen ble publisert 16.5.2022 14:19:32 CEST.", []),
    ("Møtet starter kl. 10.30 i Haugesund.", []),
    ("Ring pressevakten på 24 13 26 01 for kommentar.", []),
    ("Ring rådgiveren på +47 902 33 059 for kommentar.", []),
    ("Send søknaden til Postboks 1378 Vika, 0114 Oslo.", []),
    ("Dette følger av kommuneloven § 14-2 og artikkel 5.", []),
    ("Kommunene står overfor et milliardbeløp i etterslep.", []),
    ("Det er snakk om et millionbeløp for hver kommune.", []),
    ("Kronebeløpet er ikke avklart ennå.", []),
    ("Elevene arrangerte en kronerulling for Ukraina.", []),
    ("Byen har 5 millioner innbyggere og mange kroner i kassa.", []),
    ("Kommunene må ta imot 5 millioner besøkende på ett år.", []),
    ("Det koster flere milliarder kroner.", []),
    ("Kommunene bruker milliarder av kroner på dette.", []),
    ("Konferansen går av stabelen 6. og 7. november i Haugesund.", []),
    ("Kommunedirektørene foreslår kutt for å få budsjettene i balanse.", []),
    ("Det er ni av ti kommuner som melder om underskudd.", []),
    # ---- shorthand, shared scales, vague words, trailing qualifiers ----------------------------
    ("Kontrakten har en verdi på 3,25 MNOK.", [r("3250000")]),
    ("Rammen er 1,2 MEUR for hele perioden.", [r("1200000", "EUR")]),
    ("Kommunene får 5 og 7 millioner kroner til henholdsvis skole og helse.", [r("5000000"), r("7000000")]),
    ("Det kan bli 3 eller 4 milliarder kroner.", [r("3000000000"), r("4000000000")]),
    ("I 2024 og 7 millioner kroner senere var prosjektet ferdig.", [r("7000000")]),
    ("Vi anslår at dette vil koste flere hundre millioner kroner.", []),
    ("Det dreier seg om noen få tusen kroner per elev.", []),
    ("Underskuddet blir 2 milliarder kroner eller mer.", [r("2000000000", qualifier="at_least")]),
    ("Staten bidrar med 700 miljoner kronor i år och 1 miljard nästa år.",
     [r("700000000", "SEK"), r("1000000000", "SEK")]),
    ("KL skønner, at udgifterne stiger med op mod 1 mia. kr. frem mod 2030.",
     [r("1000000000", "DKK", "about")]),
    # ---- money with no currency word, in a sentence about money (kroner of the language) -----
    ("Staten bruker 4,5 mrd. på én enkelt motorveistrekning i år.", [r("4500000000")]),
    ("Veksten i skatteinntektene blir på 2,1 mrd, ifølge KS.", [r("2100000000")]),
    ("Kommunen får merkostnader på om lag 4 millioner i året.", [r("4000000", qualifier="about")]),
    ("Fylket løyver 60 millionar til ferjeavløysing neste år.", [r("60000000")]),
    ("Underskuddet i sykehjemmene var på 14 millioner i fjor.", [r("14000000")]),
    ("Kommunene får 2,4 mrd. i økte frie inntekter.", [r("2400000000")]),
    ("Regionerna räknar med ett underskott på 4 miljarder i år.", [r("4000000000", "SEK")]),
    ("Kommunerne bruger 2 mia. om året på vikarer.", [r("2000000000", "DKK")]),
    ("Byggingen kostet 95 millioner kroner, 6 millioner under budsjett.", [r("95000000"), r("6000000")]),
    ("Lønnskostnadene har økt med 900 millioner siden 2022.", [r("900000000")]),
    ("Fylket brukte 6 millioner på konsulenter, 2 millioner mer enn året før.",
     [r("6000000"), r("2000000")]),
    ("Fylket har 1,2 millioner innbyggere og et budsjett i balanse.", []),
    ("Befolkningen har vokst med 1 million siden 2000, og kostnadene følger etter.", []),
    ("Flyplassen hadde 3 millioner passasjerer i fjor, og inntektene økte.", []),
    ("Vannverket leverer 2 mrd. kubikkmeter vann i året til en lav pris.", []),
    ("Byen fikk 3 millioner i fjor, og inntektene økte kraftig.", []),
    ("Kommunen nådde 2 millioner i fjor.", []),
    # ---- definite forms of currencies -------------------------------------------------------
    ("Mange mangler de siste 150 000–250 000 kronene for å få lån.",
     [r("150000", high="250000", qualifier="range")]),
    ("Dei 40 millionar kronane går til vegvedlikehald.", [r("40000000")]),
    ("Regionen fick tillbaka de 300 miljoner kronorna.", [r("300000000", "SEK")]),
    ("De 500 millioner kronerne går til ældreplejen.", [r("500000000", "DKK")]),
    ("Prosjektet tapte de 2 millioner euroene fra EU.", [r("2000000", "EUR")]),
    ("Fondet flyttet de 10 millioner dollarene til Norge.", [r("10000000", "USD")]),
    ("Kronene og ørene ble telt opp etter innsamlingen.", []),
    # ---- "fra X til" + an amount that is not a bare number --------------------------------------
    ("Egenandelen øker fra 4 200 til mellom 6 000 og 7 500 kroner i 2030.",
     [r("4200"), r("6000", high="7500", qualifier="range")]),
    ("Prisen steg fra 1 800 til over 2 000 kroner.", [r("1800"), r("2000", qualifier="more_than")]),
    ("Fra 1990 til i dag har kommunen brukt 3 mrd. kroner.", [r("3000000000")]),
    ("Fra 2020 til mellom 3 og 4 millioner kroner økte tilskuddet ikke.",
     [r("3000000", high="4000000", qualifier="range")]),
    # ---- real pages (data/real/corpus), as the pages write them ---------------------------------
    # 014: "mrd." on both ends of a "mellom … og …" range; a scaled number with no currency of its
    # own takes the currency word its sentence holds ("en eneste krone")
    ("I Kommuneproposisjonen for neste år anslås en vekst i kommunesektorens frie inntekter neste "
     "år på mellom 2 mrd. og 2,4 mrd. kroner.", [r("2000000000", high="2400000000", qualifier="range")]),
    ("Det er bra at skatteanslaget økes med 3,2 mrd. kroner i inneværende år, og at dette "
     "videreføres neste år.", [r("3200000000")]),
    ("- Det overrasker meg at regjeringen finner plass til en kvart milliard til vedlikehold av "
     "riksveier, mens den ikke har funnet en eneste krone til det samme når det gjelder "
     "fylkesveiene, der behovet er langt større.", [r("250000000")]),
    ("Byen har 5 millioner innbyggere, og kronekursen er svak.", []),
    # 040: a negation before "mer enn" bounds from above; a change "fra X til Y" is two amounts
    ("KS er svært kritisk til at regjeringen ikke bevilger mer enn 100 millioner kroner til "
     "innføringen av  bemanningsnorm i barnehage for 2019.", [r("100000000", qualifier="at_most")]),
    ("Kommunen har ikke fått mindre enn 5 millioner kroner.", [r("5000000", qualifier="at_least")]),
    ("Tilskuddet til de regionale forskningsfondene er redusert fra 210 til 183 millioner kroner i "
     "forslaget til budsjett.", [r("210000000"), r("183000000")]),
    # the warehouse contract: "fra 28 til 40 millioner kroner" is a change, two exact amounts
    ("Fra 28 til 40 millioner kroner.", [r("28000000"), r("40000000")]),
    ("Tilskuddet går fra 28 til 40 millioner kroner.", [r("28000000"), r("40000000")]),
    ("Kommunene kan søke om fra 50 000 til 200 000 kroner.",
     [r("50000", high="200000", qualifier="range")]),
    # 038: "mill." with a dot before kroner
    ("Våre beregninger viser at pedagog- og bemanningsnorm er underfinansiert med 400 mill. kroner "
     "i 2019, sier Eide.", [r("400000000")]),
    # 039: a range with spaced en dash; "nær" approximates
    ("En redusert makssats vil føre til at de 70 direkte berørte kommunene går glipp av inntekter "
     "på 350 – 400 millioner kroner.", [r("350000000", high="400000000", qualifier="range")]),
    ("I 2016 ga eiendomsskatt kommunene samlet nær 12,3 milliarder kroner i inntekter.",
     [r("12300000000", qualifier="about")]),
    ("Eiendomsskatten utgjør mer enn 10 prosent av driftsinntektene for 30 kommuner.", []),
    # 035: a "mellom … og" range of dotted thousands, "opp til"
    ("Det betyr et kronetillegg på mellom 10.000 og 13.000 kroner for de fleste, og opp til "
     "15.600 kroner for lærere med lengst utdanning og ansiennitet.",
     [r("10000", high="13000", qualifier="range"), r("15600", qualifier="up_to")]),
    # 048: "ca." and "mer enn" + number words; counts ("over 40 land") are not amounts
    ("Kontrakten er en totalentreprise verdt ca. 4 milliarder kroner, det vil si en av landets "
     "største veikontrakter.", [r("4000000000", qualifier="about")]),
    ("– I et selskap som vårt bør vi være åpne for at det kan være mye å lære av et konsern som "
     "bygger infrastruktur i over 40 land, og årlig setter av mer enn to milliarder kroner til "
     "forskning og utvikling, sier Dahl Hovland.", [r("2000000000", qualifier="more_than")]),
    # 049: "4 485 millioner kroner" and "over" after a dash; a percentage is not an amount
    ("I 2015 økte selskapets overskudd med 6,4 prosent, til 4 485 millioner kroner – over 12 "
     "millioner kroner hver eneste dag.", [r("4485000000"), r("12000000", qualifier="more_than")]),
    ("Av beløpet på Tippenøkkelen går 2422 millioner kroner til idrett (64 prosent), mens formålene "
     "kultur og humanitære/frivillige organisasjoner får 681 millioner kroner hver (18 prosent).",
     [r("2422000000"), r("681000000")]),
    # years are not amounts: a price base year, a year before a clause dash
    ("Beløpene er oppgitt i 2024 kroner.", []),
    ("Han tjente 1,2 millioner kroner i 2023 – 200 000 kroner mer enn året før.",
     [r("1200000"), r("200000")]),
    ("Egenandelen er 2000 – 2500 kroner.", [r("2000", high="2500", qualifier="range")]),
    # a bare number ending its phrase borrows the currency of a plain amount of its sentence; a
    # count (a noun follows), a phone number or a number next to a scaled amount does not
    ("Kommunen får 400 000 kroner, mens fylket får 250 000.", [r("400000"), r("250000")]),
    ("Kommunen brukte 10 500 kroner per innbygger, mot 9 800 i 2022.", [r("10500"), r("9800")]),
    ("Tilskuddet er 400 000 kroner og gjelder 1 200 elever.", [r("400000")]),
    ("Billetten koster 50 kroner, ring 22 00 00 00.", [r("50")]),
    ("Kommunen får 5 millioner kroner, mens 300 går til fylket.", [r("5000000")]),
    # scale and currency code glued before the number
    ("Resultatet ble MNOK 12,5 mot MNOK 10 i fjor.", [r("12500000"), r("10000000")]),
    # ---- thousands separators (issue 11 item 6) -------------------------------------------------
    ("1\u00ad218\u00ad300 kroner", [r("1218300")]),
    ("1'218'300 kroner", [r("1218300")]),
    ("1\u2019218\u2019300 kroner", [r("1218300")]),
    ("Tilskuddet er 1\u2009218\u2009300 kroner.", [r("1218300")]),
    ("Ring 22\u00ad00\u00ad00\u00ad00 og betal 20 kroner.", [r("20")]),
    # ---- price tags (issue 19): a line of figures and price marks with no word is no sentence ----
    ("19,- 209,-", []),
    # ---- leading zeros (issue 19): a number opening with 0 and another digit is a misprint or a code ----
    ("  55 00 000 kr", []),  # real2 121: a table cell misprinted; "00 000 kr" is no 0 kroner
    ("Det koster 0 kroner.", [r("0")]),
    ("Prisen er 0,50 kroner.", [r("0.50")]),  # real3 323: a newspaper's subscription prices under "Nett 1 mnd"
    ("Nett og papir 3 mnd 99,- 765,-", [r("99"), r("765")]),  # with words it is read as ever
    # ---- absurd / robustness --------------------------------------------------------------------
    ("Tallet 9999999999999999999 milliarder kroner er en trykkfeil.", []),
    ("", []),
]


# Rows whose currency depends on the page language (the pipeline passes the release language).
LANGUAGE_CASES: list[tuple[str, str, list[Row]]] = [
    # 054 (SKR, sv): a range wins over "cirka"
    ("sv", "SKR bedömer att kommuner och regioner totalt sett skulle få ett årligt underskott på "
     "cirka 20-30 miljarder kronor de kommande åren.", [r("20000000000", "SEK", "range", "30000000000")]),
    # 057 (KL, da): number words, "kroner" is DKK in a Danish page
    ("da", "KL-formand glæder sig over, at regeringen vil afsætte en halv milliard kroner årligt som "
     "en velfærdsreserve.", [r("500000000", "DKK")]),
    ("da", "Han glæder sig også over, at regeringen lægger op til at afsætte 28 millioner kroner over "
     "de kommende 4 år til at styrke indsatsen for kystbeskyttelse.", [r("28000000", "DKK")]),
    ("da", "Regeringen afsætter 1,5 mia. kr. til kommunerne.", [r("1500000000", "DKK")]),
    ("da", "Der er afsat knap 3 mia. kr. til området.", [r("3000000000", "DKK", "about")]),
    ("sv", "Kommunerna får 10 miljarder kronor i generella statsbidrag.", [r("10000000000", "SEK")]),
    ("nn", "Kommunane får 1,2 milliardar kroner meir i frie inntekter.", [r("1200000000")]),
    # approximation and bound words of each language
    ("nn", "Det kostar nærare 12 millionar kroner.", [r("12000000", qualifier="about")]),
    ("nb", "Overskuddet ble på vel 300 millioner kroner.", [r("300000000", qualifier="more_than")]),
    ("sv", "Underskottet blir nära 2 miljarder kronor.", [r("2000000000", "SEK", "about")]),
    ("sv", "Kostnaden kan bli uppemot 5 miljarder kronor.", [r("5000000000", "SEK", "about")]),
    ("da", "Der mangler små 3 mia. kr. til ældreplejen.", [r("3000000000", "DKK", "about")]),
    # invented rows for one rule each: Swedish "närmare" approximates; "afsat"/"satsar" make a
    # scaled number without a currency money
    ("sv", "Totalt handlar det om närmare 2 miljarder kronor.", [r("2000000000", "SEK", "about")]),
    ("da", "Der er afsat 30 mio. til nye daginstitutioner.", [r("30000000", "DKK")]),
    ("sv", "Kommunen satsar 250 miljoner på skolan.", [r("250000000", "SEK")]),
    ("sv", "Satsningen ger 3 miljoner besökare.", []),
    # invented rows for one rule each: Swedish and Danish approximations, "dryga", a year after a
    # scaled number that borrows its currency
    ("sv", "Det handlar om inemot 2 miljarder kronor.", [r("2000000000", "SEK", "about")]),
    ("sv", "Kostnaden är i storleksordningen 300 miljoner kronor.", [r("300000000", "SEK", "about")]),
    ("da", "Det koster tæt på 2 mia. kr.", [r("2000000000", "DKK", "about")]),
    ("da", "Der er afsat op imod 50 mio. kr.", [r("50000000", "DKK", "about")]),
    ("da", "Det koster i omegnen af 20 mio. kr.", [r("20000000", "DKK", "about")]),
    ("sv", "Kostnaden blir dryga 40 miljoner kronor.", [r("40000000", "SEK", "more_than")]),
    ("sv", "Regionen får 3,4 miljarder kronor 2025 och 3,8 miljarder 2026.",
     [r("3400000000", "SEK"), r("3800000000", "SEK")]),
    # invented rows for one rule each: Swedish "och" before "en halv", Swedish one-word hundreds,
    # Danish tens above fifty
    ("sv", "Det kostar en och en halv miljard kronor.", [r("1500000000", "SEK")]),
    ("sv", "Kommunen får femhundra tusen kronor.", [r("500000", "SEK")]),
    ("da", "Det koster firs millioner kroner.", [r("80000000", "DKK")]),
    ("sv", "Det kostar mellan tre och fyra miljoner kronor.", [r("3000000", "SEK", "range", "4000000")]),
    ("nb", "I KS’ anslag er det forutsatt at økonomien er i unntakstilstand i vel 2 måneder.", []),
    # issue 19, every dash is a dash: the minus sign U+2212 as a range dash, a bullet before a label
    # and a word range (invented rows, one per place a dash is matched)
    ("nb", "Prosjektet vil koste 350\u2212400 millioner kroner.", [r("350000000", "NOK", "range", "400000000")]),
    ("nb", "\u2212 Maks utbetaling per hendelse: 150 millioner kroner", [r("150000000", "NOK", "at_most")]),
    ("nb", "Det koster tre\u2212fire millioner kroner.", [r("3000000", "NOK", "range", "4000000")]),
    ("sv", "Kostnaden blir 10\u201212 miljoner kronor.", [r("10000000", "SEK", "range", "12000000")]),
]


@pytest.mark.parametrize(("language", "sentence", "expected"), LANGUAGE_CASES,
                         ids=[c[1][:50] for c in LANGUAGE_CASES])
def test_extract_amounts_by_language(language: str, sentence: str, expected: list[Row]) -> None:
    got = [(str(a.value.normalize()),
            str(a.value_high.normalize()) if a.value_high is not None else None,
            a.currency, a.qualifier) for a in extract_amounts(sentence, language=language)]
    assert got == _norm(expected)


def _as_rows(text: str) -> list[Row]:
    return [
        (str(a.value.normalize()), str(a.value_high.normalize()) if a.value_high is not None else None,
         a.currency, a.qualifier)
        for a in extract_amounts(text)
    ]


def _norm(rows: list[Row]) -> list[Row]:
    return [
        (str(Decimal(v).normalize()), str(Decimal(h).normalize()) if h else None, c, q)
        for v, h, c, q in rows
    ]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_extract_amounts_table(sentence: str, expected: list[Row]) -> None:
    assert _as_rows(sentence) == _norm(expected)


def test_case_table_is_large_enough() -> None:
    assert len(CASES) >= 120


@pytest.mark.parametrize(
    ("text", "offset", "raw"),
    [
        ("Hovedstyret i KS vedtok i dag å gi mer enn en million kroner fordelt på to.", 0,
         "mer enn en million kroner"),
        ("Beløpet tilsvarer 58.000 euro til hver mottaker.", 1200, "58.000 euro"),
        ("Merkostnaden anslås til mellom 3 og 4,5 mrd. kroner. Det er mye.", 17,
         "mellom 3 og 4,5 mrd. kroner"),
        ("Det koster kr 450 000 i år.", 5, "kr 450 000"),
    ],
)
def test_offsets_and_raw_text(text: str, offset: int, raw: str) -> None:
    (amount,) = extract_amounts(text, offset=offset)
    assert amount.raw_text == raw
    assert text[amount.char_start - offset:amount.char_end - offset] == raw


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("Kommunene sliter. Merkostnaden anslås til ca. 3 mrd. kroner i 2025. KS reagerer.",
         "Merkostnaden anslås til ca. 3 mrd. kroner i 2025."),
        ("– Vi trenger 4 milliarder kroner, sier Helgesen. Hun viser til rapporten.",
         "– Vi trenger 4 milliarder kroner, sier Helgesen."),
        ("Tilskuddet er 3 mill. kr. Det dekker halvparten.", "Tilskuddet er 3 mill. kr."),
    ],
)
def test_sentence_is_the_whole_sentence(text: str, sentence: str) -> None:
    (amount,) = extract_amounts(text)
    assert amount.sentence == sentence


@pytest.mark.parametrize(
    ("language", "currency"), [(None, "NOK"), ("no", "NOK"), ("nb", "NOK"), ("da", "DKK"), ("sv", "SEK")]
)
def test_plain_kroner_follows_caller_language(language: str | None, currency: str) -> None:
    (amount,) = extract_amounts("Puljen er på 200 millioner kroner.", language=language)
    assert amount.currency == currency


@pytest.mark.parametrize(
    ("value", "currency", "text"),
    [
        (Decimal("1500000"), "NOK", "1,5 millioner kroner"),
        (Decimal("58000"), "EUR", "58 000 euro"),
        (Decimal("2000000000"), "SEK", "2 milliarder svenske kroner"),
        (Decimal("1"), "NOK", "1 krone"),
        (Decimal("1234567.89"), "DKK", "1 234 567,89 danske kroner"),
    ],
)
def test_format_amount_examples(value: Decimal, currency: str, text: str) -> None:
    assert format_amount(value, currency) == text


_CURRENCIES = ("NOK", "EUR", "USD", "SEK", "DKK", "GBP")


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(min_value=0, max_value=Decimal("999999999999999.99"), places=2,
                allow_nan=False, allow_infinity=False),
    st.sampled_from(_CURRENCIES),
)
def test_format_round_trip(value: Decimal, currency: str) -> None:
    (amount,) = extract_amounts(format_amount(value, currency))
    assert amount.value == value
    assert amount.currency == currency


_TOKENS = st.sampled_from([
    " ", "  ", ".", ",", "-", "–", ",-", "kr", "kr.", "kroner", "NOK", "€", "$", "euro", "mill.", "mrd.",
    "millioner", "milliarder", "mia.", "mnkr", "mellom", "og", "fra", "til", "ca.", "mer enn", "opptil",
    "en", "halv", "halvannen", "to", "hundre", "tusen", "1", "5", "2,5", "58.000", "1 500", "999999",
    "9" * 60, "\u00a0", "\u202f", "\n", "2024", "%", "prosent", "Hun sa.", "billion",
])


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    for amount in extract_amounts(text, offset=3):
        assert amount.value >= 0


@settings(max_examples=500, deadline=None)
@given(st.lists(_TOKENS, max_size=25).map(" ".join))
def test_never_raises_on_amount_like_text(text: str) -> None:
    for amount in extract_amounts(text):
        assert text[amount.char_start:amount.char_end] == amount.raw_text
        assert amount.value < Decimal(10) ** 16
        assert amount.value_high is None or amount.value_high > amount.value


# Runs of what the amount patterns match piecemeal (bare numbers, number words, dotted digits, open
# ranges): a pattern that backtracks over them would not finish. The time it takes is measured by
# `python benchmarks/run.py --large` (no timed unit tests: the figure depends on the machine's load).
PATHOLOGICAL_AMOUNT_TEXT = ("1 " * 5000) + ("en og " * 3000) + "kroner " + ("9." * 3000) + ("mellom 3 og " * 2000)


def test_no_catastrophic_backtracking() -> None:
    """The pathological runs give no amount, and do not hide the real amount of the sentence after them."""
    assert extract_amounts(PATHOLOGICAL_AMOUNT_TEXT) == []
    text = PATHOLOGICAL_AMOUNT_TEXT + ". Tilskuddet er på 2,5 millioner kroner."
    found = extract_amounts(text)
    assert [(a.value, a.currency, a.qualifier) for a in found] == [(Decimal("2500000"), "NOK", "exact")]
    assert text[found[0].char_start:found[0].char_end].startswith("2,5 millioner kroner")


# ---- dev set: precision / recall / F1 -----------------------------------------------------------
def _load_devset() -> list[dict]:
    return [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]


def _key(value: str | Decimal, currency: str) -> tuple[Decimal, str]:
    return (Decimal(str(value)).normalize(), currency)


def score_devset(split: str | None = None) -> dict[str, float]:
    """Micro precision/recall/F1 on (value, currency) pairs; qualifier and range end counted apart.

    split: None for every row, "dev" or "holdout" for one part of the file.
    """
    tp = fp = fn = qual_ok = high_ok = 0
    misses: list[str] = []
    rows = [row for row in _load_devset() if split in (None, row.get("split", "dev"))]
    for row in rows:
        got = extract_amounts(row["text"])
        gold = list(row["amounts"])
        unmatched = list(gold)
        for amount in got:
            match = next((g for g in unmatched if _key(g["value"], g["currency"])
                          == _key(amount.value, amount.currency)), None)
            if match is None:
                fp += 1
                misses.append(f"extra   {amount.value} {amount.currency} in: {row['text'][:90]}")
                continue
            unmatched.remove(match)
            tp += 1
            qual_ok += match.get("qualifier", "exact") == amount.qualifier
            if match.get("qualifier", "exact") != amount.qualifier:
                misses.append(f"qualifier {amount.qualifier} (want {match.get('qualifier')}) in: "
                              f"{row['text'][:90]}")
            want_high = match.get("value_high")
            high_ok += (want_high is None and amount.value_high is None) or (
                want_high is not None and amount.value_high is not None
                and Decimal(str(want_high)) == amount.value_high)
        fn += len(unmatched)
        misses += [f"missing {g['value']} {g['currency']} in: {row['text'][:90]}" for g in unmatched]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"rows": len(rows), "tp": tp, "fp": fp, "fn": fn, "precision": precision,
            "recall": recall, "f1": f1, "qualifier_acc": qual_ok / tp if tp else 0.0,
            "high_acc": high_ok / tp if tp else 0.0, "misses": misses}  # type: ignore[dict-item]


def score_samples() -> dict[str, float]:
    """Precision/recall on data/samples, blocks split on newlines, against tests/gold/samples.json."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    want: list[tuple[Decimal, str]] = []
    got: list[tuple[Decimal, str]] = []
    for doc in gold["documents"]:
        text = (SAMPLES / doc["file"]).read_text(encoding="utf-8")
        want += [_key(a["value"], a["currency"]) for rel in doc["releases"] for a in rel["amounts"]]
        got += [_key(a.value, a.currency) for block in text.split("\n") for a in extract_amounts(block)]
    tp = sum(min(got.count(k), want.count(k)) for k in set(want))
    precision = tp / len(got) if got else 1.0
    recall = tp / len(want) if want else 1.0
    return {"gold": len(want), "found": len(got), "tp": tp, "precision": precision, "recall": recall}


def test_devset_scores() -> None:
    scores = score_devset()
    assert scores["rows"] >= 60
    assert scores["precision"] >= 0.9, scores["misses"]
    assert scores["recall"] >= 0.85, scores["misses"]


def test_samples_match_gold() -> None:
    scores = score_samples()
    assert scores["precision"] == 1.0
    assert scores["recall"] == 1.0


def _throughput() -> tuple[float, float]:
    """(sample documents per second, dev-set sentences per second), one block per line."""
    documents = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    sentences = [row["text"] for row in _load_devset()]
    runs = 200
    started = time.perf_counter()
    for _ in range(runs):
        for document in documents:
            for block in document.split("\n"):
                extract_amounts(block)
    docs_per_s = runs * len(documents) / (time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(runs // 10):
        for sentence in sentences:
            extract_amounts(sentence)
    return docs_per_s, (runs // 10) * len(sentences) / (time.perf_counter() - started)


def write_doc(path: Path) -> None:
    """Rescore the dev set and the samples and write docs/eval_amounts.md."""
    dev = score_devset()
    parts = {split: score_devset(split) for split in ("dev", "holdout")}
    samples = score_samples()
    docs_per_s, sentences_per_s = _throughput()
    split_rows = "\n".join(
        f"| {name} | {part['rows']} | {part['tp']} | {part['fp']} | {part['fn']} | "
        f"{part['precision']:.3f} | {part['recall']:.3f} | {part['f1']:.3f} |"
        for name, part in parts.items()
    )
    misses = "\n".join(f"- {m}" for m in dev["misses"]) or "- none"  # type: ignore[union-attr]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""# Amount extractor: evaluation

Generated by `python -m tests.test_amounts --write-doc` (do not edit the numbers by hand).

## Dev set (`tests/devset/amounts.jsonl`)

{dev['rows']} hand-written sentences in press-release style (bokmål, nynorsk, Swedish, Danish,
English), separate from the unit-test table, including negatives (counts, percentages, years,
dates, phone numbers, vague words). An amount counts as found when value and currency match.

| metric | value |
|---|---|
| true positives | {dev['tp']} |
| false positives | {dev['fp']} |
| false negatives | {dev['fn']} |
| precision | {dev['precision']:.3f} |
| recall | {dev['recall']:.3f} |
| F1 | {dev['f1']:.3f} |
| qualifier correct (of matched) | {dev['qualifier_acc']:.3f} |
| range high end correct (of matched) | {dev['high_acc']:.3f} |

Per part of the file (`split`): "dev" rows were written first and the extractor was tuned on
them; "holdout" rows were written afterwards in one go. Their first run found 22 of 25 amounts
with one false positive (MNOK shorthand and "flere hundre millioner" were then fixed), so the
figures below for "holdout" are no longer blind. When the convention changed after the second
blind hold-out (money with no currency word in a money sentence is kroner; drøye/drygt are
`more_than`), six rows were re-annotated to it: four scaled numbers in money sentences that had
been annotated as "no amount", and two qualifiers.

| split | rows | TP | FP | FN | precision | recall | F1 |
|---|---|---|---|---|---|---|---|
{split_rows}

Errors on the dev set (value/currency misses, then qualifier misses):

{misses}

## Samples (`data/samples`, gold in `tests/gold/samples.json`)

{samples['found']} amounts found, {samples['gold']} in gold, {samples['tp']} correct:
precision {samples['precision']:.3f}, recall {samples['recall']:.3f}.

## Speed

Extractor only, one core, this machine: {docs_per_s:,.0f} sample documents/s (each sample
file split into one block per line, as the pipeline calls it per block) and
{sentences_per_s:,.0f} money-dense dev-set sentences/s.

## Choices

- nesten, snaut, knapt, nærmere, rundt, ca., om lag → `about` (the writer approximates; not a
  hard bound); drøyt, drøye, drygt → `more_than` (they only ever mean "a little more than").
- i overkant av → `more_than`; i underkant av → `less_than`; oppimot/opp mot/op mod → `about`;
  a trailing "eller mer" → `at_least`, "eller mindre" → `at_most`.
- "5 og 7 millioner kroner" gives two amounts (the first borrows scale and currency) unless the
  first number looks like a year; with "mellom" in front it is one range.
- Plain kroner/kr → NOK unless the caller passes `language="da"`/`"sv"`. Swedish-only words in the
  amount itself (kronor, miljoner, miljarder, mnkr, mdkr, tkr) → SEK; Danish-only abbreviations
  (mio., mia., tusind) → DKK; "danske/svenske kroner" → DKK/SEK.
- "billion" after a number other than one is English (10^9); "billioner"/"en billion" is 10^12.
- A number with a scale but no currency borrows the currency of the nearest amount in the same
  sentence, and only when a function word or punctuation follows it ("5 millioner i 2024",
  "18 millioner under budsjett", never "5 millioner innbyggere").
- With no currency anywhere in the sentence, a number with a scale of a million or more
  ("3,2 mrd.", "3 millioner i året") is money when a money word (koster, budsjett, inntekter,
  merkostnader, bruker, løyver, tilskudd, overføring, underskudd, kompensasjon, utgifter …, also
  inside compounds such as "statsbudsjettet") stands in the same clause (commas cut the clause).
  It is kroner of the text's language (NOK; SEK for "miljarder", DKK for "mia."/`language="da"`)
  and lends that currency to other scaled numbers of the sentence. An allow list on purpose:
  "5 millioner innbyggere", "2 mrd. kubikkmeter" never become money.
- Bare numbers never borrow a currency, except the low end of "fra 9 800 til mellom 15 000 og
  18 000 kroner" / "fra 1 800 til over 2 000 kroner": it takes the currency of the amount right
  after "til" and is an exact amount of its own.
- Definite plurals are currency words: kronene, kronane (NOK), kronorna (SEK), kronerne (DKK),
  euroene/euroane (EUR), dollarene/dollarane (USD).
- "fra X til Y" is a change, two exact amounts, as the warehouse contract says for "fra 28 til 40
  millioner kroner" ("Tilskuddet er redusert fra 210 til 183 millioner kroner", "Enkeltbilletten
  øker fra 45 til 50 kroner"); so are "fra 2 millioner kroner til 3 millioner kroner" and "økte
  med 300 millioner til 5 milliarder kroner". It is one range only when a preposition or a verb of
  being or costing stands right before "fra" (på, med, om, er, var, blir, ligger, koster, utgjør,
  varierer, spriker; Swedish/Danish är, blev, bliver, koster, udgør, utgör): "et tilskudd på fra 2
  til 3 millioner kroner", "Ramma er frå 3 til 5 millionar kroner". A bare old value shares the
  new value's scale when it is below 1000 or below the new value ("reduseres fra 12 til 10
  millioner kroner" → 12 and 10 millioner).
- A negation up to two words before "mer enn"/"over"/"mindre enn"/"under" turns the bound round:
  "regjeringen ikke bevilger mer enn 100 millioner kroner" is at_most.
- A scaled number with no currency and no amount in its sentence takes the currency of a bare
  currency word in the sentence ("finner plass til en kvart milliard …, mens den ikke har funnet
  en eneste krone" → 250 millioner NOK).
- Thousands separators: space, non-breaking, narrow and thin space, dot, apostrophe (1'218'300,
  1’218’300) and a soft hyphen or zero-width space left inside the number.
- A bare number (three digits or more, not a year) that ends its phrase (punctuation or a function
  word follows, never a noun) borrows the currency of the nearest plain (unscaled) amount in its
  sentence: "Kommunen får 400 000 kroner, mens fylket får 250 000" → 250 000 NOK; "… og gjelder
  1 200 elever" stays a count, and a number next to other digits (a phone number) is never one.
- Scale and code glued before the number: "MNOK 12,5" → 12 500 000 NOK.
- A year is no amount: a price base ("oppgitt i 2024 kroner", "i faste 2023 kroner") and a year
  before a spaced clause dash ("i 2023 – 200 000 kroner mer") is not the low end of a range.
- Currency borrowing looks up the nearest donor by bisect, so a sentence with thousands of amounts
  stays near-linear.
- A label before a colon that bounds the amount, at a line start after an optional bullet:
  "- Maks utbetaling per hendelse: 150 millioner kroner" (maks/maksimal/maksimalt/høyeste/øvre
  grense → at_most), "Minste tilskudd: 50 000 kroner" (minste/minimum/laveste/nedre grense →
  at_least).
- The low end of a range takes the high end's scale only when it has none and is smaller than the
  high end ("mellom 300 000 og 1 million kroner" keeps 300 000).
- Values are rounded to øre/cents; values of 10^16 or more are dropped as nonsense.

## Known weaknesses

- The dev set was written by the engineer who wrote the rules, so these scores overstate what to
  expect on unseen releases; the first blind run of the holdout part (22/25, one false positive)
  is the more honest figure.
- A scaled number with no currency and no money word in its clause is dropped:
  "– Dette er et løft på 2,6 milliarder, sier Helgesen" gives nothing, although a reader knows
  it is NOK. Currency is never carried across sentences or blocks. The money-word list is
  hand-made; a money sentence in other words ("Staten legger 3 mrd. i potten") is missed, and a
  money word in the same clause as a count with a function word after it ("tilskuddet nådde
  3 millioner i fjor", meaning people) would be read as money.
- The raw text of "3,2 mrd." keeps the abbreviation's period even at a sentence end.
- Plain "kr"/"kroner" in Danish text without mio./mia. is NOK unless the caller passes
  `language="da"` (the pipeline does not pass the release language yet).
- Negative amounts ("minus 45 millioner kroner", "underskudd på …") are reported as positive
  values; the sign is left to the sentence.
- English thousands with a single comma group ("NOK 1,500") are read as a Norwegian decimal (1.5).
- Currencies outside NOK, SEK, DKK, EUR, USD, GBP, ISK, CHF, CAD, AUD, JPY are not recognised.
- Sentence boundaries are heuristic (period + space + capital/digit, with an abbreviation list);
  "mill. kr. Det …" splits correctly, unusual abbreviations may join or split sentences.
- Vague amounts without a number ("flere milliarder kroner", "flere hundre millioner kroner",
  "milliarder av kroner") are skipped on purpose.
""",
        encoding="utf-8",
    )


if __name__ == "__main__":
    if "--write-doc" in sys.argv:
        write_doc(ROOT / "docs" / "eval_amounts.md")
        print((ROOT / "docs" / "eval_amounts.md").read_text(encoding="utf-8"))
    else:
        result = score_devset()
        print({k: v for k, v in result.items() if k != "misses"})
        print("\n".join(result["misses"]))  # type: ignore[arg-type]
