"""Lists of news items or releases on any page -> one ListedItem per item (title, date, teaser).

Pure: lines in, items out; no I/O beyond the word lists loaded once from `transform/data/listing/` (one file per
language: weekdays, relative days, date labels, type words, list links). A list is found by its
structure, never by the site: a title line repeated at least twice with, each time,

- a date line next to it: above, below, or under its teaser ("Kommunene venter høyere
  pensjonskostnader" / "12. mai 2022"; "Pressemelding | 12.10.2023 | Justis- og beredskapsdepartementet"
  / title; title / teaser / "12. juni 2023 | Nyhed"), the layout that explains most dates winning;
- its date on its own line ("12.03.2024 Kommunen bygger ny skole", "Nytt budsjett vedtatt 5. mars 2024",
  a whole card on one line: title, date, teaser sentence; "14:32 Kommunen kutter i bussrutene");
- a teaser under it that the page marks as an item: a bullet before each title (" • Vestland får 182
  millionar kroner" / "Vestland fylkeskommune får 182 millionar kroner for å …"), a read-more link after
  the teaser ("Les mer"), or day headers above the titles ("I dag", "I går", "Mandag 4. desember");
- or, on a page that is nothing but titles, one teaser sentence under each that restates it.

A title is a headline (2-20 words, no final full stop), so prose paragraphs are never items; an item
whose "teaser" runs longer than a teaser does is a page's own article under its own dateline and stays
out of the list (the reader reads it as the page's release).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from transform.extractors.dates import MONTHS, OSLO, ZONES, parse_date, read_dateline
from transform.text import ends_sentence, word_count

WORDS_DIR = Path(__file__).resolve().parent.parent / "data" / "listing"
# One word file per language the text reader reads.
LANGUAGES = ("nb", "nn", "sv", "da", "en")

# The fewest items that make a list.
MIN_ITEMS = 2
# A listed title: at least this many words and at most that many (longer is a sentence or a lead).
TITLE_MIN_WORDS = 2
TITLE_MAX_WORDS = 20
TITLE_MAX_CHARS = 200
# A teaser is at most this many lines and words; more under a dated title is an article's body.
TEASER_MAX_LINES = 4
TEASER_MAX_WORDS = 200
# On a page of nothing but titles and teasers, each teaser is one sentence of this many words.
TEASER_MIN_WORDS = 8
TEASER_PAGE_MAX_WORDS = 80
# A page of titles whose items carry caption sentences over their titles holds at least this many items.
CAPTIONED_MIN_ITEMS = 3
# Letters of a word compared when a teaser restates its title ("fylkestingsvalet" ~ "fylkestinget").
STEM_LETTERS = 6
# A date line, a day header or a type label is short.
DATE_MAX_CHARS = 80
DATE_MAX_WORDS = 10
DAY_MAX_WORDS = 5
# Weekday words of at most this many letters are abbreviations ("ons", "tors"), never a header alone.
WEEKDAY_ABBREVIATION_LETTERS = 4

# A bullet before an item's title (" • Vestland får 182 millionar kroner"); a dash is a quote-title, not one.
BULLET_GLYPHS = "•▪◦●■*"
BULLET_RE = re.compile(rf"^[{re.escape(BULLET_GLYPHS)}]\s*")
# A photo credit: "Foto: Simen Sundfjord Otterlei / NRK", "(Foto: NTB)", "Bild: Region Skåne".
CREDIT_RE = re.compile(r"^\(?(?:Foto|Fotograf|Photo|Bilde|Bild|Billede|Illustrasjon|Illustration)\s*:",
                       re.IGNORECASE)
# A caption ending in its credit: "Styreleder i KS Gunn Marit Helgesen. Foto: KS".
CREDITED_RE = re.compile(r"[\s.(](?:Foto|Fotograf|Photo|Bilde|Bild|Billede)\s*:\s*[^.!?:]{1,80}\)?\.?$",
                         re.IGNORECASE)
# "Publisert: 12.03.2024", "Pressemelding 12.03.2024": a label of one to three words before a date.
LABELLED_RE = re.compile(r"^(?P<label>[^\W\d_][^\W\d_-]*(?:\s+[^\W\d_][^\W\d_-]*){0,2})\s*[:•·|–—-]?\s+(?P<rest>\S.*)$")
# "12. mars", "12 mars 14:32": a day and month with no year (a list of this year's items).
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
YEARLESS_RE = re.compile(r"^(?P<d>\d{1,2})\.?\s+(?:" + _MONTH_ALT + r")\.?(?:,?\s+(?:kl\.?\s*)?\d{1,2}[:.]\d{2})?$",
                         re.IGNORECASE)
# "14:32", "kl. 14.32": a time alone, the date given by the day header above it.
CLOCK_RE = re.compile(r"^(?:kl\.?\s*)?(?P<H>\d{1,2})[:.](?P<M>\d{2})$", re.IGNORECASE)
# "for 3 timer siden", "3 timmar sedan", "för 20 minuter sedan": counted back from the fetch time.
AGO_RE = re.compile(r"^(?:(?P<before>[^\W\d_]+)\s+)?(?P<n>\d{1,3})\s*(?P<unit>[^\W\d_]+)\.?\s+(?P<ago>[^\W\d_]+)$")
# A date printed on the title's own line: "12.03.2024 Kommunen bygger ny skole", "Nytt budsjett (5. mars 2024)".
_DATE = (r"(?:\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+(?:" + _MONTH_ALT + r")\.?\s+\d{4})"
         r"(?:,?\s+(?:kl\.?\s*)?\d{1,2}[:.]\d{2})?")
DATE_FIRST_RE = re.compile(r"^(?P<date>" + _DATE + r")\s*[-–—|:·•]?\s+(?P<title>\S.*)$", re.IGNORECASE)
DATE_LAST_RE = re.compile(r"^(?P<title>.*?\S)(?:\s*[-–—|·•,]\s*|\s*\(\s*|\s+|(?<=[^\W\d_]))(?P<date>" + _DATE
                          + r")\s*\)?$", re.IGNORECASE)
# A whole item on one line: "Nytt budsjett vedtatt 5. mars 2024 Kommunestyret vedtok budsjettet i går."
DATE_MID_RE = re.compile(r"^(?P<title>.*?\S)(?:\s*[-–—|·•,]\s*|\s+|(?<=[^\W\d_]))(?P<date>(?i:" + _DATE
                         + r"))(?:\s*[-–—|·•]\s*|\s+)(?P<teaser>[A-ZÆØÅÄÖÜ«\"“–].*)$")
WORD_RE = re.compile(r"[^\W\d_]+")
# Four digits in a row: every date a title or a whole item prints on its line holds its year so (_DATE).
# Spelt out rather than `\d{4}` (the same matches): the engine scans a paragraph for it 40% faster.
YEAR_DIGITS_RE = re.compile(r"\d\d\d\d")
# A date and time opening a teaser line: "2015-10-10 09:00 CEST Linköpings kommun Två medborgarförslag …".
_ZONE_ALT = "|".join(sorted(ZONES, key=len, reverse=True))
DATE_OPENED_RE = re.compile(r"^(?P<date>(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})\s+(?:kl\.?\s*)?\d{1,2}[:.]\d{2}"
                            r"(?:\s+(?:" + _ZONE_ALT + r"))?)\s+(?P<rest>[^\W\d_].*)$")
# A search result's rank between its bullet and its title: "1 Der er mest …" (not "3 200 færre …").
RANK_RE = re.compile(r"^\d{1,3}\s+(?=[A-ZÆØÅÄÖÜ])")
# A numeric date whose year stands apart: "23.09 2021" (iTromsø's day headers).
SPACED_YEAR_RE = re.compile(r"\b(?P<dm>\d{1,2}\.\d{1,2})\s+(?P<y>(?:19|20)\d{2})\b")
# A day and month inside a teaser's sentence: "Tysdag 20. april er det registrert …".
DAY_MONTH_RE = re.compile(r"\b(?P<d>\d{1,2})\.?\s+(?P<m>" + _MONTH_ALT + r")\b", re.IGNORECASE)
# A news list's item with its time first: "14:32 Kommunen kutter i bussrutene".
CLOCK_TITLE_RE = re.compile(r"^(?P<clock>(?:kl\.?\s*)?\d{1,2}[:.]\d{2})\s+(?P<title>[^\W\d_].*)$")
# An arrow or chevron a list prints after a linked title.
TITLE_ARROW_RE = re.compile(r"\s*[›»→>]+$")
# Words a date line may hold besides the date: month names, "kl", zone names (weekdays and "den" are data).
DATE_WORDS = frozenset(MONTHS) | frozenset(z.casefold() for z in ZONES) | {"kl"}


@dataclass(frozen=True, slots=True)
class ListedItem:
    """One item of a list of news items or releases on a page (grain: one listed item).

    `first_line` and `end_line` index the lines given to `listed_items`: the item spans
    lines[first_line:end_line] (its title, date line, teaser and captions).
    """

    title: str
    published_at: datetime | None
    release_type: str | None
    teaser: tuple[str, ...]
    first_line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class ListWords:
    """The words of every language that shape a list: weekdays, relative days, labels, chrome."""

    weekdays: frozenset[str]
    relative_days: tuple[tuple[str, int], ...]
    ago: frozenset[str]
    ago_before: frozenset[str]
    ago_units: dict[str, str]
    date_labels: frozenset[str]
    date_fillers: frozenset[str]
    types: frozenset[str]
    chrome: frozenset[str]
    sections: frozenset[str] = frozenset()


def word_sections(text: str) -> dict[str, list[str]]:
    """A word file's "[section]" lists: "[weekdays]\\nmandag\\n" -> {"weekdays": ["mandag"]}."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line.casefold())
    return sections


