"""Seeded synthetic corpora of Norwegian press releases, in the three shapes pressroom reads.

Shapes:
* ``text`` — a browser's text dump of an NTB Kommunikasjon release page (title, lead, paragraphs with
  ``– …, sier …`` quotes, a ``Kontakter`` block with glued lines, a ``Siste pressemeldinger fra …``
  list whose titles are glued to their datelines), as in data/samples/00[0-2]_*.txt;
* ``html`` — the release page itself (page chrome, <article> with h1, byline, lead, body, contact
  cards, a "Siste pressemeldinger" teaser list);
* ``json`` — the NTB public-website-api release detail (``{id, date, url, publisher{name},
  versions: {no: {title, leadtext, body: {complete}, contacts: {cards}, type}}}``).

Every document is 2–6 k characters of release text with 2–5 quotes (explicit, short-name and carried
attributions), 1–3 monetary amounts plus a few decoy numbers (counts, percentages), speakers from a
pool of invented Norwegian names, and a title that is unique per document. The same seed and index
always give the same document, so runs are comparable; documents are generated one at a time, so a
corpus of any size streams in constant memory.

    python benchmarks/generate.py --n 10000 --shape text --out /tmp/corpus --seed 1

Importable: ``iter_documents(n, shape, seed)`` yields (file name, content) pairs and
``iter_inputs(...)`` yields in-memory inputs that ``transform.batch.extract_batch`` accepts.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

SHAPES = ("text", "html", "json")
SUFFIX = {"text": ".txt", "html": ".html", "json": ".json"}
PUBLISHER = "KS"
PUBLISHER_ID = 15032900
# Fixed "fetched at" time: the corpus must not depend on the clock.
FETCHED_AT = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
EPOCH = datetime(2019, 1, 2, 8, 0, tzinfo=UTC)

# Invented people: first names x surnames of common Norwegian stock; the combinations are not
# meant to name anyone real.
FIRST_NAMES = (
    "Ingrid", "Kari", "Solveig", "Torunn", "Hilde", "Anne Lise", "Marte", "Silje", "Ragnhild", "Eli",
    "Tone", "Liv Marit", "Berit", "Guro", "Sunniva", "Åse", "Bjørn", "Eirik", "Per Olav", "Knut",
    "Tor Erik", "Håkon", "Sindre", "Øyvind", "Geir", "Arne", "Lars Petter", "Jon Inge", "Ståle",
    "Vegard", "Terje", "Helge", "Kjersti", "Randi", "Mona", "Nils Kristian", "Audun", "Trond", "Vibeke",
    "Frode",
)
SURNAMES = (
    "Bakken", "Haugland", "Myhre", "Lien", "Strand", "Aasen", "Solheim", "Brekke", "Vik", "Tangen",
    "Nordby", "Sæther", "Holmen", "Fossum", "Rønning", "Grønvold", "Amundsen", "Berntsen", "Lunde",
    "Øverland", "Kvamme", "Hjelmeland", "Skarstein", "Dahle", "Moen", "Ekroll", "Furuseth", "Lyngstad",
    "Torvik", "Ødegård", "Sandnes", "Kleppe", "Hovland", "Bråten", "Evensen", "Nesheim",
)
# (role as written before "i KS", role as written in "KS’ …") pairs.
ROLES = (
    ("styreleder", "styreleder"), ("nestleder", "nestleder"), ("administrerende direktør", "direktør"),
    ("områdedirektør", "områdedirektør"), ("arbeidslivsdirektør", "arbeidslivsdirektør"),
    ("fylkesordfører", "fylkesordfører"), ("ordfører", "ordfører"), ("kommunedirektør", "kommunedirektør"),
    ("avdelingsdirektør", "avdelingsdirektør"), ("fagleder", "fagleder"),
)
CONTACT_TITLES = ("Rådgiver", "Kommunikasjonsrådgiver", "Seniorrådgiver", "Pressesjef", "Kommunikasjonssjef",
                  "Spesialrådgiver")
PLACES = (
    "Agder", "Rogaland", "Vestland", "Innlandet", "Viken", "Trøndelag", "Nordland", "Troms", "Finnmark",
    "Møre og Romsdal", "Vestfold", "Telemark", "Østfold", "Buskerud", "Akershus", "Oslo", "Bergen",
    "Trondheim", "Stavanger", "Tromsø", "Bodø", "Hamar", "Lillehammer", "Gjøvik", "Molde", "Ålesund",
    "Kristiansand", "Arendal", "Haugesund", "Skien", "Drammen", "Fredrikstad", "Sarpsborg", "Halden",
    "Harstad", "Alta", "Narvik", "Steinkjer", "Levanger", "Kongsberg", "Tønsberg", "Sandefjord",
    "Larvik", "Porsgrunn", "Elverum", "Kongsvinger", "Førde", "Florø", "Voss", "Stord",
)
TOPICS = (
    "kommuneøkonomien", "eldreomsorgen", "barnevernet", "skolefritidsordningen", "bosetting av flyktninger",
    "rekruttering av sykepleiere", "klimatilpasning", "digitalisering av tjenestene", "kollektivtrafikken",
    "lokaldemokratiet", "tariffoppgjøret", "pensjonsordningen", "vann og avløp", "fylkesveiene",
    "helsefellesskapene", "legevakten", "fastlegeordningen", "barnehagene", "skolebyggene",
    "beredskapen", "brannvesenet", "kulturskolen", "idrettsanleggene", "boligsosialt arbeid",
    "ressurskrevende tjenester", "psykisk helse", "rusomsorgen", "integreringen", "arealplanleggingen",
    "naturmangfoldet", "energieffektivisering", "innkjøpssamarbeidet", "arbeidsgiverpolitikken",
    "heltidskulturen", "lærlingordningen", "kompetanseløftet", "velferdsteknologien", "statsbudsjettet",
    "inntektssystemet", "eiendomsskatten",
)
TITLE_TEMPLATES = (
    "KS krever løft for {topic} i {place} før {year}",
    "Ny rapport: {topic} i {place} under press i {year}",
    "{place} går foran med {topic} – KS roser satsingen i {year}",
    "KS og {place} inviterer til konferanse om {topic} {year}",
    "Kommunene i {place} ber om mer handlingsrom for {topic} i {year}",
    "– Vi må snakke ærlig om {topic}, sier ordførere i {place} ({year})",
    "Enighet om {topic} i {place}: avtale signert for {year}",
    "Fersk undersøkelse om {topic} i {place} {year}",
    "KS ut mot kutt i {topic} etter budsjettet for {year} – {place} rammes",
    "Statsbudsjettet {year}: dette betyr det for {topic} i {place}",
    "Høstkonferanse i {place}: {topic} på dagsordenen i {year}",
    "Varsler krevende år for {topic} i {place} i {year}",
)
TITLE_YEARS = tuple(range(2019, 2031))
RELEASE_TYPES = ("Pressemelding", "Pressemelding", "Pressemelding", "Presseinvitasjon", "Aktuelt", "Nyhet")
SUBHEADINGS = (
    "Et krevende år for kommunene", "Behov for tiltak som støtter kommunene", "Vil ha mer handlingsrom",
    "Samarbeid over kommunegrensene", "Dette mener KS", "Store forskjeller mellom kommunene",
    "Ber Stortinget ta grep", "Viktig for innbyggerne", "Mer om undersøkelsen", "Neste steg",
)
SUBJECTS = ("Kommunene", "Fylkeskommunene", "Regjeringen", "KS", "Stortinget", "Mange kommuner",
            "Kommunesektoren", "Landsstyret i KS", "Hovedstyret", "Statsforvalteren", "Departementet",
            "De minste kommunene")
VERBS = ("må prioritere", "har økt innsatsen for", "ønsker en tettere dialog om", "legger fram en plan for",
         "har lenge etterlyst en avklaring om", "vil styrke", "bruker stadig mer tid på",
         "har fått nye oppgaver innen", "ber om bedre finansiering av", "har vedtatt en strategi for")
TAILS = ("i årene som kommer", "fram mot neste valg", "etter flere år med stram økonomi",
         "i tett samarbeid med de ansatte", "uten at rammene har fulgt med", "i hele landet",
         "før sommeren", "i samarbeid med frivillige organisasjoner", "selv om behovet øker",
         "for å sikre gode tjenester til innbyggerne")
QUOTE_SENTENCES = (
    "Det er gledelig at regjeringen har lyttet til sektoren",
    "Vi er svært bekymret for situasjonen i mange kommuner",
    "Nå må staten ta sin del av ansvaret",
    "Kommunene har gjort en enorm innsats de siste årene",
    "Det er avgjørende for å levere gode velferdstjenester i framtiden",
    "Vi kan ikke fortsette som før",
    "Dette er et viktig signal til alle som jobber i sektoren",
    "Det haster med å forenkle regelverket",
    "Vi forventer at Stortinget retter opp dette i budsjettbehandlingen",
    "Innbyggerne skal merke forskjellen allerede neste år",
    "Uten mer handlingsrom blir det vanskelig å prioritere riktig",
    "Vi trenger flere hender og smartere løsninger",
    "Samarbeidet mellom kommunene har aldri vært viktigere",
    "Dette er et løftebrudd overfor kommunene",
)
VERBS_SAID = ("sier", "sier", "sier", "mener", "understreker", "påpeker", "forteller", "legger til")
TLDS = ("ks.no", "ks.no", "ks.no", "kommune.no")


@dataclass
class Release:
    """One synthetic release before it is rendered into a shape (grain: one document)."""

    index: int
    release_id: int
    title: str
    published: datetime
    release_type: str
    lead: str
    blocks: list[tuple[str, str]]  # (kind, text): paragraph | subheading
    contacts: list[tuple[str | None, str, str, str]]  # (name or None for the desk, title, phone, email)
    latest: list[tuple[str, datetime, str, str]] = field(default_factory=list)  # title, date, type, lead


@dataclass(frozen=True, slots=True)
class MemoryInput:
    """One generated document held in memory; satisfies transform.batch.InputText."""

    source_uri: str
    text: str
    fmt: str
    sha256: str
    fetched_at: datetime


def _title_space() -> int:
    return len(TITLE_TEMPLATES) * len(TOPICS) * len(PLACES) * len(TITLE_YEARS)


# A multiplier coprime to the title space: index -> a scattered but collision-free title slot.
_TITLE_STRIDE = 1_000_003


def title_for(index: int) -> str:
    """The unique title of document `index` (unique for every index below 288,000).

    title_for(0) -> "KS krever løft for kommuneøkonomien i Agder før 2019"
    """
    space = _title_space()
    slot = (index * _TITLE_STRIDE) % space
    slot, t = divmod(slot, len(TITLE_TEMPLATES))
    slot, k = divmod(slot, len(TOPICS))
    slot, p = divmod(slot, len(PLACES))
    y = slot % len(TITLE_YEARS)
    title = TITLE_TEMPLATES[t].format(topic=TOPICS[k], place=PLACES[p], year=TITLE_YEARS[y])
    return title[0].upper() + title[1:]


def published_for(index: int) -> datetime:
    """Publication time of document `index`: one release every 90 minutes, in order."""
    return EPOCH + timedelta(minutes=90 * index + (index * 37) % 60, seconds=(index * 13) % 60)


def _rng(seed: int, index: int) -> random.Random:
    return random.Random(seed * 1_000_003 + index)


def _person(rng: random.Random) -> tuple[str, str]:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}", rng.choice(ROLES)[0]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(TOPICS)} {rng.choice(TAILS)}."


def _paragraph(rng: random.Random, lo: int = 2, hi: int = 4) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(lo, hi)))


def _money(rng: random.Random) -> str:
    """A sentence fragment with one monetary amount, in one of the forms releases print."""
    n = rng.randint(2, 950)
    forms = (
        f"{n} millioner kroner",
        f"mer enn {rng.randint(1, 9)},{rng.randint(1, 9)} milliarder kroner",
        f"om lag {n} millioner kroner",
        f"{rng.randint(10, 99)}.000 euro",
        f"kr {rng.randint(100, 999)} {rng.randint(100, 999)}",
        f"mellom {n} og {n + rng.randint(5, 50)} millioner kroner",
        f"inntil {rng.randint(1, 20)} millioner kroner",
        f"{rng.randint(100, 999)} {rng.randint(100, 999)} 000 kroner",
        f"{rng.randint(2, 40)} mill. kr",
        f"minst {rng.randint(2, 90)} milliarder kroner",
    )
    return rng.choice(forms)


def _amount_sentence(rng: random.Random) -> str:
    templates = (
        "Regjeringen foreslår å bevilge {m} til {t} neste år.",
        "Kommunene har brukt {m} på {t} det siste året.",
        "Tilskuddet til {t} økes med {m}, ifølge forslaget.",
        "Hovedstyret i KS vedtok i dag å gi {m} til arbeidet med {t}.",
        "Merutgiftene til {t} anslås til {m} for hele sektoren.",
    )
    return rng.choice(templates).format(m=_money(rng), t=rng.choice(TOPICS))


def _decoy_sentence(rng: random.Random) -> str:
    """Numbers that are not money: counts, percentages, vague words."""
    templates = (
        "Regjeringen ber kommunene bosette {n}.000 flyktninger i {y}.",
        "Undersøkelsen viser at {p} prosent av kommunene har kuttet i tilbudet.",
        "Det dreier seg om et milliardbeløp over flere år, ifølge {s}.",
        "I alt {n} kommuner deltar i programmet fra høsten.",
    )
    return rng.choice(templates).format(n=rng.randint(2, 60), y=rng.choice(TITLE_YEARS),
                                        p=rng.randint(3, 97), s=rng.choice(SUBJECTS).lower())


def _quote(rng: random.Random, lo: int = 1, hi: int = 3) -> str:
    return ". ".join(rng.sample(QUOTE_SENTENCES, rng.randint(lo, hi)))


def _teaser_lead(rng: random.Random) -> str:
    return _sentence(rng) + " " + _sentence(rng)


def make_release(index: int, seed: int = 1) -> Release:
    """The synthetic release number `index` of the corpus `seed` (same inputs, same release).

    make_release(0).title -> "KS krever løft for kommuneøkonomien i Agder før 2019"
    """
    rng = _rng(seed, index)
    speakers = [_person(rng) for _ in range(rng.randint(1, 2))]
    n_quotes = rng.randint(2, 5)
    n_amounts = rng.randint(1, 3)
    target = rng.randint(1500, 4500)  # body; the page adds ~1.5 k

    lead = _paragraph(rng, 1, 2)
    if rng.random() < 0.3:
        lead = f"Hovedstyret i KS vedtok i dag å gi {_money(rng)} til {rng.choice(TOPICS)}. " + lead
        n_amounts -= 1
    # Groups of paragraphs that stay together: a quote and the carried quote right after it.
    groups: list[list[tuple[str, str]]] = []
    introduced: set[str] = set()
    for q in range(n_quotes):
        name, role = speakers[q % len(speakers)]
        verb = rng.choice(VERBS_SAID)
        if name not in introduced:
            introduced.add(name)
            style = rng.randrange(3)
            who = (f"{role} i KS, {name}" if style == 0 else
                   f"KS’ {role} {name}" if style == 1 else f"{name}, som er {role} i KS")
        else:
            who = name.split()[-1]
        group = [("paragraph", f"– {_quote(rng)}, {verb} {who}.")]
        if q and rng.random() < 0.25:  # a dash paragraph with no attribution: carried
            group.append(("paragraph", f"– {_quote(rng, 1, 2)}."))
        groups.append(group)
    for _ in range(max(n_amounts, 0)):
        groups.insert(rng.randrange(len(groups) + 1),
                      [("paragraph", _paragraph(rng, 1, 2) + " " + _amount_sentence(rng))])
    groups.insert(rng.randrange(len(groups) + 1), [("paragraph", _decoy_sentence(rng) + " " + _sentence(rng))])
    size = len(lead) + sum(len(t) for g in groups for _, t in g)
    for _ in range(12):
        if size >= target:
            break
        text = _paragraph(rng)
        groups.insert(rng.randrange(1, len(groups) + 1), [("paragraph", text)])
        size += len(text)
    for _ in range(rng.randint(1, 3)):
        groups.insert(rng.randrange(1, len(groups) + 1), [("subheading", rng.choice(SUBHEADINGS))])
    blocks = [block for group in groups for block in group]

    contacts: list[tuple[str | None, str, str, str]] = []
    for _ in range(rng.randint(1, 2)):
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        user = (first.split()[0][0] + last[:6]).lower().replace("ø", "o").replace("å", "a").replace("æ", "ae")
        contacts.append((f"{first} {last}", rng.choice(CONTACT_TITLES),
                         f"+479{rng.randint(1000000, 9999999)}", f"{user}@{rng.choice(TLDS)}"))
    if rng.random() < 0.6:
        contacts.append((None, "Pressevakt", "24 13 26 01", "kom@ks.no"))

    # "Siste pressemeldinger": the five releases published before this one (so listed teasers of
    # one document are the full releases of others, as on the real site).
    latest = []
    for back in range(1, 6):
        j = index - back if index - back >= 0 else index + 1000 + back
        trng = _rng(seed, j)
        latest.append((title_for(j), published_for(j), trng.choice(RELEASE_TYPES), _teaser_lead(trng)))

    return Release(
        index=index, release_id=18_000_000 + index, title=title_for(index), published=published_for(index),
        release_type=rng.choice(RELEASE_TYPES), lead=lead, blocks=blocks, contacts=contacts, latest=latest,
    )


def _ntb_stamp(when: datetime) -> str:
    """"16.5.2022 14:19:32 CEST" (the NTB dateline, Oslo time approximated by the season)."""
    summer = 4 <= when.month <= 10
    local = when + timedelta(hours=2 if summer else 1)
    return f"{local.day}.{local.month}.{local.year} {local:%H:%M:%S} {'CEST' if summer else 'CET'}"


def _slug(title: str) -> str:
    keep = "".join(c if c.isalnum() else "-" for c in title.lower())
    return "-".join(p for p in keep.split("-") if p)[:80]


def render_text(rel: Release) -> str:
    """The browser text dump of a release page, glued lines included (cf. data/samples/000_*.txt)."""
    lines = [rel.title, rel.lead, ""]
    lines += [text for _, text in rel.blocks]
    lines += ["Nøkkelord", "Kontakter"]
    # The dump glues each card's last line onto the next card's first: "…@ks.noPressevakt".
    previous = ""
    for name, title, phone, email in rel.contacts:
        head = f"{name}{title}{'KS' if rel.index % 3 == 0 else ''}" if name else title
        lines.append(previous + head)
        previous = f"Tel:{phone}{email}"
    lines.append(f"{previous}Lenker")
    lines += ["Følg pressemeldinger fra KS",
              "Registrer deg med din e-postadresse under for å få de nyeste sakene fra KS på e-post "
              "fortløpende. Du kan melde deg av når som helst.",
              "Siste pressemeldinger fra KS"]
    for title, when, rtype, lead in rel.latest:
        lines.append(f"{title}{_ntb_stamp(when)} | {rtype}")
        lines.append(lead)
    lines += ["I vårt presserom finner du alle våre siste pressemeldinger, kontaktpersoner, bilder, "
              "dokumenter og annen relevant informasjon om oss.", "Besøk vårt presserom"]
    return "\n".join(lines)


def _url(rel_id: int, title: str) -> str:
    return f"https://kommunikasjon.ntb.no/pressemelding/{rel_id}/{_slug(title)}?publisherId={PUBLISHER_ID}"


def _body_html(rel: Release) -> str:
    parts = []
    for kind, text in rel.blocks:
        tag = "h2" if kind == "subheading" else "p"
        parts.append(f"<{tag}>{html.escape(text, quote=False)}</{tag}>")
    return "\n".join(parts)


def render_html(rel: Release) -> str:
    """An NTB Kommunikasjon release page: chrome, article, contact cards, latest-releases teasers."""
    e = html.escape
    cards = []
    for name, title, phone, email in rel.contacts:
        cards.append(
            '<li class="contact-card">'
            + (f'<p class="contact-name">{e(name)}</p>' if name else "")
            + f'<p class="contact-title">{e(title)}</p>'
            f'<p>Tel:<a href="tel:{phone.replace(" ", "")}">{e(phone)}</a></p>'
            f'<p><a href="mailto:{email}">{e(email)}</a></p></li>'
        )
    teasers = []
    for back, (title, when, rtype, lead) in enumerate(rel.latest, start=1):
        teasers.append(
            f'<li><article class="teaser"><a href="{_url(rel.release_id - back, title)}">'
            f"<h3>{e(title)}</h3></a>"
            f'<p class="byline"><time datetime="{when.isoformat()}">{_ntb_stamp(when)}</time> | {rtype}</p>'
            f"<p>{e(lead)}</p></article></li>"
        )
    nav = "".join(f'<li><a href="/presserom/{PUBLISHER_ID}/ks/{p}">{p.capitalize()}</a></li>'
                  for p in ("pressemeldinger", "bilder", "dokumenter", "kontakter", "om"))
    return f"""<!DOCTYPE html>
