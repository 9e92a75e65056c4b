"""What else a run must read so that the releases it touches are rebuilt from all their copies.

A changed document can leave a release that another document still lists (a teaser under "Siste
pressemeldinger" naming the old title). The load rebuilds a release from its staged copies only when
every stored copy is staged (sql/load/before/010_rebuild.sql), so the flow asks here which stored documents
to read again with the changed ones (sql/rebuild/copies_to_read_again.sql), and which documents are
gone from the folders it reads. Read-only; a warehouse that is missing, busy or not yet migrated
gives nothing to add (the load then merges as before).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from load.warehouse import connect, is_current, sql_text


def _staged_column(staging: Path, table: str, columns: list[str]) -> pa.Table:
    parts = sorted((staging / table).glob("part-*.parquet"))
    if not parts:
        return pa.table({c: pa.array([], pa.string()) for c in columns})
    return pa.concat_tables(pq.read_table(p, columns=columns) for p in parts)


def copies_to_read_again(db: str | Path, staging: str | Path, gone: Iterable[str] = ()) -> list[str]:
    """Source URIs of stored local files to read again with the staged documents (only those that exist).

    copies_to_read_again('w.duckdb', '/tmp/pressroom-stage-x') -> ['/data/b.txt'] when /data/e.txt,
    staged with a new title, was the full text of a release that b.txt lists as a teaser.
    """
    if not Path(db).exists():
        return []
    staging = Path(staging)
    with connect(db, read_only=True) as con:
        if not is_current(con):
            return []
        con.register("_staged_documents", _staged_column(staging, "documents", ["document_id"]))
        con.register("_staged_releases", _staged_column(staging, "releases", ["release_id", "title_key"]))
        con.register("_gone", pa.table({"document_id": pa.array(list(gone), pa.string())}))
        uris = [u for (u,) in con.execute(sql_text("rebuild", "copies_to_read_again.sql")).fetchall()]
    return [u for u in uris if u.startswith("/") and Path(u).is_file()]


def gone_documents(db: str | Path, folders: Iterable[str | Path], listed: Iterable[str]) -> list[str]:
    """Ids of stored documents directly inside one of `folders` whose file no longer exists there.

    gone_documents('w.duckdb', ['/data/in'], ['/data/in/a.txt']) -> ['3f…'] when /data/in/b.txt was
    loaded before and has been deleted or renamed since. A file that is still there (even one that
    failed to read this time) is not gone.
    """
    roots = [str(Path(f).resolve()) for f in folders]
    if not roots or not Path(db).exists():
        return []
    seen = set(listed)
    with connect(db, read_only=True) as con:
        if not is_current(con):
            return []
        rows = con.execute("select document_id, source_uri from documents "
                           "where list_contains(?, parse_dirpath(source_uri))", [roots]).fetchall()
    return [doc for doc, uri in rows if uri not in seen and not os.path.lexists(uri)]