@lru_cache(maxsize=1)
def list_words() -> ListWords:
    """The list words of all languages in `transform/data/listing/<language>.txt`, merged (loaded once).

    list_words().weekdays >= {"mandag", "måndag", "tysdag", "tisdag"}; list_words().relative_days holds
    ("i går", 1).
    """
    merged: dict[str, list[str]] = {}
    for language in LANGUAGES:
        for name, words in word_sections((WORDS_DIR / f"{language}.txt").read_text(encoding="utf-8")).items():
            merged.setdefault(name, []).extend(words)
    relative = []
    for entry in merged.get("relative_days", []):
        word, _, days = entry.partition("=")
        relative.append((word.strip(), int(days)))
    units = {}
    for unit in merged.get("ago_units", []):
        # the unit's kind by its first letter: minutes, hours (time/timme/hour/t/h), days (dag/døgn/dygn/day)
        units[unit] = "minutes" if unit.startswith("min") else "days" if unit[0] == "d" else "hours"
    return ListWords(
        weekdays=frozenset(merged.get("weekdays", [])),
        # longest first: "i forgårs" before "i går"
        relative_days=tuple(sorted(relative, key=lambda pair: -len(pair[0]))),
        ago=frozenset(merged.get("ago", [])),
        ago_before=frozenset(merged.get("ago_before", [])),
        ago_units=units,
        date_labels=frozenset(merged.get("date_labels", [])),
        date_fillers=frozenset(merged.get("date_fillers", [])),
        types=frozenset(merged.get("types", [])),
        chrome=frozenset(merged.get("chrome", [])),
        sections=frozenset(merged.get("sections", [])),
    )


