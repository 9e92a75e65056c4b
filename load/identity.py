"""Release and document identity at load time: which staged and stored rows are the same thing.

Ids are computed in transform/ (pure, per document): a release by its normalised title and Oslo day,
or by its title alone when undated. Whether an undated copy is the dated release of the same title
needs every copy seen so far, stored and incoming, so it is decided here, inside the load
transaction, by transform.ids.resolve_release_ids; the staged rows are read through the mapping and
stored rows it re-keys are merged (sql/identity/rekey_releases.sql).

Local documents are identified by their resolved absolute path. Rows stored by earlier code under a
path relative to wherever that run started are matched to an incoming document by content hash and
path suffix, and re-keyed (sql/identity/rekey_documents.sql), so they do not double.
"""

from __future__ import annotations

from importlib import resources

import duckdb
import pyarrow as pa

from transform.ids import ReleaseCopy, resolve_release_ids

# Tables whose staged rows carry a release_id the mapping applies to.
RELEASE_KEYED = ("releases", "release_documents", "person_roles", "contacts", "quotes", "amounts")

_DAY = "strftime(timezone('Europe/Oslo', {col}), '%Y-%m-%d')"


def identity_sql(name: str) -> str:
    """Text of a file in sql/identity."""
    return resources.files("sql").joinpath("identity", name).read_text(encoding="utf-8")


def release_map(con: duckdb.DuckDBPyConnection, staged: str = "stg_src_releases") -> dict[str, str]:
    """{release id: id it joins} for the staged releases and the stored ones sharing their titles.

    Reads keys first and bodies only for titles that have both dated and undated copies.
    """
    day = _DAY.format(col="published_at")
    rows = con.execute(f"""
        with incoming as (
            select release_id, any_value(title_key) as title_key, any_value({day}) as day,
                   bool_or(has_full_text) as has_full_text
            from {staged}
            where title_key is not null
            group by release_id
        )
        select release_id, title_key, day, has_full_text from incoming
        union all
        select release_id, title_key, {day}, has_full_text
        from releases
        where title_key in (select title_key from incoming)
    """).fetchall()
    by_title: dict[str, set[bool]] = {}
    for _rid, key, d, _full in rows:
        by_title.setdefault(key, set()).add(d is not None)
    mixed = [key for key, kinds in by_title.items() if kinds == {True, False}]
    if not mixed:
        return {}
    con.register("_mixed_titles", pa.table({"title_key": pa.array(mixed, pa.string())}))
    try:
        bodies = dict(con.execute(f"""
            select release_id, arg_max(body, length(body)) from (
                select release_id, body from {staged}
                where has_full_text and title_key in (select title_key from _mixed_titles)
                union all
                select release_id, body from releases
                where has_full_text and title_key in (select title_key from _mixed_titles)
            ) group by release_id
        """).fetchall())
    finally:
        con.unregister("_mixed_titles")
    merged: dict[str, ReleaseCopy] = {}
    for rid, key, d, full in rows:
        if key not in mixed:
            continue
        prev = merged.get(rid)
        merged[rid] = ReleaseCopy(rid, key, d or (prev.day if prev else None),
                                  bool(full) or bool(prev and prev.has_full_text), bodies.get(rid))
    return resolve_release_ids(list(merged.values()))


def apply_release_map(con: duckdb.DuckDBPyConnection, mapping: dict[str, str]) -> None:
    """Register `_release_map` and re-key the stored releases it names (merging duplicates)."""
    table = pa.table({"old_id": pa.array(list(mapping), pa.string()),
                      "new_id": pa.array(list(mapping.values()), pa.string())})
    con.register("_release_map_arrow", table)
    con.execute("create or replace temp table _release_map as select * from _release_map_arrow").fetchall()
    con.unregister("_release_map_arrow")
    if mapping:
        con.execute(identity_sql("rekey_releases.sql")).fetchall()


def staged_view(name: str) -> str:
    """SQL of the staged rows of table `name` with release ids mapped through `_release_map`."""
    if name not in RELEASE_KEYED:
        return f"select * from stg_src_{name}"
    return (f"select s.* replace (coalesce(m.new_id, s.release_id) as release_id) "
            f"from stg_src_{name} as s left join _release_map as m on m.old_id = s.release_id")


def rekey_local_documents(con: duckdb.DuckDBPyConnection, staged: str = "stg_src_documents") -> int:
    """Re-key stored documents whose relative path names an incoming document of the same content.

    Earlier code stored a local file as its path relative to the directory the run started in
    ('data/samples/000_….txt'); it is now its absolute path. A stored row whose content hash equals an
    incoming document's and whose path ends that document's path is the same file. Returns rows re-keyed.
    """
    con.execute(f"""
        create or replace temp table _document_map as
        select old.document_id as old_id, new.document_id as new_id, new.source_uri as new_uri
        from documents as old
        join {staged} as new
          on old.content_sha256 = new.content_sha256
         and old.document_id <> new.document_id
         and starts_with(new.source_uri, '/')
         and not starts_with(old.source_uri, '/')
         and not contains(old.source_uri, '://')
         and ends_with(new.source_uri, '/' || old.source_uri)
        qualify row_number() over (partition by old.document_id order by new.source_uri) = 1
    """).fetchall()
    n = con.execute("select count(*) from _document_map").fetchall()[0][0]
    if n:
        con.execute(identity_sql("rekey_documents.sql")).fetchall()
    return n
