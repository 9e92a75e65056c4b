"""Datelines and printed dates -> aware datetimes (transform/extractors/dates.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transform.extractors.dates import (
    ahead_of,
    find_glued_dateline,
    implausible,
    impossible_date,
    line_printing,
    parse_date,
    parse_dateline,
    read_dateline,
)

OSLO = ZoneInfo("Europe/Oslo")
CEST = timezone(timedelta(hours=2))
CET = timezone(timedelta(hours=1))

DATELINES = [
    # (line, ISO instant, publisher, release type)
    ("14.10.2021 11:30:11 CEST | KS | Pressemelding", "2021-10-14T11:30:11+02:00", "KS", "Pressemelding"),
    ("16.5.2022 14:19:32 CEST | Pressemelding", "2022-05-16T14:19:32+02:00", None, "Pressemelding"),
    ("5.12.2025 14:20:54 CET | Pressemelding", "2025-12-05T14:20:54+01:00", None, "Pressemelding"),
    ("11.5.2022 10:41:03 CEST | Presseinvitasjon", "2022-05-11T10:41:03+02:00", None, "Presseinvitasjon"),
    ("25.4.2022 10:50:09 CEST | Aktuelt", "2022-04-25T10:50:09+02:00", None, "Aktuelt"),
    # the last Sunday of March and of October: the printed zone decides, not the calendar
    ("27.3.2022 01:30:00 CET | KS | Pressemelding", "2022-03-27T01:30:00+01:00", "KS", "Pressemelding"),
    ("27.3.2022 03:30:00 CEST | KS | Pressemelding", "2022-03-27T03:30:00+02:00", "KS", "Pressemelding"),
    ("30.10.2022 02:30:00 CEST | KS | Nyhet", "2022-10-30T02:30:00+02:00", "KS", "Nyhet"),
    ("30.10.2022 02:30:00 CET | KS | Nyhet", "2022-10-30T02:30:00+01:00", "KS", "Nyhet"),
    ("  3.1.2024 09:00 CET | SKR | Pressmeddelande  ", "2024-01-03T09:00:00+01:00", "SKR", "Pressmeddelande"),
    ("3.1.2024 09:00:00 CET", "2024-01-03T09:00:00+01:00", None, None),
    # no zone printed: Oslo wall time (summer -> +02:00, winter -> +01:00)
    ("15.6.2023 12:00 | KL | Pressemeddelelse", "2023-06-15T12:00:00+02:00", "KL", "Pressemeddelelse"),
    ("15.1.2023 12:00 | KL | Pressemeddelelse", "2023-01-15T12:00:00+01:00", "KL", "Pressemeddelelse"),
]


@pytest.mark.parametrize(("line", "instant", "publisher", "release_type"), DATELINES)
def test_parse_dateline(line: str, instant: str, publisher: str | None, release_type: str | None) -> None:
    parsed = parse_dateline(line)
    assert parsed is not None
    when, got_publisher, got_type = parsed
    assert when.tzinfo is not None
    assert when == datetime.fromisoformat(instant)
    assert when.utcoffset() == datetime.fromisoformat(instant).utcoffset()
    assert (got_publisher, got_type) == (publisher, release_type)


@pytest.mark.parametrize("line", [
    "Hovedstyret i KS vedtok i dag å gi mer enn en million kroner.",
    "32.5.2022 10:00:00 CEST | Pressemelding",  # no 32nd
    "29.2.2023 10:00:00 CET | Pressemelding",  # 2023 is no leap year
    "16.5.2022 25:19:32 CEST | Pressemelding",  # no hour 25
    "Uttalelse: Kollektivsatsing etterlyses!16.5.2022 14:19:32 CEST | Pressemelding",  # glued, not alone
    "",
    "| KS | Pressemelding",
])
def test_parse_dateline_rejects(line: str) -> None:
    assert parse_dateline(line) is None


GLUED = [
    # (line, title before the dateline, ISO instant, release type)
    ("Uttalelse fra fylkesordførerkollegiet i KS om revidert nasjonalbudsjett: Kollektivsatsing "
     "etterlyses!16.5.2022 14:19:32 CEST | Pressemelding",
     "Uttalelse fra fylkesordførerkollegiet i KS om revidert nasjonalbudsjett: Kollektivsatsing etterlyses!",
     "2022-05-16T14:19:32+02:00", "Pressemelding"),
    ("- Oppsiktsvekkende løftebrudd12.5.2022 10:57:40 CEST | Pressemelding",
     "- Oppsiktsvekkende løftebrudd", "2022-05-12T10:57:40+02:00", "Pressemelding"),
    # a title ending in a year glued to a two-digit day
    ("Priv.til red.: Velkommen til gjennomgang av RNB 2022 og kommuneproposisjonen 202311.5.2022 "
     "10:41:03 CEST | Presseinvitasjon",
     "Priv.til red.: Velkommen til gjennomgang av RNB 2022 og kommuneproposisjonen 2023",
     "2022-05-11T10:41:03+02:00", "Presseinvitasjon"),
    # … and to a one-digit day
    ("Statsbudsjettet 20254.12.2024 07:30:00 CET | Pressemelding", "Statsbudsjettet 2025",
     "2024-12-04T07:30:00+01:00", "Pressemelding"),
    ("Gunn Marit Helgesen gjenvalgt som president i CEMR5.12.2025 14:20:54 CET | Pressemelding",
     "Gunn Marit Helgesen gjenvalgt som president i CEMR", "2025-12-05T14:20:54+01:00", "Pressemelding"),
]


@pytest.mark.parametrize(("line", "before", "instant", "release_type"), GLUED)
def test_find_glued_dateline(line: str, before: str, instant: str, release_type: str) -> None:
    glued = find_glued_dateline(line)
    assert glued is not None
    assert glued.before == before
    assert glued.published_at == datetime.fromisoformat(instant)
    assert glued.release_type == release_type


@pytest.mark.parametrize("line", [
    "Det blir debatt 26. april fra kl. 15.",
    "Regjeringen ber nå kommunene bosette 37.000 flyktninger i 2024.",
    "Kutt preger kommune-budsjettene",
])
def test_find_glued_dateline_none(line: str) -> None:
    assert find_glued_dateline(line) is None


DATES = [
    # (text, ISO instant) — a plain date is midnight Europe/Oslo
    ("Publisert: 24.03.2021", "2021-03-24T00:00:00+01:00"),
    ("Publisert 24.3.2021", "2021-03-24T00:00:00+01:00"),
    ("Oppdatert: 02.07.2023", "2023-07-02T00:00:00+02:00"),
    ("4. mars 2024", "2024-03-04T00:00:00+01:00"),
    ("4 mars 2024", "2024-03-04T00:00:00+01:00"),
    ("Publisert 17. september 2025 kl. 10.15", "2025-09-17T10:15:00+02:00"),
    ("1. desember 2023", "2023-12-01T00:00:00+01:00"),
    ("12. mai 2022", "2022-05-12T00:00:00+02:00"),
    ("3. okt. 2024", "2024-10-03T00:00:00+02:00"),
    ("12 augusti 2024", "2024-08-12T00:00:00+02:00"),  # Swedish
    ("5. marts 2024", "2024-03-05T00:00:00+01:00"),  # Danish
    ("4 March 2024", "2024-03-04T00:00:00+01:00"),
    ("March 4, 2024", "2024-03-04T00:00:00+01:00"),
    ("2024-03-04", "2024-03-04T00:00:00+01:00"),
    ("2024-10-15T10:02:00+02:00", "2024-10-15T10:02:00+02:00"),
    ("2024-10-15T08:02:00Z", "2024-10-15T08:02:00+00:00"),
    ("2024-07-01 12:00", "2024-07-01T12:00:00+02:00"),
    ("16.5.2022 14:19:32 CEST", "2022-05-16T14:19:32+02:00"),
    ("5.12.2025 14:20:54 CET", "2025-12-05T14:20:54+01:00"),
    ("24.03.2021 kl. 12.30", "2021-03-24T12:30:00+01:00"),
    # DST edges without a printed zone: Oslo rules pick the offset
    ("30.3.2024 12:00", "2024-03-30T12:00:00+01:00"),
    ("31.3.2024 12:00", "2024-03-31T12:00:00+02:00"),
    ("26.10.2024 12:00", "2024-10-26T12:00:00+02:00"),
    ("27.10.2024 12:00", "2024-10-27T12:00:00+01:00"),
    ("29. februar 2024", "2024-02-29T00:00:00+01:00"),
    ("apr 12, 2016 15:00 CEST", "2016-04-12T15:00:00+02:00"),  # Mynewsdesk (data/real 049)
    ("Publicerad 17 oktober 2023", "2023-10-17T00:00:00+02:00"),  # SKR (data/real 055)
    ("31. august 2017", "2017-08-31T00:00:00+02:00"),  # KL (data/real 057)
    # invented rows for one rule: Danish day-first dates with hyphens
    ("Udgivet 03-04-2024", "2024-04-03T00:00:00+02:00"),
    ("Opdateret 3-4-2024 kl. 14:30", "2024-04-03T14:30:00+02:00"),
    # invented rows for one rule: Swedish ISO date with "kl." before the time (the time was lost)
    ("Publicerad 2024-03-14 kl. 10:15", "2024-03-14T10:15:00+01:00"),
    ("Publicerad 2024-03-14, kl 10.15", "2024-03-14T10:15:00+01:00"),
    # day-first numeric dates with a space after each dot, and a dash before "kl." (real3 357)
    ("25. 04. 2024 - kl. 13:38", "2024-04-25T13:38:00+02:00"),
    ("25.04.2024 – kl. 10.15", "2024-04-25T10:15:00+02:00"),
    # the Nordic printed forms of one day
    ("25/04/2024", "2024-04-25T00:00:00+02:00"),
    ("Udgivet 25/4/2024 kl. 10:15", "2024-04-25T10:15:00+02:00"),
    ("tisdag 25 april 2024", "2024-04-25T00:00:00+02:00"),
    ("torsdag 25. april 2024 kl. 10.15", "2024-04-25T10:15:00+02:00"),
    ("25.april 2024", "2024-04-25T00:00:00+02:00"),
    ("25. apr. 2024", "2024-04-25T00:00:00+02:00"),
    ("Onsdag 15 augusti 2018", "2018-08-15T00:00:00+02:00"),  # real3 349
    # a range: two dates, never the first at "25:03"
    ("24.03.2021 - 25.03.2021", "2021-03-24T00:00:00+01:00"),
]


@pytest.mark.parametrize(("text", "instant"), DATES)
def test_parse_date(text: str, instant: str) -> None:
    when = parse_date(text)
    assert when is not None and when.tzinfo is not None
    assert when == datetime.fromisoformat(instant)
    assert when.utcoffset() == datetime.fromisoformat(instant).utcoffset()


def test_plain_date_is_midnight_oslo() -> None:
    when = parse_date("Publisert: 24.03.2021")
    assert when is not None
    assert when.astimezone(OSLO).replace(tzinfo=None) == datetime(2021, 3, 24)
    assert when.astimezone(UTC) == datetime(2021, 3, 23, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", [
    "",
    "Publisert:",
    "Det blir debatt om lokaldemokratiets betydning 26. april fra kl. 15.",  # no year
    "32.13.2021",
    "31.4.2024",  # April has 30 days
    "29. februar 2023",
    "Regjeringen ber kommunene bosette 37.000 flyktninger i 2024.",
    "4. marsj 2024",  # not a month
    "2024-13-01",
    "31-04-2024",  # hyphenated day-first: April has 30 days
    "03-04.2024",  # two different separators are no date
    "03/04-2024",
    "25. 04.2024",  # a space after one dot only
    "kl. 12. 2024",
])
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


@given(st.text(max_size=200))
def test_parse_date_never_raises(text: str) -> None:
    when = parse_date(text)
    assert when is None or when.tzinfo is not None
    assert parse_dateline(text) is None or parse_dateline(text)[0].tzinfo is not None
    find_glued_dateline(text)


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)),
       st.sampled_from(["CET", "CEST"]))
def test_dateline_round_trip(moment: datetime, zone: str) -> None:
    moment = moment.replace(microsecond=0)
    line = f"{moment.day}.{moment.month}.{moment.year} {moment:%H:%M:%S} {zone} | KS | Pressemelding"
    parsed = parse_dateline(line)
    assert parsed is not None
    assert parsed[0] == moment.replace(tzinfo=CEST if zone == "CEST" else CET)


READ_DATELINES = [
    # (line, fetched at, ISO instant or None, publisher, release type, problem part)
    ("I dag 10:15 | KS | Pressemelding", "2024-03-12T08:00:00+00:00", "2024-03-12T10:15:00+01:00", "KS",
     "Pressemelding", None),
    ("i går 14:00", "2024-03-12T08:00:00+00:00", "2024-03-11T14:00:00+01:00", None, None, None),
    # fetched just after midnight Oslo time, before midnight UTC: "i dag" is the Oslo day
    ("I dag 00:30 | KS | Pressemelding", "2024-03-11T23:45:00+00:00", "2024-03-12T00:30:00+01:00", "KS",
     "Pressemelding", None),
    ("Idag kl. 09.30 | Pressmeddelande", "2024-06-03T05:00:00+00:00", "2024-06-03T09:30:00+02:00", None,
     "Pressmeddelande", None),
    ("I dag 10:15 | KS | Pressemelding", None, None, "KS", "Pressemelding", "without a fetch time"),
    ("Pressemelding • 12.03.2024 10:15 CET", None, "2024-03-12T10:15:00+01:00", None, "Pressemelding", None),
    ("Pressemelding   •   apr 12, 2016 15:00 CEST", None, "2016-04-12T15:00:00+02:00", None, "Pressemelding",
     None),
    ("29.2.2023 10:00 | KS | Pressemelding", None, None, "KS", "Pressemelding", "impossible date '29.2.2023"),
    ("16.5.2022 24:00:00 CEST | Pressemelding", None, None, None, "Pressemelding", "impossible date"),
    ("Pressemelding • 29.02.2023", None, None, None, "Pressemelding", "impossible date '29.02.2023'"),
    ("14.10.2021 11:30 | KS", None, "2021-10-14T11:30:00+02:00", "KS", None, None),  # an acronym is no type
    ("Pressemelding | Dato: 12.03.2024 | Nr: 45/2024", None, "2024-03-12T00:00:00+01:00", None, "Pressemelding",
     None),
    # news datelines (single-rule rows): an acronym before the date is the publisher, a byline is neither
    ("NTB | 12.10.2023 10:15", None, "2023-10-12T10:15:00+02:00", "NTB", None, None),
    ("Av Kari Nordmann · 12. oktober 2023", None, "2023-10-12T00:00:00+02:00", None, None, None),
    ("Av Kari Nordmann, NTB | Publisert 12.10.2023 10:15", None, "2023-10-12T10:15:00+02:00", None, None, None),
    ("Av Kari Nordmann | NTB | 12.10.2023 10:15", None, "2023-10-12T10:15:00+02:00", "NTB", None, None),
    # a government list: the type before the date, the department after it
    ("Pressemelding | 12.10.2023 | Justis- og beredskapsdepartementet", None, "2023-10-12T00:00:00+02:00",
     "Justis- og beredskapsdepartementet", "Pressemelding", None),
]


@pytest.mark.parametrize(("line", "fetched", "instant", "publisher", "release_type", "problem"), READ_DATELINES)
def test_read_dateline(line: str, fetched: str | None, instant: str | None, publisher: str | None,
                       release_type: str | None, problem: str | None) -> None:
    dateline = read_dateline(line, datetime.fromisoformat(fetched) if fetched else None)
    assert dateline is not None
    got = dateline.published_at
    assert (got.isoformat() if got else None, dateline.publisher, dateline.release_type) == (
        datetime.fromisoformat(instant).isoformat() if instant else None, publisher, release_type)
    if got is not None:
        assert got.utcoffset() == datetime.fromisoformat(instant).utcoffset()
    assert (problem is None) == (dateline.problem is None)
    if problem:
        assert problem in dateline.problem


@pytest.mark.parametrize("line", [
    "Hei • på deg",  # no date
    "Hovedstyret i KS vedtok i dag å gi mer enn en million kroner.",
    "I dag er det 10 år siden reformen",  # "i dag" in a sentence
    "Pris • 12 kroner • 3 stk",  # two parts with digits
    "Av Kari Nordmann | Foto: Ola Hansen",  # bylines, no date
])
def test_read_dateline_rejects(line: str) -> None:
    assert read_dateline(line, datetime(2024, 3, 12, tzinfo=UTC)) is None


@pytest.mark.parametrize(("text", "bad"), [
    ("Publisert: 29.2.2023", "29.2.2023"),
    ("24.03.2021 24:00:00", "24.03.2021 24:00:00"),
    ("31. april 2024", "31. april 2024"),
    ("Publisert: 24.03.2021", None),
    ("29. februar 2024", None),
])
def test_impossible_date(text: str, bad: str | None) -> None:
    assert impossible_date(text) == bad


RUN = datetime(2026, 12, 5, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize(("when", "reason"), [
    (datetime(1, 1, 1, tzinfo=UTC), "before 1971"),
    (datetime(1899, 12, 30, tzinfo=UTC), "before 1971"),
    (datetime(2099, 1, 1, tzinfo=UTC), "after 2050, the last plausible year"),
    (datetime(2361, 3, 21, tzinfo=UTC), "after 2050"),  # an epoch in the wrong unit
    # issue 20: an embargoed release dated ahead is kept as printed (ahead_of warns about it)
    (datetime(2031, 3, 3, 9, 0, tzinfo=CET), None),
    (datetime(2050, 12, 31, tzinfo=OSLO), None),
    (datetime(2026, 12, 6, 12, 0, tzinfo=OSLO), None),
    (datetime(2021, 3, 24, tzinfo=OSLO), None),
])
def test_implausible(when: datetime, reason: str | None) -> None:
    got = implausible(when)
    assert (got is None) == (reason is None)
    if reason:
        assert reason in got


@pytest.mark.parametrize(("when", "ahead"), [
    (datetime(2031, 3, 3, 9, 0, tzinfo=CET), True),  # issue 20: '3.3.2031 09:00:00 CET | Pressemelding'
    (datetime(2026, 12, 8, 9, 0, tzinfo=CET), True),
    (datetime(2026, 12, 6, 12, 0, tzinfo=OSLO), False),  # a plain date of the next Oslo day: within the slack
    (datetime(2021, 3, 24, tzinfo=OSLO), False),
    (None, False),
])
def test_ahead_of(when: datetime | None, ahead: bool) -> None:
    assert ahead_of(when, RUN) is ahead
    assert ahead_of(when, None) is False  # no read time known: nothing to compare with


@pytest.mark.parametrize(("text", "when", "expected"), [
    ("Kommunene får mer\n3.3.2031 09:00:00 CET | Pressemelding\nRegjeringen foreslår …",
     datetime(2031, 3, 3, 9, 0, tzinfo=CET), (2, "3.3.2031 09:00:00 CET | Pressemelding")),
    ("Tittel\nPublisert: 03.03.2031\nTekst", datetime(2031, 3, 3, tzinfo=OSLO), (2, "Publisert: 03.03.2031")),
    ('<meta property="article:published_time" content="2031-03-03T09:00:00+01:00">\n<h1>Tittel</h1>',
     datetime(2031, 3, 3, 9, 0, tzinfo=CET),
     (1, '<meta property="article:published_time" content="2031-03-03T09:00:00+01:00">')),
    ("Tittel\nPublisert: 03.03.2031\nTekst", datetime(2031, 3, 4, tzinfo=OSLO), None),  # another day
])
def test_line_printing(text: str, when: datetime, expected: tuple[int, str] | None) -> None:
    assert line_printing(text, when) == expected


def test_future_dateline_is_kept_and_warned_about_naming_file_and_line() -> None:
    """Issue 20: '3.3.2031 09:00:00 CET | Pressemelding' loaded as NULL with no warning."""
    from transform.readers.parse import parse_input

    text = ("Kommunene får mer til barnevern\n3.3.2031 09:00:00 CET | Pressemelding\n"
            "Regjeringen foreslår å øke rammetilskuddet til kommunene med 300 millioner kroner for å "
            "styrke barnevernet, sier statsråden.\n")
    doc = parse_input(text, "corpus/embargo.txt", "text", read_at=RUN)
    assert doc.releases[0].published_at == datetime(2031, 3, 3, 9, 0, tzinfo=CET)
    (warning,) = doc.warnings
    assert warning.startswith("corpus/embargo.txt: line 2 '3.3.2031 09:00:00 CET | Pressemelding': ")
    assert "dated 2031-03-03T09:00:00+01:00, after it was read (2026-12-05); kept as printed" in warning
    implausible_doc = parse_input(text.replace("2031", "2099"), "corpus/typo.txt", "text", read_at=RUN)
    assert implausible_doc.releases[0].published_at is None
    (warning,) = implausible_doc.warnings
    assert "corpus/typo.txt" in warning and "2099-03-03 is after 2050" in warning and "left empty" in warning


def test_old_file_mtime_keeps_publication_dates(tmp_path) -> None:
    """A file whose mtime is 1980 (unzipped) keeps its 2018 date: dates are judged against the run time."""
    import os
    import shutil
    from pathlib import Path

    from extract.files import read_file
    from transform.batch import extract_batch
    from transform.normalise import tables_for

    repo = Path(__file__).resolve().parent.parent
    src = next((repo / "data" / "real" / "corpus").glob("046_*.txt"))
    old = tmp_path / src.name
    shutil.copy(src, old)
    future = tmp_path / "future.txt"
    future.write_text("Kommunene får mer til barnevern\nPublisert: 01.01.2099\nRegjeringen foreslår å øke "
                      "rammetilskuddet til kommunene med 300 millioner kroner for å styrke barnevernet.\n",
                      encoding="utf-8")
    stamp = datetime(1980, 1, 1, tzinfo=UTC).timestamp()
    for path in (old, future):
        os.utime(path, (stamp, stamp))
    inputs = [read_file(old), read_file(future)]
    assert inputs[0].fetched_at.year == 1980 and inputs[0].read_at.year >= 2025
    batch = extract_batch(inputs)
    dates = {row["title"]: row["published_at"] for row in tables_for(batch.results)["releases"].to_pylist()}
    assert dates["Ekspertutvalg skal se på bruk av private velferdsleverandører"] == datetime(
        2018, 9, 28, 9, 45, tzinfo=UTC)
    assert dates["Kommunene får mer til barnevern"] is None
    (warning,) = batch.warnings
    assert warning[0].endswith("future.txt") and "2099-01-01 is after" in warning[1]
