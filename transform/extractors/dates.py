"""Dates as press rooms print them -> timezone-aware datetimes.

Pure functions over strings. Handles the NTB Kommunikasjon dateline
("14.10.2021 11:30:11 CEST | KS | Pressemelding"), the same dateline glued to a listed title
("...etterlyses!16.5.2022 14:19:32 CEST | Pressemelding"), ks.no meta lines ("Publisert: 24.03.2021"),
worded dates in Norwegian, Swedish, Danish and English ("4. mars 2024", "4 March 2024") and ISO 8601.
A printed zone wins (CEST = +02:00, CET = +01:00); without one the wall time is read in Europe/Oslo,
so a plain date is midnight Oslo time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")

# Printed zone abbreviations; NTB prints CET/CEST, a few feeds UTC/GMT.
ZONES: dict[str, tzinfo] = {
    "CEST": timezone(timedelta(hours=2)),
    "CET": timezone(timedelta(hours=1)),
    "MESZ": timezone(timedelta(hours=2)),
    "MEZ": timezone(timedelta(hours=1)),
    "UTC": UTC,
    "GMT": UTC,
    "Z": UTC,
}

MONTHS: dict[str, int] = {
    # Norwegian (bokmål/nynorsk) and Danish
    "januar": 1, "februar": 2, "mars": 3, "marts": 3, "april": 4, "mai": 5, "maj": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
    "december": 12,
    # Swedish
    "januari": 1, "februari": 2, "augusti": 8,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10,
    # abbreviations ("4. okt. 2024", "12 Dec 2023")
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "oct": 10, "nov": 11, "des": 12, "dec": 12,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_ZONE_ALT = "|".join(sorted(ZONES, key=len, reverse=True))

# "11:30:11", "kl. 14.30", "14:19"
_TIME = r"(?:kl\.?\s*)?(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?"

# The NTB dateline on its own line: "14.10.2021 11:30:11 CEST | KS | Pressemelding".
DATELINE_RE = re.compile(
    r"^\s*(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\s+" + _TIME
    + r"(?:\s*(?P<tz>" + _ZONE_ALT + r")\b)?"
    r"\s*(?P<rest>(?:\|[^|\n]*)*)$"
)
# The same dateline glued to the end of a listed title:
# "Kollektivsatsing etterlyses!16.5.2022 14:19:32 CEST | Pressemelding". The day is read
# from the digits glued before the first dot (see `_split_glued_day`).
GLUED_DATELINE_RE = re.compile(
    r"(?P<digits>\d+)\.(?P<m>\d{1,2})\.(?P<y>\d{4})\s+" + _TIME
    + r"(?:\s*(?P<tz>" + _ZONE_ALT + r")\b)?"
    r"\s*(?P<rest>(?:\|[^|\n]*)+)$"
)
# "2024-03-04", "2024-10-15T10:02:00+02:00", "2024-10-15 10:02:00Z", Swedish "2024-03-14 kl. 10:15"
ISO_RE = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:(?:[T ]|,?\s+kl\.?\s*)(?P<H>\d{2})[:.](?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
# "24.03.2021", "16.5.2022 14:19:32 CEST", "24.03.2021 kl. 12.30"; Danish pages also print the day
# first with hyphens ("Udgivet 03-04-2024") or slashes ("25/04/2024"), or with a space after each dot
# ("25. 04. 2024 - kl. 13:38", Danske Kommuner): one separator, the same twice. A dash before the time
# only with "kl." after it, so a range "24.03.2021 - 25.03.2021" is two dates, not a date at 25:03.
NUMERIC_RE = re.compile(
    r"(?<![\d./-])(?P<d>\d{1,2})(?P<sep>\.\x20?|[-/])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d])"
    r"(?:(?:,?\s+|\s+[-–]\s+(?=kl\b))" + _TIME + r")?"
    r"(?:\s*(?P<tz>" + _ZONE_ALT + r")\b)?"
)
# "4. mars 2024", "4 mars 2024", "4.mars 2024", "4. okt. 2024 kl. 10.00", "4 March 2024"
WORDED_RE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})(?:\.\s*|\s+)(?P<mon>" + _MONTH_ALT + r")\.?,?\s+(?P<y>\d{4})(?!\d)"
    r"(?:,?\s+" + _TIME + r")?"
    r"(?:\s*(?P<tz>" + _ZONE_ALT + r")\b)?",
    re.IGNORECASE,
)
# "March 4, 2024", "apr 12, 2016 15:00 CEST" (Mynewsdesk)
WORDED_US_RE = re.compile(
    r"\b(?P<mon>" + _MONTH_ALT + r")\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})(?!\d)"
    r"(?:,?\s+" + _TIME + r")?"
    r"(?:\s*(?P<tz>" + _ZONE_ALT + r")\b)?",
    re.IGNORECASE,
)
# The patterns a printed date is tried with, in this order (parse_date, impossible_date).
DATE_PATTERNS = (ISO_RE, NUMERIC_RE, WORDED_RE, WORDED_US_RE)
# Days back from the fetch day for a dateline printed relative to it: "I dag 10:15", "i går 14:00".
# Keys are the words casefolded with spaces removed.
RELATIVE_DAYS: dict[str, int] = {
    "idag": 0, "today": 0, "igår": 1, "igar": 1, "yesterday": 1, "iforgårs": 2, "iförrgår": 2,
}
# "I dag 10:15 | KS | Pressemelding", "i går 14:00", "Idag kl. 09.30 | Pressmeddelande"
RELATIVE_DATELINE_RE = re.compile(
    r"^\s*(?P<rel>i\s*dag|i\s*g[åa]r|i\s*forgårs|i\s*förrgår|today|yesterday)\b,?\s*" + _TIME
    + r"(?:\s*(?P<tz>" + _ZONE_ALT + r")\b)?"
    r"\s*(?P<rest>(?:\|[^|\n]*)*)$",
    re.IGNORECASE,
)
# A label and a date separated by a bullet or a bar (Mynewsdesk, government pages, many CMSs):
# "Pressemelding • 12.03.2024 10:15 CET", "Pressemelding   •   apr 12, 2016 15:00 CEST", "12.03.2024 · Nyhet",
# "Pressemelding | Dato: 12.03.2024 | Nr: 45/2024".
BULLET_SPLIT_RE = re.compile(r"\s*[•·|]\s*")
# "Nr: 45/2024" in a government dateline "Pressemelding | Dato: 12.03.2024 | Nr: 45/2024": not a date.
NUMBER_PART_RE = re.compile(r"^(?:Nr|Nummer)\.?\s*:?\s*\d[\w/.-]*$", re.IGNORECASE)
# A byline part of a news dateline: "Av Kari Nordmann, NTB | Publisert 12.10.2023 10:15".
BYLINE_PART_RE = re.compile(r"^(?:Av|Af|By|Tekst|Text)\s+[^\W\d_]", re.IGNORECASE)
# A label part; a coordinated name is one ("Justis- og beredskapsdepartementet").
LABEL_RE = re.compile(r"^[^\W\d_][^\W\d_’'-]*-?(?:[ -][^\W\d_][^\W\d_’'-]*){0,3}$")
# Type words printed before the date of a government list ("Pressemelding | 12.10.2023 | <department>").
TYPE_FIRST_WORDS = frozenset({"pressemelding", "presseinvitasjon", "pressmeddelande", "pressemeddelelse"})
# Dates before this year are placeholders (0001-01-01, the 1899-12-30 and 1970-01-01 epochs), not
# publication dates of a web page.
MIN_PLAUSIBLE_YEAR = 1971
# Dates after this year are typos or epochs in the wrong unit (2099, 2361), not embargoed releases. A
# fixed year, not one counted from the run time: a fresh build next year keeps the same dates. A date
# ahead of the read time but before this year is kept as printed (an embargo) and warned about.
MAX_PLAUSIBLE_YEAR = 2050
# A date-only value read as Oslo midnight, and clock skew, may be this far after the read time.
FUTURE_SLACK = timedelta(days=1)
OFFSET_RE = re.compile(r"^(?P<sign>[+-])(?P<hh>\d{2}):?(?P<mm>\d{2})$")


@dataclass(frozen=True, slots=True)
class Dateline:
    """A line that is a dateline: when (None when it prints an impossible date or a relative day with
    no fetch time to resolve it), publisher and release type as printed, and the problem if any."""

    published_at: datetime | None
    publisher: str | None
    release_type: str | None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class GluedDateline:
    """A dateline found at the end of a line, with the text printed before it."""

    before: str
    published_at: datetime
    publisher: str | None
    release_type: str | None


def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    upper = name.upper()
    if upper in ZONES:
        return ZONES[upper]
    match = OFFSET_RE.match(name)
    if not match:
        return None
    delta = timedelta(hours=int(match["hh"]), minutes=int(match["mm"]))
    return timezone(-delta if match["sign"] == "-" else delta)


def _build(y: str, m: str | int, d: str, hh: str | None = None, mm: str | None = None,
           ss: str | None = None, tz: str | None = None) -> datetime | None:
    """An aware datetime from printed parts, or None when they are not a real date and time."""
    try:
        naive = datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except (ValueError, OverflowError):
        return None
    zone = _zone(tz)
    if zone is not None:
        return naive.replace(tzinfo=zone)
    # No printed zone: Oslo wall time; zoneinfo picks CET or CEST for that date.
    return naive.replace(tzinfo=OSLO)


def _split_pipes(rest: str) -> tuple[str | None, str | None]:
    """'| KS | Pressemelding' -> ('KS', 'Pressemelding'); '| Pressemelding' -> (None, 'Pressemelding')."""
    parts = [p.strip() for p in rest.split("|")[1:]]
    parts = [p for p in parts if p]
    if not parts:
        return None, None
    if len(parts) == 1:
        # "14.10.2021 11:30 | KS": an acronym alone is the publisher, not a release type
        return (parts[0], None) if parts[0].isupper() else (None, parts[0])
    return " | ".join(parts[:-1]), parts[-1]


def read_dateline(line: str, reference: datetime | None = None) -> Dateline | None:
    """A line that is a dateline in any form pressrooms print -> Dateline, else None.

    Args:
        line: one line, e.g. "14.10.2021 11:30:11 CEST | KS | Pressemelding",
            "I dag 10:15 | KS | Pressemelding", "Pressemelding • 12.03.2024 10:15 CET".
        reference: when the page was fetched; relative days ("i dag", "i går") count back from its
            Oslo date.

    Returns:
        Dateline(published_at, publisher, release_type, problem). A dateline printing an impossible
        date ("29.2.2023 10:00 | KS | Pressemelding", hour 24) is still a dateline (not body text):
        published_at None and `problem` saying what is wrong. None for any other line.
    """
    if not line or len(line) > 300:
        return None
    stripped = line.strip()
    match = DATELINE_RE.match(stripped)
    if match:
        publisher, release_type = _split_pipes(match["rest"] or "")
        when = _build(match["y"], match["m"], match["d"], match["H"], match["M"], match["S"], match["tz"])
        problem = None if when is not None else f"impossible date {_printed(match)!r}"
        return Dateline(when, publisher, release_type, problem)
    match = RELATIVE_DATELINE_RE.match(stripped)
    if match:
        publisher, release_type = _split_pipes(match["rest"] or "")
        days = RELATIVE_DAYS[re.sub(r"\s+", "", match["rel"].casefold())]
        if reference is None or reference.tzinfo is None:
            return Dateline(None, publisher, release_type, f"relative date {match['rel']!r} without a fetch time")
        day = (reference.astimezone(OSLO) - timedelta(days=days)).date()
        when = _build(str(day.year), day.month, str(day.day), match["H"], match["M"], match["S"], match["tz"])
        problem = None if when is not None else f"impossible time in {stripped!r}"
        return Dateline(when, publisher, release_type, problem)
    return _bullet_dateline(stripped)


def _printed(match: re.Match[str]) -> str:
    """The date and time as printed in a dateline match ("29.2.2023 10:00:00")."""
    text = match.group(0)
    return text.split("|", 1)[0].strip()


def _bullet_dateline(line: str) -> Dateline | None:
    """"Pressemelding • 12.03.2024 10:15 CET" -> Dateline; labels before the type are the publisher."""
    if "•" not in line and "·" not in line and "|" not in line:
        return None
    parts = [p for p in BULLET_SPLIT_RE.split(line) if p and not NUMBER_PART_RE.match(p)]
    # "Av Kari Nordmann · 12. oktober 2023": a byline is neither publisher nor type
    bylined = [p for p in parts if not BYLINE_PART_RE.match(p)]
    if len(parts) < 2 or not bylined:
        return None
    parts = bylined
    dated = [p for p in parts if any(ch.isdigit() for ch in p)]
    labels = [p for p in parts if p not in dated]
    if len(dated) != 1 or not all(LABEL_RE.match(p) for p in labels) or len(dated[0]) > 45:
        return None
    when = parse_date(dated[0])
    problem = None
    if when is None:
        problem = impossible_date(dated[0])
        if problem is None:
            return None
        problem = f"impossible date {problem!r}"
    # "NTB | 12.10.2023 10:15": an acronym is a publisher, not a release type
    typed = [p for p in labels if not p.isupper()]
    release_type = typed[-1] if typed else None
    if typed and typed[0].casefold() in TYPE_FIRST_WORDS and parts.index(typed[0]) < parts.index(dated[0]):
        release_type = typed[0]  # "Pressemelding | 12.10.2023 | Justis- og beredskapsdepartementet"
    publisher = " | ".join(p for p in labels if p is not release_type) or None
    return Dateline(when, publisher, release_type, problem)


def impossible_date(text: str) -> str | None:
    """The first date printed in `text` that is no real date or time ("29.2.2023", "24:00:00"), else None.

    impossible_date("Publisert: 29.2.2023") -> "29.2.2023"; impossible_date("4. mars 2024") -> None.
    """
    if not text:
        return None
    for regex in DATE_PATTERNS:
        for match, when in _dated_matches(regex, text[:2000]):
            if when is None:
                return match.group(0).strip()
    return None


def _dated_matches(regex: re.Pattern[str], text: str) -> Iterator[tuple[re.Match[str], datetime | None]]:
    """Each date `regex` finds in `text` with a known month, and its datetime (None: no real date).

    _dated_matches(NUMERIC_RE, "fra 29.2.2023 til 1.3.2023") yields (…"29.2.2023", None), then
    (…"1.3.2023", datetime(2023, 3, 1, tzinfo=Europe/Oslo)).
    """
    for match in regex.finditer(text):
        parts = match.groupdict()
        month: str | int | None = parts.get("m")
        if month is None:
            month = MONTHS.get(parts["mon"].lower())
            if month is None:
                continue
        yield match, _build(parts["y"], month, parts["d"], parts.get("H"), parts.get("M"), parts.get("S"),
                            parts.get("tz"))


def implausible(when: datetime | None) -> str | None:
    """Why a publication date cannot be right, or None when it can (then it is kept as printed).

    Before 1971 (placeholders such as 0001-01-01 or 1899-12-30) or after MAX_PLAUSIBLE_YEAR (typos,
    epochs in the wrong unit): implausible(datetime(2099, 1, 1, tzinfo=UTC)) -> "2099-01-01 is after
    2050, the last plausible year"; implausible(datetime(2031, 3, 3, 9, tzinfo=CET)) -> None.
    """
    if when is None:
        return None
    if when.year < MIN_PLAUSIBLE_YEAR:
        return f"{when.date().isoformat()} is before {MIN_PLAUSIBLE_YEAR}"
    if when.year > MAX_PLAUSIBLE_YEAR:
        return f"{when.date().isoformat()} is after {MAX_PLAUSIBLE_YEAR}, the last plausible year"
    return None


def ahead_of(when: datetime | None, reference: datetime | None) -> bool:
    """True when `when` lies more than a day (FUTURE_SLACK) after `reference`, both aware.

    ahead_of(datetime(2031, 3, 3, 9, tzinfo=CET), datetime(2026, 12, 6, tzinfo=UTC)) -> True: an
    embargoed release, or a misprint; either way it is kept as printed and warned about.
    """
    if when is None or reference is None or when.tzinfo is None or reference.tzinfo is None:
        return False
    return when > reference + FUTURE_SLACK


def line_printing(text: str, when: datetime) -> tuple[int, str] | None:
    """The first line of `text` whose dateline or printed date reads as `when`: (1-based number, line).

    line_printing("Tittel\n3.3.2031 09:00:00 CET | Pressemelding\nBrødtekst", datetime(2031, 3, 3, 9,
    tzinfo=CET)) -> (2, "3.3.2031 09:00:00 CET | Pressemelding"). None when no line prints it.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if str(when.year) not in line:
            continue
        dateline = read_dateline(line)
        found = dateline.published_at if dateline is not None else parse_date(line)
        if found is not None and found == when:
            return number, line.strip()
    return None


