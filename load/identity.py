"""Release and document identity at load time: which staged and stored rows are the same thing.

Ids are computed in transform/ (pure, per document): a release by its normalised title and Oslo day,
or by its title alone when undated. Whether an undated copy is the dated release of the same title,
and whether two copies of one title and day are two releases because their bodies plainly differ,
needs every copy seen so far, stored and incoming, so it is decided here, inside the load
transaction, by transform.ids.resolve_release_ids; the staged rows are read through the mapping (by
id and document, as two staged copies of one id may be two releases) and stored rows it re-keys are
merged (sql/identity/rekey_releases.sql). After the load's retirements, settle_release_ids gives the
stored releases of the titles it touched (staged, rebuilt or retired) the ids a fresh build would give
them.

Local documents are identified by their resolved absolute path. Rows stored by earlier code under a
path relative to wherever that run started are matched to an incoming document by content hash and
path suffix, and re-keyed (sql/identity/rekey_documents.sql), so they do not double.
"""

from __future__ import annotations

from importlib import resources

import duckdb
import pyarrow as pa

from transform.ids import ReleaseCopy, resolve_release_ids, title_day_id

# Tables whose staged rows carry a release_id the mapping applies to.
RELEASE_KEYED = ("releases", "release_documents", "person_roles", "contacts", "quotes", "amounts")

# Keys of the staged copies (one row per id and document) and of the stored releases sharing their
# titles (document null); day = Oslo calendar day.
_RELEASE_KEYS_SQL = """
    with incoming as (
        select release_id, document_id, any_value(title_key) as title_key,
               any_value(strftime(timezone('Europe/Oslo', published_at), '%Y-%m-%d')) as day,
               bool_or(has_full_text) as has_full_text
        from stg_src_releases
        where title_key is not null
        group by release_id, document_id
    )
    select release_id, document_id, title_key, day, has_full_text from incoming
    union all
    select release_id, null, title_key, strftime(timezone('Europe/Oslo', published_at), '%Y-%m-%d'), has_full_text
    from releases
    where title_key in (select title_key from incoming)
"""

# The stored releases of the titles this load touched: staged, or of a release it removed, whether
# rebuilt from its staged copies (sql/load/before/010_rebuild.sql) or retired (retire_replaced.sql).
_STORED_KEYS_SQL = """
    select release_id, null, title_key, strftime(timezone('Europe/Oslo', published_at), '%Y-%m-%d'), has_full_text
    from releases
    where title_key in (select title_key from stg_src_releases
                        union select title_key from _rebuilt_title_keys
                        union select title_key from _retired_title_keys)
"""

# The longest full body per staged copy and per stored release, for the title keys in _compared_titles.
_BODIES_SQL = """
    select release_id, document_id, arg_max(body, length(body)) from stg_src_releases
    where has_full_text and title_key in (select title_key from _compared_titles)
    group by release_id, document_id
    union all
    select release_id, null, body from releases
    where has_full_text and title_key in (select title_key from _compared_titles)
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


def release_map(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """({stored id: id it becomes}, {(staged id, document id): id it becomes}) for the staged releases
    (stg_src_releases) and the stored ones sharing their titles, by transform.ids.resolve_release_ids.

    A staged copy is named by its document, as two staged copies of one id may be two releases (two
    regjeringen.no pages read with the title `Historisk arkiv`) while a stored release is one.
    """
    mapping = _resolve(con, con.execute(_RELEASE_KEYS_SQL).fetchall())
    stored = {rid: new for (rid, doc), new in mapping.items() if doc is None}
    staged = {(rid, doc): new for (rid, doc), new in mapping.items() if doc is not None}
    return stored, staged


def _resolve(con: duckdb.DuckDBPyConnection,
             rows: list[tuple[str, str | None, str, str | None, bool]]) -> dict[tuple[str, str | None], str]:
    """resolve_release_ids over key rows (id, document or None, title key, day, full text?), reading bodies
    only for the titles with two full copies or more, or a copy whose id is not its title and day's."""
    by_title: dict[str, list[tuple[str, str | None, str, str | None, bool]]] = {}
    for row in rows:
        by_title.setdefault(row[2], []).append(row)
    # bodies decide where two full copies meet, and tell a fingerprint id (title_day_id with a body) apart
    compared = [key for key, group in by_title.items()
                if sum(bool(full) for *_, full in group) > 1
                or any(rid != title_day_id(key, day, None) for rid, _, _, day, _ in group)]
    bodies = _bodies(con, compared) if compared else {}
    copies = [ReleaseCopy(rid, key, day, bool(full), bodies.get((rid, doc)), doc)
              for group in by_title.values() for rid, doc, key, day, full in group]
    return resolve_release_ids(copies)


