"""Municipalities and counties named in a release, resolved to the register version valid on its date.

Pure: text, language and date in, `PlaceMention`s out. The gazetteer is the bundled registers
(transform/places_register.py); the words around a name that make it a place, a building or part of
another name are data (transform/data/places/<lang>.txt).

    extract_places("Det skjer i Bodø kommune.", "nb", date(2024, 5, 1))
    -> [PlaceMention(as_written='Bodø kommune', place_id='NO:kommune:1804', valid_from=date(2024, 1, 1), …)]

What counts: a name with a body word (`Bodø kommune`, `Umeå kommuns`, `Vestland fylkeskommune`,
`Aarhus Kommune`, `Bornholms Regionskommune`), `Region X` (`Region Skåne` = its län, `Region
Hovedstaden`), a name after a place preposition or a role (`ordfører i Tromsø`), a genitive
(`Bergens`), and a bare name standing on its own (`Tromsø har …`, a table row `Kinn 2 000 000`, a
list `Kongsberg, Øvre Eiker, Hvaler`). What does not: a name inside another name (`Oslo Economics`,
`KS Vestland`, `Universitetet i Oslo`), a building or street (`Oslo rådhus`), a postal address
(`Postboks 1378 Vik`), a compound (`Viken-besøket`), a surname (`sier Gangsø`).

A definite `kommunen` (`kommunens`, `kommuna`) points back to the one municipality the text names
(`Gullspångs kommun … att kommunen beviljas`), or on a municipality's own page that names none, to its
publisher; with two municipalities in play, or a generic use (`kommunen din`, `kommunen eller
fylkeskommunen`), it is no mention at all.

Resolution: the version valid on the release's date; an undated release takes the earliest year its
text names, else the period in which most of its names exist, else the day its page was fetched
(a fetched page, not a local file) or the day its page dates itself by (`document_day`: its own
release's day, the newest item it lists, the earliest year it prints), else the newest version; a date before
the registers begin (2013) takes the earliest version (`dated_by='before_registers'`). A name that is
valid on no day within a year of that date is dropped (`Troms` in 2021). A name two places share on
that day (`Herøy`, `Våler`, `Sande`) is resolved by a county named within the same stretch of text,
else left with its candidates (place_id None), never guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from importlib import resources

from transform.name_finder import NameFinder
from transform.places_register import REGISTERS_BEGIN, Place, register_places

LANGUAGES = ("nb", "nn", "sv", "da")
COUNTRY_OF = {"nb": "NO", "nn": "NO", "no": "NO", "sv": "SE", "da": "DK"}
COUNTY_KINDS = ("fylke", "län", "region")
COUNTY_IDS = tuple(f"{c}:{k}:" for c in ("NO", "SE", "DK") for k in COUNTY_KINDS)
# a version valid this close to the release's date still names the place (a merger about to happen)
NEAR = timedelta(days=366)
# how far around a shared name a county is looked for
COUNTY_WINDOW = 200


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """One municipality or county named in a text (grain: one span).

    `place_id`/`valid_from` name the register version; both None when the name is shared and nothing
    in the text settles it, with the possible places in `candidates`. `dated_by` says how the date
    was chosen (published, text_year, names, document, newest, before_registers); `resolved_by` how the place
    was (name, county, unresolved).
    """

    as_written: str
    char_start: int
    char_end: int
    place_id: str | None
    valid_from: date | None
    candidates: tuple[str, ...]
    dated_by: str
    resolved_by: str


@dataclass(frozen=True, slots=True)
class Words:
    """The place words of all languages: the union, as for the readers' word lists."""

    municipality: frozenset[str]
    county: frozenset[str]
    institution: frozenset[str]
    building: frozenset[str]
    verb: frozenset[str]
    preposition: frozenset[str]
    common: frozenset[str]
    function: frozenset[str]  # stopwords: a capitalised one opens a sentence, it is not a name
    region_alias: tuple[tuple[str, str], ...]
    reference: frozenset[str] = frozenset()  # kommunen, kommunens: the one municipality the text names
    generic_after: frozenset[str] = frozenset()  # kommunen din, kommunen eller …: any municipality
    generic_before: frozenset[str] = frozenset()  # den enkelte kommunen: any municipality


def _lines(folder: str, lang: str) -> list[str]:
    node = resources.files("transform").joinpath("data", folder, f"{lang}.txt")
    if not node.is_file():
        return []
    return [line.split("#", 1)[0].strip() for line in node.read_text(encoding="utf-8").splitlines()
            if line.split("#", 1)[0].strip()]