def parse_dateline(line: str, reference: datetime | None = None) -> tuple[datetime, str | None, str | None] | None:
    """An NTB dateline -> (aware datetime, publisher or None, release type or None), else None.

    Args:
        line: one line holding only a dateline, e.g. "14.10.2021 11:30:11 CEST | KS | Pressemelding".

    Returns:
        parse_dateline("14.10.2021 11:30:11 CEST | KS | Pressemelding")
        -> (datetime(2021, 10, 14, 11, 30, 11, tzinfo=+02:00), "KS", "Pressemelding");
        "16.5.2022 14:19:32 CEST | Pressemelding" -> (…, None, "Pressemelding");
        None for anything that is not a dateline (a sentence, an invalid date).
    """
    dateline = read_dateline(line, reference)
    if dateline is None or dateline.published_at is None:
        return None
    return dateline.published_at, dateline.publisher, dateline.release_type


def _split_glued_day(digits: str) -> tuple[str, str] | None:
    """Digits glued before a date's first dot -> (title's trailing digits, day).

    NTB prints the day without a leading zero, and titles that end in a number usually end in a
    year: "…kommuneproposisjonen 202311" -> ("2023", "11"), "…i 20245" -> ("2024", "5").
    """
    if len(digits) <= 2:
        return ("", digits) if 1 <= int(digits) <= 31 else None
    if len(digits) == 5:  # a year glued to a one-digit day
        return digits[:4], digits[4:]
    two, one = digits[-2:], digits[-1:]
    if two[0] != "0" and 1 <= int(two) <= 31:
        return digits[:-2], two
    if one != "0":
        return digits[:-1], one
    return None