<html lang="no">
<head>
<meta charset="utf-8">
<title>{e(rel.title)} | KS</title>
<meta property="og:title" content="{e(rel.title)}">
<meta property="og:description" content="{e(rel.lead[:200])}">
<meta property="article:published_time" content="{rel.published.isoformat()}">
<link rel="stylesheet" href="/static/css/main.3f9a1c.css">
<script>window.__NTB__ = {{"publisherId": {PUBLISHER_ID}, "releaseId": {rel.release_id}}};</script>
<script src="/static/js/app.7c2e4b.js" defer></script>
</head>
<body>
<header class="site-header"><a href="/" class="logo">NTB Kommunikasjon</a><nav><ul>{nav}</ul></nav></header>
<main>
<article class="release">
<p class="byline">{_ntb_stamp(rel.published)} | KS | {rel.release_type}</p>
<h1>{e(rel.title)}</h1>
<p class="lead"><strong>{e(rel.lead)}</strong></p>
<figure><img src="/media/{rel.release_id}.jpg" alt="Illustrasjonsbilde"><figcaption>Foto: KS</figcaption></figure>
{_body_html(rel)}
</article>
<section class="contacts"><h2>Kontakter</h2><ul>{"".join(cards)}</ul></section>
<section class="about"><h2>Om KS</h2><p>KS er kommunesektorens organisasjon.</p></section>
<section class="latest"><h2>Siste pressemeldinger fra KS</h2><ul>{"".join(teasers)}</ul></section>
</main>
<footer><p>I vårt presserom finner du alle våre siste pressemeldinger, kontaktpersoner, bilder,
dokumenter og annen relevant informasjon om oss.</p>
<a href="/presserom/{PUBLISHER_ID}/ks">Besøk vårt presserom</a></footer>
</body>
</html>
"""


def render_json(rel: Release) -> str:
    """The NTB public-website-api release detail object, serialised."""
    cards = [
        {"name": name or title, "title": title if name else "", "phone": phone, "email": email,
         "company_department": PUBLISHER}
        for name, title, phone, email in rel.contacts
    ]
    data = {
        "id": rel.release_id,
        "date": rel.published.isoformat(),
        "url": _url(rel.release_id, rel.title),
        "publisher": {"id": PUBLISHER_ID, "name": PUBLISHER},
        "versions": {"no": {
            "title": rel.title,
            "leadtext": f"<p>{html.escape(rel.lead, quote=False)}</p>",
            "body": {"complete": _body_html(rel)},
            "contacts": {"cards": cards},
            "type": {"id": 19 if rel.release_type == "Pressemelding" else 0, "label": rel.release_type},
            "language": "no",
            "tags": ["kommuneøkonomi", "KS"],
        }},
    }
    return json.dumps(data, ensure_ascii=False)


RENDERERS = {"text": render_text, "html": render_html, "json": render_json}


def file_name(index: int, shape: str) -> str:
    """'release_000042.txt' for document 42 of a text corpus."""
    return f"release_{index:06d}{SUFFIX[shape]}"


def iter_documents(n: int, shape: str, seed: int = 1, start: int = 0) -> Iterator[tuple[str, str]]:
    """(file name, content) of documents start … start+n-1 of a corpus, one at a time."""
    if shape not in RENDERERS:
        raise ValueError(f"unknown shape {shape!r}; expected one of {', '.join(SHAPES)}")
    render = RENDERERS[shape]
    for index in range(start, start + n):
        yield file_name(index, shape), render(make_release(index, seed))


def iter_inputs(n: int, shape: str, seed: int = 1, start: int = 0) -> Iterator[MemoryInput]:
    """In-memory inputs for transform.batch.extract_batch, without touching the disk."""
    for name, content in iter_documents(n, shape, seed, start):
        yield MemoryInput(source_uri=f"synthetic/{name}", text=content, fmt=shape,
                          sha256=hashlib.sha256(content.encode("utf-8")).hexdigest(), fetched_at=FETCHED_AT)


def many_quotes_document(n_quotes: int = 10_000, seed: int = 1) -> MemoryInput:
    """One text-dump release with `n_quotes` quotes (explicit, short-name, pronoun and carried
    attributions by a few dozen speakers), for the linear-time benchmark (issue 11 item 7)."""
    rng = _rng(seed, 10**7)
    people = [_person(rng) for _ in range(40)]
    paras = [f"Rekordmange sitater om {rng.choice(TOPICS)}", _paragraph(rng)]
    for i in range(n_quotes):
        name, role = people[i % len(people)]
        attribution = (f"sier {role} i KS, {name}" if i < len(people) else
                       rng.choice((f"sier {name.split()[-1]}", "sier hun", f"mener {name.split()[-1]}")))
        quote = f"{_quote(rng)}. Det gjelder sak {i} av {n_quotes}"  # unique: copies are one quote
        if i % 4 == 3:
            paras.append(f"– {quote}.")  # a carried dash paragraph
        else:
            paras.append(f"– {quote}, {attribution}.")
        if i % 5 == 0:
            paras.append(_paragraph(rng, 1, 2))
    text = "\n\n".join(paras)
    return MemoryInput(source_uri="synthetic/many-quotes.txt", text=text, fmt="text",
                       sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), fetched_at=FETCHED_AT)


def long_line_document(chars: int = 1_000_000, seed: int = 1) -> MemoryInput:
    """A title and one line of `chars` characters of prose with mid-line dash and «» quotes and
    amounts (a flattened page), for the linear-time benchmark (issue 11 item 7)."""
    rng = _rng(seed, 10**7 + 1)
    people = [_person(rng) for _ in range(40)]
    parts: list[str] = []
    size = 0
    i = 0
    while size < chars:
        name, role = people[i % len(people)]
        quote = f"{_quote(rng)}. Det gjelder sak {i}"  # unique: copies of one quote are one quote
        part = rng.choice((
            f"{_sentence(rng)} – {quote}, sier {role} i KS, {name}.",
            f"{_amount_sentence(rng)} «{quote}», sier {name.split()[-1]}.",
            f"{_sentence(rng)} {_decoy_sentence(rng)}",
        ))
        parts.append(part)
        size += len(part) + 1
        i += 1
    text = "Ett langt avsnitt\n\n" + " ".join(parts)[:chars]
    return MemoryInput(source_uri="synthetic/long-line.txt", text=text, fmt="text",
                       sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), fetched_at=FETCHED_AT)


def write_corpus(n: int, shape: str, out: Path, seed: int = 1) -> int:
    """Write n documents of one shape into `out` (created if needed); returns the bytes written."""
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, content in iter_documents(n, shape, seed):
        data = content.encode("utf-8")
        (out / name).write_bytes(data)
        total += len(data)
    return total


def main(argv: list[str] | None = None) -> int:
    """Command line: write --n documents of --shape into --out; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of documents")
    parser.add_argument("--shape", choices=SHAPES, default="text")
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    size = write_corpus(args.n, args.shape, args.out, args.seed)
    print(f"wrote {args.n} {args.shape} documents ({size / 1e6:.1f} MB) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