@cache
def words() -> Words:
    """The place words of transform/data/places/<lang>.txt and the stopwords, all languages together."""
    found: dict[str, set[str]] = defaultdict(set)
    aliases: list[tuple[str, str]] = []
    for lang in LANGUAGES:
        for line in _lines("places", lang):
            kind, _, value = line.partition(":")
            value = value.strip()
            if kind.strip() == "region_alias":
                name, _, code = value.partition("=")
                aliases.append((name.strip(), code.strip()))
            else:
                found[kind.strip()].add(value)
        found["function"].update(w.lower() for w in _lines("stopwords", lang))
    fold = {k: frozenset(v if k == "common" else {w.lower() for w in v} | v) for k, v in found.items()}
    return Words(fold.get("municipality", frozenset()), fold.get("county", frozenset()),
                 fold.get("institution", frozenset()), fold.get("building", frozenset()),
                 fold.get("verb", frozenset()), fold.get("preposition", frozenset()),
                 fold.get("common", frozenset()), fold.get("function", frozenset()), tuple(aliases),
                 fold.get("reference", frozenset()), fold.get("generic_after", frozenset()),
                 fold.get("generic_before", frozenset()))


def _variants(p: Place) -> set[str]:
    """The names a place goes by in text: 'Kárášjohka - Karasjok' -> {'Kárášjohka', 'Karasjok'}."""
    names = {p.short_name}
    for part in p.name.split(" - "):
        names.add(part.split(" (", 1)[0].strip())
    if p.kind == "län":
        base = p.name.removesuffix(" län")
        names = {base.removesuffix("s") if base.endswith("s") else base}
    if p.kind == "region":
        names = {p.name.removeprefix("Region ")}
    return {n for n in names if n}


@dataclass(frozen=True)
class Gazetteer:
    """Every name variant of the registers, with the place versions it may be."""

    by_name: dict[str, tuple[Place, ...]]
    versions: dict[str, tuple[Place, ...]]  # place_id -> its versions
    pattern: NameFinder
    loose: NameFinder  # any name as a word, also inside other names and compounds


@cache
def gazetteer() -> Gazetteer:
    """The registers as names: the rules below over all variants, longest first (a word lookup per
    capitalised word of the text, transform/name_finder.py, not one alternation of all the names)."""
    by_name: dict[str, list[Place]] = defaultdict(list)
    versions: dict[str, list[Place]] = defaultdict(list)
    places = register_places()
    for p in places:
        versions[p.place_id].append(p)
        for name in _variants(p):
            by_name[name].append(p)
    for alias, code in words().region_alias:
        by_name[alias].extend(v for v in versions.get(f"SE:län:{code}", []))
    names = sorted(by_name, key=len, reverse=True)
    # a compound with a lowercase tail names the place (Viken-besøket, Tromsø-ordføreren); one with a
    # capitalised tail is another name (Nye Veier-Trøndelag), one inside a word or a path is none
    pattern = NameFinder(names, r"(?<![\w\-./@])(?P<name>{names})(?P<gen>s)?(?![\w@]|-[A-ZÆØÅÄÖ0-9]|/\w)")
    loose = NameFinder(names, r"(?<![\w.@])(?:{names})(?!\w)")
    return Gazetteer({k: tuple(v) for k, v in by_name.items()}, {k: tuple(v) for k, v in versions.items()},
                     pattern, loose)


# a capitalised plural noun opening a sentence is no first name: Kommunane, Kommunerne, Kommunerna
PLURAL_NOUN = re.compile(r"(?:ane|ene|erne|arna|erna|orna)$")
WORD = re.compile(r"[\w\-’']+")