@dataclass(slots=True)
class _Row:
    """One non-empty line, read: its kind is "date", "day", "title", "teaser" or "aside".

    Never changed once made (a row read again is replaced); not frozen, as a frozen dataclass is built three
    times slower and a page's every line makes one."""

    index: int
    text: str
    kind: str
    bullet: bool = False
    when: datetime | None = None
    release_type: str | None = None
    clock: tuple[int, int] | None = None
    glued: bool = False  # a title printed with its date on its own line
    label: bool = False  # a line the list prints under every item's title ("Nyheder fra Borgmesterens Afdeling")


@dataclass(frozen=True, slots=True)
class ListDate:
    """What a date line of a list says: when (None when it prints no year or is relative without a
    fetch time), the type printed with it, and a time printed alone (hour, minute)."""

    when: datetime | None
    release_type: str | None = None
    clock: tuple[int, int] | None = None


def _only_date(text: str) -> bool:
    """True when a short text holds a date and nothing else: "12. mai 2022", "2024-03-12 kl. 10.00"."""
    words = list_words()
    allowed = (DATE_WORDS, words.weekdays, words.date_fillers)
    return all(any(word.casefold() in kind for kind in allowed) for word in WORD_RE.findall(text)) and (
        parse_date(text) is not None)


def _ago(text: str, reference: datetime | None) -> ListDate | None:
    """ "for 3 timer siden" -> ListDate(reference - 3 hours); None for any other text."""
    match = AGO_RE.match(text)
    words = list_words()
    if not match or match["ago"].casefold() not in words.ago:
        return None
    unit = words.ago_units.get(match["unit"].casefold())
    if unit is None or (match["before"] and match["before"].casefold() not in words.ago_before):
        return None
    if reference is None or reference.tzinfo is None:
        return ListDate(None)
    return ListDate(reference - timedelta(**{unit: int(match["n"])}))


def list_date(line: str, reference: datetime | None = None) -> ListDate | None:
    """The date a list prints under or over an item's title, else None.

    Args:
        line: one line, e.g. "12. mai 2022", "Publisert 12.03.2024", "Pressemelding | 12.10.2023 |
            Justis- og beredskapsdepartementet", "Nyhet 4. mars 2024", "14:32", "12. mars",
            "for 3 timer siden", "I dag 10:15".
        reference: when the page was fetched: relative dates count back from it.

    Returns:
        ListDate(when, release_type, clock); when is None for a date with no year ("12. mars"), a time
        alone ("14:32") or a relative date without a fetch time. None for a line that is not a date.
    """
    text = line.strip()
    # the digit scan before the word count: most lines of a page hold no digit and are settled by it
    if not text or len(text) > DATE_MAX_CHARS or not any(map(str.isdigit, text)) or word_count(text) > DATE_MAX_WORDS:
        return None
    words = list_words()
    text = SPACED_YEAR_RE.sub(r"\g<dm>.\g<y>", text)  # "torsdag 23.09 2021" -> "torsdag 23.09.2021"
    dateline = read_dateline(text, reference)
    if dateline is not None:
        # the type is any part that is a type word: "12.03.2024 | Nyhet | Statsforvalteren i Vestland"
        kind = next((part.strip() for part in re.split(r"[|•·]", text) if part.strip().casefold() in words.types),
                    None)
        return ListDate(dateline.published_at, kind)
    if _only_date(text):
        return ListDate(parse_date(text))
    first, _, rest = text.partition(" ")
    if first.casefold().rstrip(",.") in words.weekdays and CLOCK_RE.match(rest.strip(" ,")):
        return ListDate(None, clock=_clock(rest.strip(" ,")))  # "Mandag 14:32": a weekday's time
    if CLOCK_RE.match(text):
        clock = _clock(text)
        return ListDate(None, clock=clock) if clock else None
    if YEARLESS_RE.match(text):
        return ListDate(None)
    ago = _ago(text, reference)
    if ago is not None:
        return ago
    labelled = LABELLED_RE.match(text)
    if labelled:
        label = labelled["label"].casefold()
        if label in words.date_labels or label in words.types:
            rest = list_date(labelled["rest"], reference)
            if rest is not None and rest.release_type is None:
                kind = labelled["label"] if label in words.types else None
                return ListDate(rest.when, kind, rest.clock)
    parts = [part.strip() for part in text.split("|")]
    if len(parts) >= 2 and all(parts):
        # "Publisert: 12.05.2021 | Sist endret: 12.05.2021": the first date is the item's, the rest updates
        dates = [list_date(part, reference) for part in parts]
        if all(d is not None for d in dates) and dates[0] is not None:
            return dates[0]
    return None


def _clock(text: str) -> tuple[int, int] | None:
    """ "14:32" or "kl. 14.32" -> (14, 32); None for any other text or an impossible time."""
    match = CLOCK_RE.match(text)
    if not match or int(match["H"]) > 23 or int(match["M"]) > 59:
        return None
    return int(match["H"]), int(match["M"])


