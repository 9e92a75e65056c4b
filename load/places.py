"""Places in the warehouse: the bundled registers as `places`/`place_successors`, and `place_mentions`.

The registers are reference data shipped with the code: `sync_places` writes them when the warehouse
is migrated and their digest differs from the one recorded in `_reference_digests` (or a migration was
just applied), writing only what differs, so an upgraded warehouse and a fresh build hold the same rows,
a re-run changes nothing, and an unchanged warehouse is not compared row by row on every run and load.
Place mentions are those of the stored text of each release a load takes over (its title, body and aside;
transform/extractors/places.py), written inside the load's transaction: taken from the readings the parse
workers staged when one is of the release's very inputs (load/place_readings.py), else read here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from itertools import chain
from operator import attrgetter

import duckdb
import pyarrow as pa

from load.reference_digests import record_digest, recorded_digest
from transform import ids
from transform.extractors.places import release_places
from transform.places_register import Place, place_successors, register_places

PLACES = pa.schema([
    ("place_id", pa.string()), ("valid_from", pa.date32()), ("valid_to", pa.date32()), ("country", pa.string()),
    ("kind", pa.string()), ("code", pa.string()), ("name", pa.string()), ("short_name", pa.string()),
    ("parent_id", pa.string()), ("source", pa.string()),
])
SUCCESSORS = pa.schema([
    ("place_id", pa.string()), ("valid_from", pa.date32()), ("successor_id", pa.string()),
    ("successor_valid_from", pa.date32()), ("how", pa.string()),
])
MENTIONS = pa.schema([
    ("mention_id", pa.string()), ("release_id", pa.string()), ("place_id", pa.string()),
    ("valid_from", pa.date32()), ("candidates", pa.list_(pa.string())), ("field", pa.string()),
    ("char_start", pa.int32()), ("char_end", pa.int32()), ("as_written", pa.string()),
    ("dated_by", pa.string()), ("resolved_by", pa.string()),
])


# the key columns of the reference tables _replace_all writes (identifiers of this code, never data)
KEYS = {"places": "place_id, valid_from",
        "place_successors": "place_id, valid_from, successor_id, successor_valid_from",
        "organisations": "organisation_id", "organisation_places": "organisation_id, place_id"}


def _replace_all(con: duckdb.DuckDBPyConnection, name: str, rows: pa.Table) -> None:
    """Make table `name` (a key of KEYS) hold exactly `rows`, deleting and inserting only the rows that differ."""
    t = KEYS[name]
    con.register("_incoming_places", rows)
    try:
        con.execute(f"create or replace temp table _gone as select * from {name} except select * from _incoming_places")
        con.execute(f"delete from {name} where ({t}) in (select ({t}) from _gone)")
        con.execute(f"insert into {name} by name select * from _incoming_places except select * from {name}")
    finally:
        con.unregister("_incoming_places")


PLACE_FIELDS = attrgetter(*(f.name for f in fields(Place)))


def registers_digest(places: tuple[Place, ...]) -> str:
    """A digest of the rows `places` and their successor links give: 'a715294c94c797e2576463c178401446'.

    Every field of every place and link as text, fields split by a unit separator and rows by a new line
    (0.01 s for the 3,260 bundled places; their repr took 0.2-0.3 s of every run's start).
    """
    rows = chain((PLACE_FIELDS(p) for p in places), place_successors(places))
    text = "\n".join("\x1f".join(map(str, row)) for row in rows)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@cache
def _bundled_digest() -> str:
    return registers_digest(register_places())


def sync_places(con: duckdb.DuckDBPyConnection, places: tuple[Place, ...] | None = None,
                force: bool = False) -> bool:
    """Write the registers (default: the bundled ones) into `places` and `place_successors`, only what
    differs, unless `_reference_digests` shows the warehouse holds them already; True when it wrote.

    `force` (a migration was just applied) compares the rows whatever the digest says.
    sync_places(con) on a new warehouse -> True (3,260 places); again -> False (nothing read or written).
    """
    digest = _bundled_digest() if places is None else registers_digest(places)
    if not force and recorded_digest(con, "places") == digest:
        return False
    places = register_places() if places is None else places
    rows = pa.Table.from_pylist([
        {"place_id": p.place_id, "valid_from": p.valid_from, "valid_to": p.valid_to, "country": p.country,
         "kind": p.kind, "code": p.code, "name": p.name, "short_name": p.short_name, "parent_id": p.parent_id,
         "source": p.source} for p in places], schema=PLACES)
    _replace_all(con, "places", rows)
    links = pa.Table.from_pylist([
        {"place_id": a, "valid_from": af, "successor_id": b, "successor_valid_from": bf, "how": how}
        for a, af, b, bf, how in place_successors(places)], schema=SUCCESSORS)
    _replace_all(con, "place_successors", links)
    record_digest(con, "places", digest)
    return True


def mention_rows(releases: list[tuple], today=None) -> pa.Table:
    """`place_mentions` rows for (release_id, title, body, published day, language, document's day, aside,
    publisher) tuples.

    The document's day is the day a page fetched over HTTP was fetched (not a local file's: its time is a
    copy's), else the day the document's text implies (documents.implied_date: 'oktober 2019' on the page);
    the aside is what the page prints beside the body (releases.aside: a table, the block about the publisher);
    the publisher ('Danderyds kommun') is the municipality a 'kommunen' means when the text names none.
    """
    rows = []
    for release_id, title, body, published, language, document_day, aside, publisher in releases:
        for field, m in release_places(title, body or "", language, published, today, document_day, aside,
                                        publisher):
            rows.append({
                "mention_id": ids.stable_id("place", release_id, field, m.char_start, m.char_end),
                "release_id": release_id, "place_id": m.place_id, "valid_from": m.valid_from,
                "candidates": list(m.candidates) or None, "field": field, "char_start": m.char_start,
                "char_end": m.char_end, "as_written": m.as_written, "dated_by": m.dated_by,
                "resolved_by": m.resolved_by,
            })
    return pa.Table.from_pylist(rows, schema=MENTIONS)


# releases read and recognised at a time: the load holds one chunk's texts in Python, not every release's
# (10,000 releases at once took ~110 MB more at the run's peak)
MENTION_CHUNK = 500


@dataclass(frozen=True)
class MentionsRefreshed:
    """What refresh_place_mentions did: mention rows it holds for the releases, releases whose mentions came
    from the staged readings, and releases recognised in the load."""

    rows: int
    staged: int
    recognised: int


def refresh_place_mentions(con: duckdb.DuckDBPyConnection, releases_sql: str | None = None,
                           chunk: int = MENTION_CHUNK, readings: str | None = None) -> MentionsRefreshed:
    """Read the places of the releases `releases_sql` selects (all when None) and replace their mentions.

    refresh_place_mentions(con, 'select release_id from _takeover') -> MentionsRefreshed(rows=10104,
    staged=9981, recognised=19) at 10,000 generated text pages (rows: the mentions of those releases). Mentions of
    releases no longer in the warehouse are deleted as well. Runs inside the caller's transaction.
    `readings` names a relation of READINGS rows (load/place_readings.py: the mentions the parse workers
    read, by the digest of their inputs): a release whose stored inputs have a reading there takes its
    mentions, with ids of its settled release id; the others are read here, `chunk` at a time (the rows are
    the same for any size, and the same with readings or without); the rows are written at once.
    """
    query = releases_sql or "select release_id from releases"
    today = datetime.now(UTC).date()
    con.execute(f"""create or replace temp table _mention_releases as
                    select release_id from releases where release_id in ({query})""")
    tables = []
    releases = con.execute("select count(*) from _mention_releases").fetchall()[0][0]
    if readings is not None:
        if not readings.isidentifier():  # a staged relation's name, never a value
            raise ValueError(f"not a relation name: {readings!r}")
        con.execute(_sql("mention_inputs.sql"), {"year": today.year})
        con.execute(f"""create or replace temp table _found_readings as
                        select inputs_key, any_value(mentions) as mentions from {readings}
                        where inputs_key in (select inputs_key from _mention_inputs) group by inputs_key""")
        tables.append(_staged_rows(con.execute(
            """select release_id, m.field, m.char_start, m.char_end, m.place_id, m.valid_from, m.candidates,
                      m.as_written, m.dated_by, m.resolved_by
               from (select i.release_id, unnest(f.mentions) as m
                     from _mention_inputs i join _found_readings f using (inputs_key))""").fetchall()))
        # what no worker read: recognised here
        con.execute("""create or replace temp table _mention_releases as
                       select release_id from _mention_inputs anti join _found_readings using (inputs_key)""")
    recognised = con.execute("select count(*) from _mention_releases").fetchall()[0][0]
    con.execute(
        """select r.release_id, r.title, r.body, (r.published_at at time zone 'Europe/Oslo')::date, r.language,
                  coalesce(case when d.http_status is not null
                                then (d.fetched_at at time zone 'Europe/Oslo')::date end, d.implied_date),
                  r.aside, r.publisher
           from releases r left join documents d on d.document_id = r.document_id
           where r.release_id in (select release_id from _mention_releases)""")
    tables += [mention_rows(rows, today=today) for rows in _chunks(con, chunk)]
    table = pa.concat_tables(tables) if tables else mention_rows([], today=today)
    con.register("_incoming_mentions", table)
    try:
        # rows no longer read (or changed) go, identical rows stay, new rows come
        con.execute(f"""delete from place_mentions where release_id in ({query}) and mention_id not in (
                            select mention_id from (select * from place_mentions intersect
                                                    select * from _incoming_mentions))""")
        con.execute("delete from place_mentions where release_id not in (select release_id from releases)")
        con.execute("""insert into place_mentions by name
                       select * from _incoming_mentions except select * from place_mentions""")
    finally:
        con.unregister("_incoming_mentions")
    return MentionsRefreshed(table.num_rows, releases - recognised, recognised)


def _sql(name: str) -> str:
    """Text of a file in sql/places."""
    return resources.files("sql").joinpath("places", name).read_text(encoding="utf-8")


def _staged_rows(rows: list[tuple]) -> pa.Table:
    """`place_mentions` rows for (release_id, field, char_start, char_end, place_id, valid_from, candidates,
    as_written, dated_by, resolved_by) tuples of staged readings: the ids as mention_rows gives them."""
    return pa.Table.from_pylist([
        {"mention_id": ids.stable_id("place", release_id, field, start, end), "release_id": release_id,
         "place_id": place_id, "valid_from": valid_from, "candidates": candidates, "field": field,
         "char_start": start, "char_end": end, "as_written": as_written, "dated_by": dated_by,
         "resolved_by": resolved_by}
        for release_id, field, start, end, place_id, valid_from, candidates, as_written, dated_by, resolved_by
        in rows], schema=MENTIONS)


def _chunks(con: duckdb.DuckDBPyConnection, size: int) -> Iterator[list[tuple]]:
    """The rows of the query just executed on `con`, `size` at a time."""
    while rows := con.fetchmany(size):
        yield rows