def _prev_word(text: str, start: int) -> tuple[str, str]:
    """The word before `start` and the characters between it and `start`: ('i', ' ')."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    gap = text[i:start]
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "-’'"):
        j -= 1
    return text[j:i], gap if i > j else text[max(0, i - 1):start]


def _next_word(text: str, end: int) -> tuple[str, str]:
    """The word after `end` and the characters between: ('kommune', ' ')."""
    i = end
    while i < len(text) and text[i] in " \t":
        i += 1
    m = WORD.match(text, i)
    return (m.group(0) if m else ""), text[end:i] if m else text[end:end + 1]


def _is_name_word(word: str) -> bool:
    """A capitalised word that is part of a name: 'Economics', 'KS', not 'KS-lederen', not 'For'."""
    if not word or not word[0].isupper():
        return False
    if re.search(r"-\w*[a-zæøåäö]", word) and not word.split("-")[-1][:1].isupper():
        return False  # a common noun with a prefix: KS-lederen, Nuuk-borgermester
    return word.lower() not in words().function


def _opens_sentence(text: str, at: int, word: str) -> bool:
    """True when `word` (starting at `at`) opens a sentence or a line and is an ordinary word written
    with a capital for that reason ('Kommunane Askøy og Øygarden'), not an acronym or a name."""
    before = text[:at].rstrip(" \t")
    opens = not before or before[-1] in ".!?:\n•–-«\"(" or before.endswith("\n")
    return opens and not word.isupper() and word not in gazetteer().by_name and len(word) > 3


@dataclass
class _Match:
    start: int
    end: int
    name: str
    kind: str | None  # municipality | county | None (bare)
    context: bool  # a place word, preposition, brackets or table row stands by it
    places: tuple[Place, ...]


def _candidates(text: str, language: str | None) -> tuple[list[_Match], list[tuple[Place, ...]]]:
    """Every name of the gazetteer that stands as a place in `text`, before resolution; and the places of
    every name found at all (`KS Viken`, `Viken-besøket` are no mentions, but they date the text)."""
    w = words()
    gaz = gazetteer()
    home = COUNTRY_OF.get((language or "").lower())
    found: list[_Match] = []
    named: list[tuple[Place, ...]] = []
    # a name printed after a capitalised first name is a surname in this text (Helge Eide, Petter Sortland);
    # the capital before the look behind (= \b there), as a pattern opening with a class is searched fast
    surnames = {m["name"] for m in re.finditer(r"[A-ZÆØÅÄÖ](?<!\w.)[a-zæøåäöé]+ (?P<name>[A-ZÆØÅÄÖ][\w-]+)\b", text)
                if m["name"] in gaz.by_name and m.group(0).split()[0].lower() not in w.function
                and m.group(0).split()[0] not in gaz.by_name and m.group(0).split()[0] != "Region"
                and not PLURAL_NOUN.search(m.group(0).split()[0])}
    for m in gaz.loose.finditer(text):
        named.append(gaz.by_name[m.group(0)])
    for m in gaz.pattern.finditer(text):
        name, start, end = m["name"], m.start(), m.end()
        places = gaz.by_name[name]
        prev, prev_gap = _prev_word(text, start)
        nxt, next_gap = _next_word(text, end)
        kind: str | None = None
        context = False
        span_start, span_end = start, end
        if nxt and next_gap == " " and nxt.lower() in w.municipality:
            kind, context, span_end = "municipality", True, end + 1 + len(nxt)
        elif nxt and next_gap == " " and nxt.lower() in w.county:
            kind, context, span_end = "county", True, end + 1 + len(nxt)
        if prev == "Region" and prev_gap == " ":
            kind, context, span_start = "county", True, start - len("Region ")
            if name.startswith("Region"):
                span_start = start
        if kind is None:
            if _is_name_word(prev) and prev_gap == " " and prev != "Region" and not _opens_sentence(
                    text, start - len(prev) - 1, prev):
                continue  # inside another name: KS Vestland, Arena Vestland, Smart Energi Hvaler
            if nxt and next_gap == " " and _is_name_word(nxt) and not (nxt[:1].isupper() and nxt.lower() in
                                                                        w.municipality | w.county):
                continue  # Oslo Economics, Malvik Høyre, Hvaler Solpark
            if nxt and next_gap == " " and nxt.lower() in w.building:
                continue  # Oslo rådhus
            if prev.lower() in w.verb or (name in surnames and prev.lower() not in w.preposition):
                continue  # sier Gangsø; Eide when the text names Helge Eide
        if prev.isdigit():
            codes = {p.code for p in places}
            if prev not in codes:
                continue  # a postal code: 1378 Vik
            context = True  # a municipality number and its name: 0101 Halden
        before = text[max(0, start - 40):start]
        if re.search(r"Postboks|Postbox|Box\s*\d", before[-25:]):
            continue
        if prev.lower() in w.preposition and prev_gap == " ":
            institution = _prev_word(text, start - len(prev) - len(prev_gap))[0]
            if _is_name_word(institution) and institution.lower() in w.institution:
                continue  # Universitetet i Oslo
            context = True
        if prev_gap.endswith("(") and text[end:end + 1] == ")":
            context = True
        line_start = text.rfind("\n", 0, start) + 1
        if not text[line_start:start].strip() and re.match(r"[ \t]+\d", text[end:]):
            context = True  # a table row: Kinn 2 000 000
        if kind == "municipality":
            places = tuple(p for p in places if p.kind not in COUNTY_KINDS)
        elif kind == "county":
            places = tuple(p for p in places if p.kind in COUNTY_KINDS)
        countries = {p.country for p in places}
        if home and home in countries:
            places = tuple(p for p in places if p.country == home)
        elif home and not (context and len(name) >= 5):
            continue  # a foreign name needs a place word around it: i Stockholm
        if not places:
            continue
        found.append(_Match(span_start, span_end, name, kind, context, places))
    # a common word as a name needs a place word, brackets, a table row, or a list of other places
    kept = [m for m in found if m.context or m.kind or m.name not in words().common]
    for m in found:
        if m in kept:
            continue
        if any(_listed(text, m, other) for other in kept):
            kept.append(m)
    kept.sort(key=lambda m: m.start)
    return kept, named


def _listed(text: str, a: _Match, b: _Match) -> bool:
    """True when two names stand side by side in a list: 'Bryne, Time, Eigersund', 'Vanylven og Sande'."""
    first, second = (a, b) if a.start < b.start else (b, a)
    between = text[first.end:second.start]
    return bool(re.fullmatch(r"\s*(,|og|och|eller|and)\s*", between)) or bool(
        re.fullmatch(r"\s*,\s*[\w\-]+\s*,\s*", between))


# a county word just before a name that is also a municipality: 'fylkene som Oslo', 'Oslo län' is taken above
COUNTY_WORDS = re.compile(r"fylke(?:ne|r|t)?\b|fylka\b|\blän\b|\bregione[nr]\b", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")


def release_day(published: date | None, text: str, today: date | None = None) -> tuple[date | None, str]:
    """The day a release's places are read on, and how it was chosen.

    release_day(date(2021, 3, 24), '…') -> (date(2021, 3, 24), 'published');
    release_day(None, 'Kommuneproposisjonen for 2019 …') -> (date(2019, 7, 1), 'text_year');
    release_day(None, 'Ingen årstall') -> (None, 'names') — the caller picks the period by the names.
    """
    if published is not None:
        return published, "published"
    years = [int(y) for y in YEAR.findall(text) if today is None or int(y) <= today.year]
    if years:
        return date(min(years), 7, 1), "text_year"
    return None, "names"


def document_day(text: str, own_published: date | None, listed: Sequence[date] = (),
                 today: date | None = None) -> date | None:
    """The day a document dates itself by, for releases on it that date themselves by nothing: the day its
    own release was published, else the newest day of a release it lists (the page is no older than its
    newest item), else 1 July of the earliest year its text prints (none after `today`), else None.

    document_day('Vestland fylkesting i Håkonshallen oktober 2019 … slår seg saman frå 1.januar 2020', None)
    -> date(2019, 7, 1): an undated item listed on that page ('Eg vil ha vekk fylkesgrensa') is read in 2019.
    """
    if own_published is not None:
        return own_published
    if listed:
        return max(listed)
    day, how = release_day(None, text, today)
    return day if how == "text_year" else None


def _distance(v: Place, day: date) -> int:
    """Days between `day` and the span a version is valid in (0 inside it)."""
    if day < v.valid_from:
        return (v.valid_from - day).days
    if v.valid_to is not None and day > v.valid_to:
        return (day - v.valid_to).days
    return 0


def _options(ids: list[str], day: date) -> list[Place]:
    """The versions of these places valid on `day`; when none is, those valid within a year of it."""
    versions = [v for i in ids for v in gazetteer().versions[i]]
    valid = [v for v in versions if _distance(v, day) == 0]
    if valid:
        return valid
    near: dict[str, Place] = {}
    for v in sorted(versions, key=lambda v: _distance(v, day)):
        if _distance(v, day) <= NEAR.days:
            near.setdefault(v.place_id, v)
    return list(near.values())


def _period_starts() -> list[date]:
    return sorted({p.valid_from for p in register_places()})


def _by_names(named: list[tuple[Place, ...]]) -> date:
    """The start of the register period in which most of the names exist; the newest on a tie."""
    starts = _period_starts()
    best, best_n = starts[-1], -1
    for start in reversed(starts):
        n = sum(1 for places in named if any(p.valid_on(start) for p in places))
        if n > best_n:
            best, best_n = start, n
    return best


def extract_places(text: str, language: str | None, published: date | None,
                   today: date | None = None, document_day: date | None = None,
                   publisher: str | None = None) -> list[PlaceMention]:
    """The municipalities and counties `text` names, resolved to the versions valid on its date.

    `document_day` (the day a fetched page was fetched, else the day its page dates itself by) dates an
    undated text whose own words do not.
    `publisher` (releases.publisher: 'Danderyds kommun') is the municipality a definite `kommunen` means on a
    municipality's own page that names no municipality itself.

    extract_places('Lyngen kommune i Troms er den kommunen som får den største summen', 'nn', date(2021, 8, 1))
    -> [PlaceMention('Lyngen kommune', 0, 14, 'NO:kommune:5424', date(2020, 1, 1), (), 'published', 'name')]
    """
    matches, named = _candidates(text, language)
    own = _candidates(publisher, language)[0] if publisher else []
    # the publisher is a municipality when its whole name is one (Danderyds kommun, Aarhus Kommune)
    own = [m for m in own if m.kind == "municipality" and (m.start, m.end) == (0, len(publisher or ""))]
    if not matches and not (own and _reference_words(text)):
        return []
    day, dated_by = release_day(published, text, today)
    if day is None:
        day = _before_new(text, matches) or _by_names(named)
        dated_by = "names" if day != _period_starts()[-1] else "newest"
        if dated_by == "newest" and document_day is not None:
            day, dated_by = document_day, "document"
    if day < REGISTERS_BEGIN:
        day, dated_by = REGISTERS_BEGIN, "before_registers"
    resolved: list[tuple[_Match, list[Place]]] = []
    for m in matches:
        options = _options(list(dict.fromkeys(p.place_id for p in m.places)), day)
        if m.kind is None and len({o.country for o in options}) == 1:
            munis = [o for o in options if o.kind not in COUNTY_KINDS]
            counties = [o for o in options if o.kind in COUNTY_KINDS]
            if munis and counties:  # Oslo, Gotland, Stockholm: the municipality unless counties are meant
                options = counties if _county_meant(text, m, matches) else munis
        if options:
            resolved.append((m, options))
    counties_named = [(m, o[0]) for m, o in resolved if len(o) == 1 and o[0].kind in COUNTY_KINDS]
    out: list[PlaceMention] = []
    for m, options in resolved:
        written = text[m.start:m.end]
        if len(options) == 1:
            o = options[0]
            out.append(PlaceMention(written, m.start, m.end, o.place_id, o.valid_from, (), dated_by, "name"))
            continue
        near = {c.place_id for cm, c in counties_named
                if abs(cm.start - m.start) <= COUNTY_WINDOW and cm is not m}
        settled = [o for o in options if o.parent_id in near]
        if len(settled) == 1:
            o = settled[0]
            out.append(PlaceMention(written, m.start, m.end, o.place_id, o.valid_from, (), dated_by, "county"))
        else:
            out.append(PlaceMention(written, m.start, m.end, None, None,
                                    tuple(sorted(o.place_id for o in options)), dated_by, "unresolved"))
    publishers = [o for m in own for o in _options(list(dict.fromkeys(p.place_id for p in m.places)), day)]
    out.extend(_references(text, out, COUNTRY_OF.get((language or "").lower()), publishers, dated_by))
    out.sort(key=lambda m: m.char_start)
    return out


def _reference_words(text: str) -> list[re.Match[str]]:
    """The definite forms of 'municipality' in `text` that may point back to a named one ('kommunen',
    'Kommunens'), not a compound (fylkeskommunen) and not one that means any municipality ('den enkelte
    kommunen', 'kommunen din', 'kommunen eller fylkeskommunen')."""
    w = words()
    found = []
    for m in REFERENCE.finditer(text):
        if m.group(0).lower() not in w.reference:
            continue
        before = _prev_word(text, m.start())[0].lower()
        after = _next_word(text, m.end())[0].lower()
        if before in w.generic_before or after in w.generic_after:
            continue
        found.append(m)
    return found


# a definite form of 'municipality' standing as a word of its own (not fylkeskommunen, not KS-kommunen)
# the K before the look behind (= none of [\w-] before it): a pattern opening with a class is searched fast
REFERENCE = re.compile(r"[Kk](?<![\w\-].)ommun(?:en|ens|a|as)(?![\w\-])")


def _references(text: str, named: list[PlaceMention], home: str | None, publishers: list[Place],
                dated_by: str) -> list[PlaceMention]:
    """Mentions of the one municipality a definite 'kommunen' points back to: the one municipality the
    text names (resolved_by 'reference'), else the publishing municipality (resolved_by 'publisher').

    Nothing when two municipalities are in play (two named, a shared name left open, a publisher other
    than the one named): a guess there would often be wrong, and an unresolved row with candidates for
    every generic 'kommunen' ('kommunen si planlegging' in a text about 140 mayors) would say nothing.
    A referent of another country than the text's language (a Norwegian text naming only Stockholm) is
    none either. Spans already read as names ('den kommunen' in 'Lyngen kommune … den kommunen') stay.
    """
    in_play: dict[str, tuple[str, date]] = {}
    for m in named:
        if m.place_id is None:
            if any(not c.startswith(COUNTY_IDS) for c in m.candidates):
                return []  # a shared municipality name left open: which one 'kommunen' means is unknown
            continue
        if m.place_id.startswith(COUNTY_IDS):
            continue
        in_play[m.place_id] = (m.place_id, m.valid_from)
    how = "reference"
    if not in_play and publishers:
        in_play = {p.place_id: (p.place_id, p.valid_from) for p in publishers}
        how = "publisher"
    elif publishers and {p.place_id for p in publishers} != set(in_play):
        return []  # the page of one municipality naming another: two in play
    if len(in_play) != 1:
        return []
    ((place_id, valid_from),) = in_play.values()
    if home and not place_id.startswith(f"{home}:"):
        return []
    taken = [(m.char_start, m.char_end) for m in named]
    return [PlaceMention(r.group(0), r.start(), r.end(), place_id, valid_from, (), dated_by, how)
            for r in _reference_words(text)
            if not any(a < r.end() and r.start() < b for a, b in taken)]


# 'nye Vestland fylkeskommune', 'den nya kommunen Kinn': the text speaks of a place about to be formed
NEW_WORD = re.compile(r"\b(?:nye|nya)\s+$", re.IGNORECASE)


def _before_new(text: str, matches: list[_Match]) -> date | None:
    """The day before a place the text calls new came into being ('nye Vestland fylkeskommune' dates an
    undated text to 2019-12-31), when it did so after the registers begin; else None."""
    for m in matches:
        if NEW_WORD.search(text[max(0, m.start - 6):m.start]):
            first = min(p.valid_from for i in {p.place_id for p in m.places} for p in gazetteer().versions[i])
            if first > REGISTERS_BEGIN:
                return first - timedelta(days=1)
    return None


def _county_meant(text: str, m: _Match, matches: list[_Match]) -> bool:
    """True when a name that is a municipality and a county is meant as the county: 'fylkene som Oslo og
    Hordaland', 'Oslo fylke', or listed beside names that are only counties."""
    if m.kind == "county":
        return True
    if COUNTY_WORDS.search(text[max(0, m.start - 40):m.start]):
        return True
    for other in matches:
        if other is not m and _listed(text, m, other) and all(p.kind in COUNTY_KINDS for p in other.places):
            return True
    return False


def release_places(title: str | None, body: str, language: str | None, published: date | None,
                   today: date | None = None, document_day: date | None = None,
                   aside: str | None = None, publisher: str | None = None) -> list[tuple[str, PlaceMention]]:
    """The places of a release's title, body and aside, read together (one date, one set of counties), as
    (field, mention) with offsets into that field.

    `aside` is what the page prints with the release but its body leaves out (a table row `0101 Halden`,
    the block about the publisher): its mentions come with field 'aside'. `publisher` is the release's
    publisher ('Danderyds kommun'), the municipality a definite 'kommunen' means when the text names none.

    release_places('KS-lederen til kommunene i Viken og Rogaland', 'Neste uke besøker han Time kommunestyre.',
                   'nb', None) -> [('title', PlaceMention('Viken', 27, 32, 'NO:fylke:30', …)), …]
    """
    fields = [(name, value) for name, value in (("title", title or ""), ("body", body), ("aside", aside or ""))
              if value or name == "body"]
    starts: list[tuple[str, int]] = []
    parts: list[str] = []
    at = 0
    for name, value in fields:
        starts.append((name, at))
        parts.append(value)
        at += len(value) + 2
    text = "\n\n".join(parts)
    out = []
    for m in extract_places(text, language, published, today, document_day, publisher):
        name, shift = next((n, s) for n, s in reversed(starts) if m.char_start >= s)
        out.append((name, replace(m, char_start=m.char_start - shift, char_end=m.char_end - shift)))
    return out