def day_header(line: str, reference: datetime | None = None) -> tuple[bool, datetime | None]:
    """Whether a line is a day header of a news list, and the day it names when it can be known.

    day_header("I går", fetched 2024-03-12) -> (True, 2024-03-11 00:00 Oslo); day_header("Mandag") ->
    (True, None); day_header("Mandag 4. desember 2023") -> (True, 2023-12-04); day_header("Mandag
    kommer budsjettet") -> (False, None).
    """
    text = line.strip().rstrip(":,.").strip()
    if not text:
        return False, None
    words = list_words()
    # a header opens with a relative day or a weekday: any other line is settled on its folded opening,
    # before it is folded whole and its words are counted (casefolding maps each character to one or more)
    relative, opening = _day_openings()
    head = text[:opening].casefold()
    if " " not in head:
        head = text.casefold()
    if not (head.startswith(relative) or head.partition(" ")[0].rstrip(",.") in words.weekdays):
        return False, None
    if word_count(text) > DAY_MAX_WORDS:
        return False, None
    folded = text.casefold()
    for word, days in words.relative_days:
        if folded == word or (folded.startswith(word) and folded[len(word):len(word) + 1] in {" ", ","}
                              and _only_date_or_yearless(text[len(word):].strip(" ,"))):
            if reference is None or reference.tzinfo is None:
                return True, parse_date(text)
            day = (reference.astimezone(OSLO) - timedelta(days=days)).date()
            return True, datetime(day.year, day.month, day.day, tzinfo=OSLO)
    first, _, rest = folded.partition(" ")
    first = first.rstrip(",.")
    # an abbreviated weekday ("Ons", "Fre") heads a day only with its date after it
    if first in words.weekdays and (_only_date_or_yearless(rest.strip(" ,")) or (
            not rest and len(first) > WEEKDAY_ABBREVIATION_LETTERS)):
        return True, parse_date(text)
    return False, None


@lru_cache(maxsize=1)
def _day_openings() -> tuple[tuple[str, ...], int]:
    """The relative days of every language, for one str.startswith (("i forgårs", "i går", "i dag", …)),
    and how many characters of a line hold any relative day or weekday that can open it."""
    words = list_words()
    relative = tuple(word for word, _ in words.relative_days)
    return relative, max(map(len, (*relative, *words.weekdays)), default=0) + 1


def _only_date_or_yearless(text: str) -> bool:
    """ "4. desember 2023" or "4. desember" -> True; "kommer budsjettet" -> False."""
    return bool(text) and (_only_date(text) or bool(YEARLESS_RE.match(text)))


def dated_title(line: str) -> tuple[str, datetime] | None:
    """A listed title printed with its date on one line -> (title, date), else None.

    dated_title("12.03.2024 Kommunen bygger ny skole") -> ("Kommunen bygger ny skole", 2024-03-12 Oslo);
    dated_title("Nytt budsjett vedtatt - 5. mars 2024") -> ("Nytt budsjett vedtatt", 2024-03-05 Oslo);
    dated_title("12. mars 2024 vedtok kommunestyret budsjettet.") -> None (a sentence).
    """
    for regex in (DATE_FIRST_RE, DATE_LAST_RE):
        match = regex.match(line.strip())
        if match and _is_title(match["title"]):
            when = parse_date(match["date"])
            if when is not None:
                return glued_title(match["title"]), when
    return None


def glued_title(title: str) -> str:
    """A listed title read off a line it shares with its date, without what the list glued to it: the
    section kicker before it ("POLITIKK", "Kronikker": a `[sections]` word followed by a capital or a
    dash, not a colon) and the weekday of its date after it ("… tir 16.09.2014"). A leading quote-dash
    goes with the kicker ("POLITIKK - Naturlig med …" -> "Naturlig med …").

    glued_title("POLITIKK Helgelendingene ser mot sør tir") -> "Helgelendingene ser mot sør";
    glued_title("Kronikker Kronikk: Alt som før = stagnasjon tor") -> "Kronikk: Alt som før = stagnasjon";
    glued_title("Kronikk: Alt som før") -> "Kronikk: Alt som før" (the title's own label stays).
    """
    words = list_words()
    head, _, rest = title.partition(" ")
    last = title.rsplit(" ", 1)
    if len(last) == 2 and last[1].casefold().rstrip(".") in words.weekdays and word_count(last[0]) >= 2:
        title = last[0].rstrip(" ,")
        head, _, rest = title.partition(" ")
    if head.casefold() in words.sections and rest and (rest[0].isupper() or rest[0] in "–—-«\""):
        unkicked = rest.lstrip("–—- ") if rest[0] in "–—-" else rest
        if word_count(unkicked) >= TITLE_MIN_WORDS:
            title = unkicked
    return title


def _item_line(line: str) -> tuple[str, datetime, str] | None:
    """A whole listed item on one line -> (title, date, teaser), else None.

    _item_line("Nytt budsjett vedtatt 5. mars 2024 Kommunestyret vedtok budsjettet i går.") ->
    ("Nytt budsjett vedtatt", 2024-03-05 Oslo, "Kommunestyret vedtok budsjettet i går.").
    """
    match = DATE_MID_RE.match(line.strip())
    if not match or not _is_title(match["title"]) or not ends_sentence(match["teaser"]):
        return None
    when = parse_date(match["date"])
    return (glued_title(match["title"]), when, match["teaser"]) if when is not None else None


