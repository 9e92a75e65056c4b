"""008: repair untitled releases that 006 merged into one row, and have their documents read again.

006 (as committed) keyed every stored release by its normalised title and Oslo day. An untitled
release (allowed since 010: a capture that starts mid-article, keyed by its document) has an empty
title key, so on a warehouse that held untitled rows when 006 ran, all of them of one day (or all
undated ones) became one row, keeping one capture's body and quotes. A committed migration is never
edited, so this one undoes what can be undone: each such merged row is removed with its quotes,
amounts, roles, contacts and document links, and the documents it came from are marked for a new
read (a local file's extractor_version is cleared, so the next run reads it again instead of skipping
it as unchanged; a live page's validators are cleared, so its next fetch is a full one). The next run
then loads every untitled capture as its own release again.

The formulas are copied here on purpose (sql/migrations/README.md).
"""

from __future__ import annotations

import hashlib

import duckdb
import pyarrow as pa


def _stable_id(*parts: object) -> str:
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Remove the rows 006 made of several untitled releases; mark their documents to be read again."""
    rows = con.execute(
        "select release_id, strftime(timezone('Europe/Oslo', published_at), '%Y-%m-%d') from releases "
        "where title_key is null").fetchall()
    merged = [rid for rid, day in rows
              if rid == (_stable_id("release", "", day) if day else _stable_id("release", ""))]
    if not merged:
        return
    con.register("_merged_untitled_arrow", pa.table({"release_id": pa.array(merged, pa.string())}))
    con.execute("create or replace temp table _merged_untitled as select * from _merged_untitled_arrow")
    con.unregister("_merged_untitled_arrow")
    con.execute("""
        create or replace temp table _reread_documents as
        select distinct document_id from release_documents
        where release_id in (select release_id from _merged_untitled);

        update documents set extractor_version = null
        where document_id in (select document_id from _reread_documents);

        update fetches set etag = null, last_modified = null, sha256 = null
        where url in (select source_uri from documents
                      where document_id in (select document_id from _reread_documents));

        delete from quotes where release_id in (select release_id from _merged_untitled);
        delete from amounts where release_id in (select release_id from _merged_untitled);
        delete from person_roles where release_id in (select release_id from _merged_untitled);
        delete from contacts where release_id in (select release_id from _merged_untitled);
        delete from release_documents where release_id in (select release_id from _merged_untitled);
        delete from releases where release_id in (select release_id from _merged_untitled);
    """)