def find_glued_dateline(line: str) -> GluedDateline | None:
    """A dateline at the end of a line, with the text before it, or None.

    find_glued_dateline("- Oppsiktsvekkende løftebrudd12.5.2022 10:57:40 CEST | Pressemelding")
    -> GluedDateline(before="- Oppsiktsvekkende løftebrudd", published_at=2022-05-12 10:57:40+02:00,
    publisher=None, release_type="Pressemelding"). A line that is only a dateline gives before="".
    """
    if not line or len(line) > 1000 or "|" not in line:
        return None
    match = GLUED_DATELINE_RE.search(line)
    if not match:
        return None
    split = _split_glued_day(match["digits"])
    if split is None:
        return None
    head_digits, day = split
    when = _build(match["y"], match["m"], day, match["H"], match["M"], match["S"], match["tz"])
    if when is None:
        return None
    publisher, release_type = _split_pipes(match["rest"])
    before = line[: match.start()] + head_digits
    return GluedDateline(before=before, published_at=when, publisher=publisher,
                         release_type=release_type)


def parse_date(text: str) -> datetime | None:
    """The first date (with time and zone when printed) in a short text -> aware datetime, else None.

    Args:
        text: a meta line such as "Publisert: 24.03.2021", "4. mars 2024", "2024-03-04" or
            "16.5.2022 14:19:32 CEST".

    Returns:
        parse_date("Publisert: 24.03.2021") -> datetime(2021, 3, 24, 0, 0, tzinfo=Europe/Oslo);
        parse_date("16.5.2022 14:19:32 CEST") -> datetime(2022, 5, 16, 14, 19, 32, tzinfo=+02:00);
        None when no valid date with a year is printed ("26. april fra kl. 15", "32.13.2021").
    """
    if not text:
        return None
    text = text[:2000]
    candidates: list[tuple[int, datetime]] = []
    for regex in DATE_PATTERNS:
        # each pattern's first real date; the one printed first of those wins
        first = next(((match.start(), when) for match, when in _dated_matches(regex, text) if when is not None),
                     None)
        if first is not None:
            candidates.append(first)
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])[1]