def _is_title(text: str) -> bool:
    """A line that can be a listed item's title: a headline of a few words, not a sentence or a label.

    "Vil krevje utsleppsfrie drosjer" -> True; "Alle drosjer i Hordaland kan bli utsleppsfrie innan
    2024." -> False; "Les mer" -> False (a link).
    """
    if len(text) > TITLE_MAX_CHARS or not TITLE_MIN_WORDS <= word_count(text) <= TITLE_MAX_WORDS:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "«\"'“”–—-"):
        return False
    stripped = text.rstrip(" \"'»”’)")
    return not ends_sentence(text) or stripped.endswith(("?", "!"))


@lru_cache(maxsize=1)
def _longest_type() -> int:
    """The longest type word ("pressemeddelelse"), in characters: casefolding never shortens a text, so a longer
    line is no type word and is never folded to be looked up."""
    return max(map(len, list_words().types), default=0)


@lru_cache(maxsize=1)
def _chrome_prefixes() -> tuple[str, ...]:
    """The chrome phrases of several words, each with the space after it: ("les mer ", "visa fler ", …)."""
    return tuple(sorted(c + " " for c in list_words().chrome if " " in c))


@lru_cache(maxsize=1)
def _chrome_lengths() -> tuple[int, int]:
    """The longest chrome phrase and the longest chrome prefix, in characters."""
    return max(map(len, list_words().chrome), default=0), max(map(len, _chrome_prefixes()), default=0)


def _is_chrome(text: str) -> bool:
    """A link or paging line of a list ("Les mer", "Visa fler »", "Se alle nyheter").

    Casefolding maps each character to one or more, so a text longer than the longest phrase is none of
    them, and a prefix is tested on as many characters as the longest prefix holds: a paragraph is
    settled without folding it whole.
    """
    core = text.strip(" .:›»>→…")  # the stripped characters fold to themselves and are no fold of another
    longest, longest_prefix = _chrome_lengths()
    if len(core) <= longest and core.casefold() in list_words().chrome:
        return True
    return core[:longest_prefix].casefold().startswith(_chrome_prefixes()) and word_count(core.casefold()) <= 4


def _rows(lines: Sequence[str], reference: datetime | None) -> list[_Row]:
    """The non-empty lines, each read as a date line, a day header, a title, a teaser or an aside."""
    rows: list[_Row] = []
    for index, line in enumerate(lines):
        text = line.strip()
        if not text or not any(map(str.isalnum, text)):
            continue
        bullet = BULLET_RE.match(text) if text[0] in BULLET_GLYPHS else None
        if bullet:
            # " • 1 Der er mest godt at sige …": a search result's rank after the bullet is not the title's
            text = RANK_RE.sub("", text[bullet.end():].strip())
            if not text:
                continue
        # both credit patterns hold a colon: a line without one is settled without them
        if (":" in text and (CREDIT_RE.match(text) or CREDITED_RE.search(text))) or _is_chrome(text):
            rows.append(_Row(index, text, "aside", bool(bullet)))
            continue
        date = list_date(text, reference)
        if date is not None:
            rows.append(_Row(index, text, "date", bool(bullet), date.when, date.release_type, date.clock))
            continue
        is_day, day = day_header(text, reference)
        if is_day:
            rows.append(_Row(index, text, "day", bool(bullet), day))
            continue
        kind = "title" if _is_title(text) else "teaser"
        if kind == "title" and len(text) <= _longest_type() and text.casefold() in list_words().types:
            kind = "aside"  # a type label alone ("Nyhet") over a listed title
        clocked = CLOCK_TITLE_RE.match(text)
        if clocked and _is_title(clocked["title"]) and _clock(clocked["clock"]):
            # "14:32 Kommunen kutter i bussrutene": a news list's item with its time first
            rows.append(_Row(index, TITLE_ARROW_RE.sub("", clocked["title"]), "title", bool(bullet),
                             clock=_clock(clocked["clock"]), glued=True))
            continue
        if kind == "title":
            text = TITLE_ARROW_RE.sub("", text)  # "Nytt budsjett vedtatt ›": a link's arrow
        zoned = DATE_OPENED_RE.match(text) if kind == "title" and text[:1].isdigit() else None
        if zoned is not None and zoned["date"].rsplit(" ", 1)[-1] in ZONES:
            # "2015-10-09 14:06 CEST Kalix kommun": a date, time and zone open a date line, never a title;
            # what follows is its teaser, here cut to the publisher's name
            when = list_date(zoned["date"], reference)
            if when is not None:
                rows.append(_Row(index, zoned["date"], "date", bool(bullet), when.when, None, when.clock))
                rows.append(_Row(index, zoned["rest"], "teaser"))
                continue
        glued = dated_title(text) if kind == "title" and YEAR_DIGITS_RE.search(text) else None
        if glued is not None:
            rows.append(_Row(index, glued[0], "title", bool(bullet), glued[1], glued=True))
            continue
        opened = DATE_OPENED_RE.match(text) if kind == "teaser" else None
        opened_date = list_date(opened["date"], reference) if opened else None
        if opened and opened_date is not None and word_count(opened["rest"]) >= TEASER_MIN_WORDS:
            # "2015-10-10 09:00 CEST Linköpings kommun Två medborgarförslag …": a date line glued to its teaser
            rows.append(_Row(index, opened["date"], "date", bool(bullet), opened_date.when, None, opened_date.clock))
            rows.append(_Row(index, opened["rest"], "teaser"))
            continue
        whole = _item_line(text) if kind == "teaser" and YEAR_DIGITS_RE.search(text) else None
        if whole is not None:  # title, date and teaser on one line: two rows of the same line
            rows.append(_Row(index, whole[0], "title", bool(bullet), whole[1], glued=True))
            rows.append(_Row(index, whole[2], "teaser"))
            continue
        rows.append(_Row(index, text, kind, bool(bullet)))
    # a caption: the line over a photo credit ("Christiania Taxi i parkeringskjelleren" / "Foto: …")
    for k in range(len(rows) - 1):
        if rows[k].kind in ("title", "teaser") and CREDIT_RE.match(rows[k + 1].text):
            rows[k] = _Row(rows[k].index, rows[k].text, "aside", rows[k].bullet)
    return _item_labels(rows)


