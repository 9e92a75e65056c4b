"""007: local documents identified by their resolved absolute path, whatever the working directory.

Earlier code stored a local file as its path relative to the directory the run started in, so the
same folder read as `in` from one directory and by its absolute path from another made two documents
(and doubled release_documents). A stored relative path that names, from the directory this
migration runs in, a file with the stored content hash is re-keyed to that file's absolute path.
Rows it cannot find here are matched by the loader when their file is next read: same content hash,
and the absolute path ends with the stored relative one (load/identity.py).

The id formula is copied here on purpose (sql/migrations/README.md).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pyarrow as pa


def _document_id(source_uri: str) -> str:
    return hashlib.blake2b(f"document\x1f{source_uri}".encode(), digest_size=8).hexdigest()


REKEY_SQL = """
-- Re-key stored documents by _document_map(old_id, new_id, new_uri): a local file stored under a path
-- relative to where an earlier run started, now known by its absolute path. Its release links and the
-- releases whose text came from it follow; a link the new id already has is not doubled.
create or replace temp table _rekeyed_documents as
select d.* replace (m.new_id as document_id, m.new_uri as source_uri)
from documents as d
join _document_map as m on m.old_id = d.document_id
anti join documents as e on e.document_id = m.new_id;

delete from documents where document_id in (select old_id from _document_map);
insert into documents by name select * from _rekeyed_documents;

create or replace temp table _rekeyed_links as
select
    d.release_id,
    m.new_id as document_id,
    d.seen_as
from release_documents as d
join _document_map as m on m.old_id = d.document_id
anti join release_documents as e on e.release_id = d.release_id and e.document_id = m.new_id;

delete from release_documents where document_id in (select old_id from _document_map);
insert into release_documents by name select * from _rekeyed_links;

update releases set document_id = m.new_id
from _document_map as m where releases.document_id = m.old_id;
"""


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Re-key relative local paths found from the working directory with the same content hash."""
    con.execute("comment on column documents.source_uri is 'Where the document was read from: URL, "
                "or the absolute path of a local file (symlinks resolved).'")
    con.execute("comment on column documents.document_id is 'Stable id: hash of the source URI.'")
    rows = con.execute(
        "select document_id, source_uri, content_sha256 from documents "
        "where not starts_with(source_uri, '/') and not contains(source_uri, '://')").fetchall()
    old_ids, new_ids, new_uris = [], [], []
    for doc_id, uri, sha in rows:
        path = Path(uri)
        try:
            if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
                continue
        except OSError:
            continue
        absolute = path.resolve().as_posix()
        old_ids.append(doc_id)
        new_ids.append(_document_id(absolute))
        new_uris.append(absolute)
    con.register("_document_map_arrow", pa.table({
        "old_id": pa.array(old_ids, pa.string()), "new_id": pa.array(new_ids, pa.string()),
        "new_uri": pa.array(new_uris, pa.string()),
    }))
    con.execute("create or replace temp table _document_map as select * from _document_map_arrow")
    con.unregister("_document_map_arrow")
    if old_ids:
        con.execute(REKEY_SQL)