def _bodies(con: duckdb.DuckDBPyConnection, titles: list[str]) -> dict[tuple[str, str | None], str]:
    """The longest full body per staged copy (id, document) and per stored release (id, None), for the
    releases of these title keys."""
    con.register("_compared_titles", pa.table({"title_key": pa.array(titles, pa.string())}))
    try:
        return {(rid, doc): body for rid, doc, body in con.execute(_BODIES_SQL).fetchall()}
    finally:
        con.unregister("_compared_titles")


def apply_release_map(con: duckdb.DuckDBPyConnection, stored: dict[str, str],
                      staged: dict[tuple[str, str], str] | None = None) -> None:
    """Register `_staged_release_map` (what staged_view_sql reads) and re-key the stored releases
    `stored` names, merging those that meet under one id (sql/identity/rekey_releases.sql)."""
    staged = staged or {}
    con.register("_staged_map_arrow", pa.table({
        "old_id": pa.array([rid for rid, _ in staged], pa.string()),
        "document_id": pa.array([doc for _, doc in staged], pa.string()),
        "new_id": pa.array(list(staged.values()), pa.string())}))
    con.execute("create or replace temp table _staged_release_map as select * from _staged_map_arrow").fetchall()
    con.unregister("_staged_map_arrow")
    rekey_releases(con, stored)


def rekey_releases(con: duckdb.DuckDBPyConnection, stored: dict[str, str]) -> None:
    """Re-key the stored releases `stored` names ({old id: new id}), merging those that meet under one id."""
    if not stored:
        return
    table = pa.table({"old_id": pa.array(list(stored), pa.string()),
                      "new_id": pa.array(list(stored.values()), pa.string())})
    con.register("_release_map_arrow", table)
    con.execute("create or replace temp table _release_map as select * from _release_map_arrow").fetchall()
    con.unregister("_release_map_arrow")
    con.execute(identity_sql("rekey_releases.sql")).fetchall()


def settle_release_ids(con: duckdb.DuckDBPyConnection) -> int:
    """After a load and its retirements, give the stored releases of the titles it touched the ids a fresh
    build gives them; returns releases re-keyed.

    A release split off a title by its body keeps the plain id only while it has the longest body of
    that title and day; when the copy that held the plain id is removed (its document now says
    something else, or is gone from its folder) or rewritten, the ids move. A release goes either in
    sql/load/before/010_rebuild.sql (every copy staged or gone) or in retire_replaced; both record its
    title (_rebuilt_title_keys, _retired_title_keys), read here. Call after both, inside the transaction.
    """
    mapping = _resolve(con, con.execute(_STORED_KEYS_SQL).fetchall())
    stored = {rid: new for (rid, doc), new in mapping.items() if doc is None}
    rekey_releases(con, stored)
    return len(stored)


def staged_view_sql(name: str) -> str:
    """The statement creating view stg_raw_<name>: the staged rows of table `name` (one of the loaded
    tables, an identifier from the code) with release ids mapped through `_staged_release_map`, by the
    id and the document of the staged copy a row belongs to."""
    if name not in RELEASE_KEYED:
        return f"create or replace temp view stg_raw_{name} as select * from stg_src_{name}"
    copy = "document_id" if name == "releases" else "source_document_id"
    return (f"create or replace temp view stg_raw_{name} as "
            f"select s.* replace (coalesce(m.new_id, s.release_id) as release_id) "
            f"from stg_src_{name} as s left join _staged_release_map as m "
            f"on m.old_id = s.release_id and m.document_id = s.{copy}")


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