def _item_labels(rows: list[_Row]) -> list[_Row]:
    """Rows with a list's item label made an aside marked `label`: a short line printed between each of
    several titles and their teasers ("Budgetforlig 2023: …" / "Nyheder fra Borgmesterens Afdeling" /
    teaser), a unit or section name, never a title of its own."""
    between = [k for k in range(1, len(rows) - 1)
               if rows[k - 1].kind == "title" and rows[k].kind == "title" and rows[k + 1].kind == "teaser"]
    counts: dict[str, int] = {}
    for k in between:
        counts[rows[k].text] = counts.get(rows[k].text, 0) + 1
    for k in between:
        if counts[rows[k].text] >= MIN_ITEMS and word_count(rows[k].text) <= DAY_MAX_WORDS + 1:
            rows[k] = _Row(rows[k].index, rows[k].text, "aside", rows[k].bullet, label=True)
    return rows


@dataclass(frozen=True, slots=True)
class _Found:
    """An item while the list is read: the rows of its title and date, and the rows it spans."""

    title: int
    date: int | None
    first: int
    end: int


def _title_for(rows: Sequence[_Row], k: int, mode: str) -> int | None:
    """The row of the title belonging to the date row k: next to it above ("above"), below ("below"),
    or above past a teaser ("over_teaser": title, teaser, date); None when that row is no title."""
    step = 1 if mode == "below" else -1
    j = k + step
    skipped = 0
    while 0 <= j < len(rows):
        row = rows[j]
        if row.kind == "aside":
            j += step
            continue
        if row.kind == "title":
            return j
        if row.kind == "teaser" and mode == "over_teaser" and skipped < TEASER_MAX_LINES:
            skipped += 1
            j += step
            continue
        return None
    return None


def _teaser_rows(rows: Sequence[_Row], item: _Found) -> list[_Row]:
    """The teaser rows of an item: its lines other than title, date and asides."""
    return [rows[k] for k in range(item.first, item.end)
            if k not in (item.title, item.date) and rows[k].kind in ("title", "teaser")]


def _too_long(rows: Sequence[_Row], item: _Found) -> bool:
    """True when an item's "teaser" is longer than a teaser: the body of an article under its title."""
    teaser = _teaser_rows(rows, item)
    return len(teaser) > TEASER_MAX_LINES or sum(word_count(r.text) for r in teaser) > TEASER_MAX_WORDS


def _spans(rows: Sequence[_Row], heads: list[tuple[int, int | None]]) -> list[_Found]:
    """Items from (title row, date row) pairs in page order: each runs to the next item's first row;
    the last one only as far as the teasers of the others run (the rest of the page is not its teaser)."""
    firsts = [min(t, d) if d is not None else t for t, d in heads]
    found: list[_Found] = []
    longest = 0
    for n, (t, d) in enumerate(heads):
        head_end = max(t, d) + 1 if d is not None else t + 1
        if n + 1 < len(heads):
            end = firsts[n + 1]
        else:
            end = head_end
            taken = 0
            while end < len(rows) and rows[end].kind in ("teaser", "title", "aside"):
                if rows[end].kind != "aside":
                    if taken >= max(longest, 1 if longest or d is None else 0):
                        break
                    taken += 1
                end += 1
        # a day header between two items ends the first one's teaser
        end = next((k for k in range(head_end, end) if rows[k].kind == "day"), end)
        item = _Found(t, d, firsts[n], end)
        found.append(item)
        longest = max(longest, len(_teaser_rows(rows, item)))
    return found


def _shape(rows: Sequence[_Row], item: _Found) -> tuple[str, ...]:
    """The kinds of an item's rows in order, runs of teasers as one: its layout, to compare items."""
    kinds: list[str] = []
    for k in range(item.first, item.end):
        kind = "T" if k == item.title else "D" if k == item.date else rows[k].kind[0]
        if kind == "a" or (kinds and kind == kinds[-1] == "t"):
            continue
        kinds.append(kind)
    return tuple(kinds)


def _dated(rows: Sequence[_Row]) -> list[_Found]:
    """Items whose titles each have a date line next to them, in the layout that explains most dates."""
    date_rows = [k for k, row in enumerate(rows) if row.kind == "date"]
    glued = [k for k, row in enumerate(rows) if row.glued]
    if len(date_rows) < MIN_ITEMS and len(glued) < MIN_ITEMS:
        return []
    best: tuple[tuple[int, int, int], list[_Found]] | None = None
    for order, mode in enumerate(("above", "below", "over_teaser", "glued")):
        heads: list[tuple[int, int | None]] = []
        used: set[int] = set()
        for k in date_rows if mode != "glued" else []:
            t = _title_for(rows, k, mode)
            if t is not None and t not in used:
                used.add(t)
                heads.append((t, k))
        if mode == "glued":
            heads = [(k, None) for k in glued]
        heads.sort()
        items = _spans(rows, heads)
        long_items = [item for item in items if _too_long(rows, item)]
        if len(long_items) > 1:
            continue  # dated sections of a long text, not a list
        items = [item for item in items if item not in long_items]
        if len(items) < MIN_ITEMS:
            continue
        if mode == "below":  # each date line over its title: it may head a day's group of titles
            items = [part for item in items for part in _split_day_group(rows, item)]
        if mode == "over_teaser" and items[-1].date is not None:
            # the last item ends at its date line; what follows may be one more item, its date cut off
            last = items[-1]
            cut = _cut_last_item(rows, last.date + 1)
            if cut:
                items = [*items[:-1], _Found(last.title, last.date, last.first, last.date + 1), *cut]
        # evidence for a layout: the dates it explains, and the teasers that name their item's date
        agree = sum(_teaser_names_its_day(rows, item) for item in items)
        score = (len(items) + agree, -len({_shape(rows, item) for item in items}), -order)
        if best is None or score > best[0]:
            best = (score, items)
    return best[1] if best else []


