"""Place mentions read by the parse workers, staged for the load (`place_readings`, one Parquet part per batch).

A release's mentions (transform/extractors/places.py `release_places`) are a function of its title, body,
published day (Europe/Oslo), language, document's day, aside and publisher, and of the current year (a
year its text prints after it does not date it). Each worker reads them for every release copy it stages
and stages them under a digest of exactly those inputs (`inputs_key`), with field, offsets and places but
no release id: the release id is settled in the load (load/identity.py), and the stored release a copy
becomes may take its date, language or publisher from another copy. The load
(load/places.py `refresh_place_mentions`) computes the same digest in SQL from each stored release it takes
over (sql/places/mention_inputs.sql, the days by DuckDB) and takes the staged mentions of a release whose
digest it finds, building their ids from the settled release id; a release whose inputs no worker read
(a copy merged from several, a stored copy, kept parts of another year) is read in the load as before.
The digest covers every input, so a staged reading is used only for the very inputs it was read from:
a day the worker computes differently from DuckDB is a digest not found, never a wrong mention.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pyarrow as pa

from transform.extractors.places import release_places
from transform.ids import OSLO

MENTION = pa.struct([
    ("field", pa.string()), ("char_start", pa.int32()), ("char_end", pa.int32()), ("place_id", pa.string()),
    ("valid_from", pa.date32()), ("candidates", pa.list_(pa.string())), ("as_written", pa.string()),
    ("dated_by", pa.string()), ("resolved_by", pa.string()),
])
READINGS = pa.schema([("inputs_key", pa.string()), ("mentions", pa.list_(MENTION))])


def _text(value: str | None) -> str:
    return "-" if value is None else hashlib.md5(value.encode("utf-8"), usedforsecurity=False).hexdigest()


def _day(value: date | None) -> str:
    return "-" if value is None else value.isoformat()


def inputs_key(title: str | None, body: str | None, published: date | None, language: str | None,
               document_day: date | None, aside: str | None, publisher: str | None, year: int) -> str:
    """The digest of what place recognition reads for one release (the Python twin of the digest
    sql/places/mention_inputs.sql computes: md5 of each text or '-', days as YYYY-MM-DD or '-', '|'-joined).

    inputs_key('Kommunene i Viken', 'Neste uke …', date(2021, 3, 24), 'nb', None, None, 'KS', 2026)
    -> '5d41…' (32 hex digits)
    """
    parts = [_text(title), _text(body), _day(published), _text(language), _day(document_day), _text(aside),
             _text(publisher), str(year)]
    return hashlib.md5("|".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()


def _oslo_day(value: datetime | None) -> date | None:
    return None if value is None else value.astimezone(OSLO).date()


def place_readings(releases: pa.Table, documents: pa.Table, today: date | None = None) -> pa.Table:
    """The mentions of every release copy of a batch's `releases` table, keyed by their inputs (READINGS):
    one row per distinct inputs_key, its mentions a list (empty when the copy names no place).

    `documents` is the batch's documents table (the document's day: the day an HTTP fetch was made, else
    its implied_date); `today` (default: the current UTC day) gives the year recognition reads with.
    place_readings(tables['releases'], tables['documents']) -> 1,009 rows for 1,000 generated text pages.
    """
    today = today or datetime.now(UTC).date()
    days = {}
    for doc in documents.select(["document_id", "http_status", "fetched_at", "implied_date"]).to_pylist():
        fetched = _oslo_day(doc["fetched_at"]) if doc["http_status"] is not None else None
        days[doc["document_id"]] = fetched if fetched is not None else doc["implied_date"]
    keys: list[str] = []
    mentions: list[list[dict]] = []
    seen: set[str] = set()
    columns = ["title", "body", "published_at", "language", "document_id", "aside", "publisher", "has_full_text",
               "title_key"]
    copies = releases.select(columns).to_pylist()
    full_titles = {r["title_key"] for r in copies if r["has_full_text"] and r["title_key"] is not None}
    latest: dict[str, datetime] = {}  # title key -> the latest publication time of its copies in this batch
    for r in copies:
        if r["published_at"] is not None and r["title_key"] is not None:
            latest[r["title_key"]] = max(r["published_at"], latest.get(r["title_key"], r["published_at"]))
    for r in copies:
        if not r["has_full_text"] and r["title_key"] in full_titles:
            continue  # a teaser of a title whose full text this batch holds: the load keeps the full copy
        # an undated copy is usually joined to a dated copy of its title (load/identity.py), whose time the
        # stored release takes (sql/load/005_stage.sql: the latest of its copies)
        published = _oslo_day(r["published_at"] or latest.get(r["title_key"]))
        document_day = days.get(r["document_id"])
        key = inputs_key(r["title"], r["body"], published, r["language"], document_day, r["aside"], r["publisher"],
                         today.year)
        if key in seen:
            continue
        seen.add(key)
        keys.append(key)
        mentions.append([
            {"field": field, "char_start": m.char_start, "char_end": m.char_end, "place_id": m.place_id,
             "valid_from": m.valid_from, "candidates": list(m.candidates) or None, "as_written": m.as_written,
             "dated_by": m.dated_by, "resolved_by": m.resolved_by}
            for field, m in release_places(r["title"], r["body"] or "", r["language"], published, today,
                                           document_day, r["aside"], r["publisher"])])
    return pa.table({"inputs_key": pa.array(keys, pa.string()), "mentions": pa.array(mentions, pa.list_(MENTION))},
                    schema=READINGS)
