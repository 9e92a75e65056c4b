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

# Keys of the staged releases and of the stored ones sharing their titles; day = Oslo calendar day.
_RELEASE_KEYS_SQL = """
    with incoming as (
        select release_id, any_value(title_key) as title_key,
               any_value(strftime(timezone('Europe/Oslo', published_at), '%Y-%m-%d')) as day,
               bool_or(has_full_text) as has_full_text
        from stg_src_releases
        where title_key is not null
        group by release_id
    )
    select release_id, title_key, day, has_full_text from incoming
    union all
    select release_id, title_key, strftime(timezone('Europe/Oslo', published_at), '%Y-%m-%d'), has_full_text
    from releases
    where title_key in (select title_key from incoming)
"""

# The longest full body per release id, staged or stored, for the title keys in _mixed_titles.
_BODIES_SQL = """
    select release_id, arg_max(body, length(body)) from (
        select release_id, body from stg_src_releases
        where has_full_text and title_key in (select title_key from _mixed_titles)
        union all
        select release_id, body from releases
        where has_full_text and title_key in (select title_key from _mixed_titles)
    ) group by release_id
"""

# Stored documents under a relative path that name an incoming local document of the same content.
_DOCUMENT_MAP_SQL = """
    create or replace temp table _document_map as
    select old.document_id as old_id, new.document_id as new_id, new.source_uri as new_uri
    from documents as old
    join stg_src_documents as new
      on old.content_sha256 = new.content_sha256
     and old.document_id <> new.document_id
     and starts_with(new.source_uri, '/')
     and not starts_with(old.source_uri, '/')
     and not contains(old.source_uri, '://')
     and ends_with(new.source_uri, '/' || old.source_uri)
    qualify row_number() over (partition by old.document_id order by new.source_uri) = 1
"""


def identity_sql(name: str) -> str:
    """Text of a file in sql/identity."""
    return resources.files("sql").joinpath("identity", name).read_text(encoding="utf-8")


def release_map(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """{release id: id it joins} for the staged releases (stg_src_releases) and the stored ones sharing
    their titles.

    Reads keys first, and bodies only for titles where an undated full copy meets a dated full copy.
    """
    rows = con.execute(_RELEASE_KEYS_SQL).fetchall()
    # (dated?, full text?) seen per title: only titles with dated and undated copies can join, and
    # bodies are compared only where an undated full copy meets a dated full copy.
    by_title: dict[str, set[tuple[bool, bool]]] = {}
    for _rid, key, d, full in rows:
        by_title.setdefault(key, set()).add((d is not None, bool(full)))
    mixed = {key for key, kinds in by_title.items() if {dated for dated, _ in kinds} == {True, False}}
    if not mixed:
        return {}
    compared = [key for key in mixed if {(True, True), (False, True)} <= by_title[key]]
    bodies = _bodies(con, compared) if compared else {}
    merged: dict[str, ReleaseCopy] = {}
    for rid, key, d, full in rows:
        if key not in mixed:
            continue
        prev = merged.get(rid)
        merged[rid] = ReleaseCopy(rid, key, d or (prev.day if prev else None),
                                  bool(full) or bool(prev and prev.has_full_text), bodies.get(rid))
    return resolve_release_ids(list(merged.values()))


def _bodies(con: duckdb.DuckDBPyConnection, titles: list[str]) -> dict[str, str]:
    """The longest full body per release id, staged or stored, for the releases of these title keys."""
    con.register("_mixed_titles", pa.table({"title_key": pa.array(titles, pa.string())}))
    try:
        return dict(con.execute(_BODIES_SQL).fetchall())
    finally:
        con.unregister("_mixed_titles")


def apply_release_map(con: duckdb.DuckDBPyConnection, mapping: dict[str, str]) -> None:
    """Register `_release_map` and re-key the stored releases it names (merging duplicates)."""
    table = pa.table({"old_id": pa.array(list(mapping), pa.string()),
                      "new_id": pa.array(list(mapping.values()), pa.string())})
    con.register("_release_map_arrow", table)
    con.execute("create or replace temp table _release_map as select * from _release_map_arrow").fetchall()
    con.unregister("_release_map_arrow")
    if mapping:
        con.execute(identity_sql("rekey_releases.sql")).fetchall()


def staged_view_sql(name: str) -> str:
    """The statement creating view stg_raw_<name>: the staged rows of table `name` (one of the loaded
    tables, an identifier from the code) with release ids mapped through `_release_map`."""
    if name not in RELEASE_KEYED:
        return f"create or replace temp view stg_raw_{name} as select * from stg_src_{name}"
    return (f"create or replace temp view stg_raw_{name} as "
            f"select s.* replace (coalesce(m.new_id, s.release_id) as release_id) "
            f"from stg_src_{name} as s left join _release_map as m on m.old_id = s.release_id")


def rekey_local_documents(con: duckdb.DuckDBPyConnection) -> int:
    """Re-key stored documents whose relative path names an incoming document of the same content.

    Earlier code stored a local file as its path relative to the directory the run started in
    ('data/samples/000_….txt'); it is now its absolute path. A stored row whose content hash equals an
    incoming document's (stg_src_documents) and whose path ends that document's path is the same
    file. Returns rows re-keyed.
    """
    con.execute(_DOCUMENT_MAP_SQL).fetchall()
    n = con.execute("select count(*) from _document_map").fetchall()[0][0]
    if n:
        con.execute(identity_sql("rekey_documents.sql")).fetchall()
    return n


def retire_replaced(con: duckdb.DuckDBPyConnection, held_documents: list[str] | tuple[str, ...] = ()) -> None:
    """A document read again replaces what it produced before (sql/identity/retire_replaced.sql).

    Its links to releases it no longer yields are removed, and a release left with no document is
    removed with its child rows. `held_documents` (document ids) are left alone: a replacement that
    is held back (quarantined) keeps the old rows until one loads. The one place where a re-read
    removes rows; call it after the sql/load files and after anything that holds rows back.
    """
    con.register("_held_documents_arrow", pa.table({"document_id": pa.array(list(held_documents), pa.string())}))
    con.execute("create or replace temp table _held_documents as select * from _held_documents_arrow").fetchall()
    con.unregister("_held_documents_arrow")
    con.execute(identity_sql("retire_replaced.sql")).fetchall()