def _split_day_group(rows: Sequence[_Row], item: _Found) -> list[_Found]:
    """An item under a date line that holds, past its teaser, another title over another teaser: the date
    line is a day's header and the second title an item of its own, undated (the page prints no date for
    it); [item] when there is none. "tirsdag 15.06 2021" / title / teaser / "Formannskapet" / "Tromsø skal
    bli karbonnøytral innen 2030" / "Formannskapet sa ja til …"."""
    starts = [k for k in range(item.title + 2, item.end - 1)
              if rows[k].kind == "title" and rows[k - 1].kind == "teaser" and rows[k + 1].kind == "teaser"]
    if not starts:
        return [item]
    bounds = [*starts, item.end]
    parts = [_Found(item.title, item.date, item.first, starts[0])]
    parts.extend(_Found(k, None, k, bounds[n + 1]) for n, k in enumerate(starts))
    return parts


def _cut_last_item(rows: Sequence[_Row], end: int) -> list[_Found]:
    """Where each item's date follows its teaser, a title and a teaser that end the page with no date
    after them are the last item, its date cut off by the page's end: [that item], else []."""
    rest = [k for k in range(end, len(rows)) if rows[k].kind != "aside"]
    if (len(rest) >= 2 and rows[rest[0]].kind == "title" and len(rest) - 1 <= TEASER_MAX_LINES
            and all(rows[k].kind == "teaser" for k in rest[1:])):
        return [_Found(rest[0], None, rest[0], len(rows))]
    return []


def _teaser_names_its_day(rows: Sequence[_Row], item: _Found) -> bool:
    """True when an item's teaser names the day and month of the date the layout gives it: the content's
    own evidence of which date line is the item's when a page prints them between items ("Tysdag 20.
    april er det registrert …" under a title, then "Publisert: 20.04.2021 | …")."""
    when = rows[item.date].when if item.date is not None else None
    if when is None:
        return False
    return any(int(m["d"]) == when.day and MONTHS.get(m["m"].casefold()) == when.month
               for row in _teaser_rows(rows, item) for m in DAY_MONTH_RE.finditer(row.text))


def _undated(rows: Sequence[_Row]) -> list[_Found]:
    """Items the page marks as items without a date line: a bulleted title over its teaser, a title with
    its teaser and a "Les mer" link, or titles under day headers ("I dag", "I går", "Mandag"). At least
    two items, none with a teaser longer than a teaser."""
    days = _day_sections(rows)
    heads: list[tuple[int, int | None]] = [(k, None) for k in range(len(rows)) if _marked_title(rows, k, days)]
    if len(heads) < MIN_ITEMS:
        return []
    items = _spans(rows, heads)
    return [] if any(_too_long(rows, item) for item in items) else items


def _marked_title(rows: Sequence[_Row], k: int, days: Sequence[bool]) -> bool:
    """True when row k is a title the page marks as a list item (a bullet, a read-more link, a day header);
    `days` says which rows stand in a day header's section."""
    if rows[k].kind != "title":
        return False
    following = next((j for j in range(k + 1, len(rows)) if rows[j].kind != "aside"), None)
    teaser_next = following is not None and rows[following].kind == "teaser" and not rows[following].bullet
    if teaser_next and (rows[k].bullet or _more_link_after(rows, following)):
        return True
    if teaser_next and k + 1 < len(rows) and rows[k + 1].label:
        return True  # the list's item label under it
    return days[k]


def _more_link_after(rows: Sequence[_Row], j: int) -> bool:
    """True when the teaser starting at row j ends with a read-more link ("Les mer", "Läs mer")."""
    for k in range(j, min(j + TEASER_MAX_LINES + 1, len(rows))):
        if rows[k].kind == "aside":
            return _is_chrome(rows[k].text)
        if rows[k].kind != "teaser":
            return False
    return False


def _day_sections(rows: Sequence[_Row]) -> list[bool]:
    """For each row, True when it stands under a day header with no date line between them (one pass)."""
    sections: list[bool] = []
    inside = False
    for row in rows:
        sections.append(inside)
        if row.kind == "day":
            inside = True
        elif row.kind == "date":
            inside = False
    return sections


