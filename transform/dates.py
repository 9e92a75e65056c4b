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
# "2024-03-04", "2024-10-15T10:02:00+02:00", "2024-10-15 10:02:00Z"
ISO_RE = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
# "24.03.2021", "16.5.2022 14:19:32 CEST", "24.03.2021 kl. 12.30"
NUMERIC_RE = re.compile(
    r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?![\d])"
    r"(?:,?\s+" + _TIME + r")?"
    r"(?:\s*(?P<tz>" + _ZONE_ALT + r")\b)?"
)
# "4. mars 2024", "4 mars 2024", "4. okt. 2024 kl. 10.00", "4 March 2024"
WORDED_RE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\.?\s+(?P<mon>" + _MONTH_ALT + r")\.?,?\s+(?P<y>\d{4})(?!\d)"
    r"(?:,?\s+" + _TIME + r")?"
    r"(?:\s*(?P<tz>" + _ZONE_ALT + r")\b)?",
    re.IGNORECASE,
)
# "March 4, 2024"
WORDED_US_RE = re.compile(
    r"\b(?P<mon>" + _MONTH_ALT + r")\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})(?!\d)",
    re.IGNORECASE,
)
OFFSET_RE = re.compile(r"^(?P<sign>[+-])(?P<hh>\d{2}):?(?P<mm>\d{2})$")


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
        return None, parts[0]
    return " | ".join(parts[:-1]), parts[-1]


def parse_dateline(line: str) -> tuple[datetime, str | None, str | None] | None:
    """An NTB dateline -> (aware datetime, publisher or None, release type or None), else None.

    Args:
        line: one line holding only a dateline, e.g. "14.10.2021 11:30:11 CEST | KS | Pressemelding".

    Returns:
        parse_dateline("14.10.2021 11:30:11 CEST | KS | Pressemelding")
        -> (datetime(2021, 10, 14, 11, 30, 11, tzinfo=+02:00), "KS", "Pressemelding");
        "16.5.2022 14:19:32 CEST | Pressemelding" -> (…, None, "Pressemelding");
        None for anything that is not a dateline (a sentence, an invalid date).
    """
    if not line or len(line) > 300:
        return None
    match = DATELINE_RE.match(line.strip())
    if not match:
        return None
    when = _build(match["y"], match["m"], match["d"], match["H"], match["M"], match["S"], match["tz"])
    if when is None:
        return None
    publisher, release_type = _split_pipes(match["rest"] or "")
    return when, publisher, release_type


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
    for regex in (ISO_RE, NUMERIC_RE, WORDED_RE, WORDED_US_RE):
        for match in regex.finditer(text):
            parts = match.groupdict()
            month: str | int | None = parts.get("m")
            if month is None:
                month = MONTHS.get(parts["mon"].lower())
                if month is None:
                    continue
            when = _build(parts["y"], month, parts["d"], parts.get("H"), parts.get("M"),
                          parts.get("S"), parts.get("tz"))
            if when is not None:
                candidates.append((match.start(), when))
                break
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])[1]