def _teaser_page(rows: Sequence[_Row]) -> list[_Found]:
    """Items of a page that is nothing but titles, each over one teaser sentence that restates it
    ("17 parti stiller liste til fylkestingsvalet i Vestland" / "Ved utløpet av fristen … hadde 17 parti
    stilt liste til det første fylkestingsvalet for Vestland fylkeskommune."); a title line over the next
    title is the next item's photo caption. [] when any line does not fit, or for fewer than two items.

    The page's heading printed twice over the list is no item, and a caption sentence over a title that
    restates it ("Indenrigs- og boligminister Kaare Dybvad har givet syv kommuner lov til at sænke skatten
    …" over "Syv kommuner vil sænke skatten i 2022", NB-Økonomi, real3 356) is the item's own text: with
    such captions a page must hold CAPTIONED_MIN_ITEMS items.
    """
    kept = [k for k, row in enumerate(rows) if row.kind != "aside"]
    heads: list[tuple[int, int | None]] = []
    captions: list[int | None] = []
    n = 0
    if len(kept) > 2 and rows[kept[0]].kind == rows[kept[1]].kind == "title" and (
            rows[kept[0]].text == rows[kept[1]].text):
        n = 2  # the page's heading, printed twice
    while n < len(kept):
        caption = None
        kinds = [rows[kept[n + i]].kind for i in range(min(3, len(kept) - n))]
        if kinds == ["title", "title", "teaser"]:
            n += 1  # a caption over the next item's title
        elif kinds == ["teaser", "title", "teaser"] and _restates(rows[kept[n + 1]].text, rows[kept[n]].text):
            caption = kept[n]  # a caption sentence over the next item's title
            n += 1
        if n + 1 >= len(kept) or (rows[kept[n]].kind, rows[kept[n + 1]].kind) != ("title", "teaser"):
            return []
        if not _restates(rows[kept[n]].text, rows[kept[n + 1]].text):
            return []
        heads.append((kept[n], None))
        captions.append(caption)
        n += 2
    if len(heads) < MIN_ITEMS or (any(c is not None for c in captions) and len(heads) < CAPTIONED_MIN_ITEMS):
        return []
    items = _spans(rows, heads)
    # each caption opens its item: the item before it ends there
    for m, caption in enumerate(captions):
        if caption is not None:
            items[m] = _Found(items[m].title, None, caption, items[m].end)
            if m:
                items[m - 1] = _Found(items[m - 1].title, None, items[m - 1].first, caption)
    return items


def _restates(title: str, teaser: str) -> bool:
    """True when a teaser (or caption) of TEASER_MIN_WORDS to TEASER_PAGE_MAX_WORDS words, ending a sentence,
    shares a content word with the title it stands by: "Syv kommuner vil sænke skatten i 2022" / "Syv
    kommuner har fået tilskud til at sætte skatten ned i 2022." -> True."""
    return (ends_sentence(teaser) and TEASER_MIN_WORDS <= word_count(teaser) <= TEASER_PAGE_MAX_WORDS
            and bool(_content_words(title) & _content_words(teaser)))


def _content_words(text: str) -> set[str]:
    """Words of four letters or more, cut to their first six letters (a crude stem), folded:
    "fylkestingsvalet i Vestland" -> {"fylkes", "vestla"}."""
    return {word.casefold()[:STEM_LETTERS] for word in WORD_RE.findall(text) if len(word) >= 4}


def _day_of(rows: Sequence[_Row], item: _Found) -> datetime | None:
    """The date of the nearest day header above an item, else None."""
    for k in range(item.first - 1, -1, -1):
        if rows[k].kind == "day":
            return rows[k].when
    return None


def _published(rows: Sequence[_Row], item: _Found) -> datetime | None:
    """An item's date: its date line's, else its time on the day of the header above it."""
    date = rows[item.date] if item.date is not None else None
    if date is not None and date.when is not None:
        return date.when
    if rows[item.title].when is not None:
        return rows[item.title].when
    day = _day_of(rows, item)
    if day is None:
        return None
    clock = date.clock if date is not None else rows[item.title].clock
    if clock is not None:
        return day.replace(hour=clock[0], minute=clock[1])
    return day


def listed_items(lines: Sequence[str], reference: datetime | None = None) -> list[ListedItem]:
    """The items of a list of news items or releases in a page's lines, in page order ([] for no list).

    Args:
        lines: the page's lines (blank lines allowed), e.g. ["Aktuelt fra KS", "", "Kommunene venter
            høyere pensjonskostnader", "12. mai 2022", "Nye beregninger viser at …", "", "Ny veileder
            om innbyggerinvolvering", "3. mai 2022", "KS har laget en veileder …"].
        reference: when the page was fetched: "I dag", "I går" and "for 3 timer siden" count back from it.

    Returns:
        ListedItem per item: title (a bullet stripped), published_at (its date line, or its day header's
        day), release_type (a type printed with the date, "Pressemelding"), teaser lines, and the span of
        lines it covers. A page of prose, or one dated title, gives [].
    """
    rows = _rows(lines, reference)
    dated, marked = _dated(rows), _undated(rows)
    found = (dated if len(dated) >= len(marked) else marked) or _teaser_page(rows)
    items: list[ListedItem] = []
    for item in found:
        date = rows[item.date] if item.date is not None else None
        end_line = rows[item.end - 1].index + 1 if item.end > item.first else rows[item.first].index + 1
        items.append(ListedItem(
            title=rows[item.title].text,
            published_at=_published(rows, item),
            release_type=date.release_type if date is not None else None,
            teaser=tuple(row.text for row in _teaser_rows(rows, item)),
            first_line=rows[item.first].index,
            end_line=end_line,
        ))
    return items


def lines_outside(lines: Sequence[str], items: Sequence[ListedItem]) -> list[str]:
    """The lines with every listed item's span blanked: what remains is the page's own text.

    lines_outside(["Nyheter", "Tittel", "12. mai 2022"], [item spanning lines 1-2]) -> ["Nyheter", "", ""].
    """
    out = list(lines)
    for item in items:
        for k in range(item.first_line, item.end_line):
            out[k] = ""
    return out
