"""022: have the documents of every release that may merge two different texts read again.

Up to this migration two copies of one release title were one release when their dates agreed (the
same Oslo day, or one side undated), whatever their bodies: two regjeringen.no releases read with the
chrome title `Historisk arkiv` and no date became one row, holding one page's body and quotes (issue
19). Now two full copies whose bodies plainly differ are two releases (transform/ids.py). The body of
the copy that lost is not stored, so this migration cannot tell which stored merges are wrong: it marks
the documents of every release that holds full text from two documents or more to be read again (a
local file's extractor_version is cleared, so the next run reads it instead of skipping it as
unchanged; a live page's validators are cleared, so its next fetch is a full one). The rows stay: a
right merge stays right, and when the documents are read again the loader compares each copy's body
with the stored one and splits what differs.

The formulas are copied here on purpose (sql/migrations/README.md); this one needs none.
"""

from __future__ import annotations

import duckdb


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Mark the documents of releases with full text from two documents or more to be read again."""
    con.execute("comment on column releases.release_id is 'Stable id: hash of the normalised title and the "
                "Oslo day of publication (an undated copy joins the dated release of its title; of two "
                "releases of one title and day whose bodies plainly differ, the shorter adds its body''s "
                "fingerprint; an untitled release is keyed by its document).'")
    con.execute("""
        create or replace temp table _reread_documents as
        select distinct document_id from release_documents
        where release_id in (
            select release_id from release_documents
            where seen_as = 'full_text'
            group by release_id
            having count(distinct document_id) > 1
        );

        update documents set extractor_version = null
        where document_id in (select document_id from _reread_documents);

        update fetches set etag = null, last_modified = null, sha256 = null
        where url in (select source_uri from documents
                      where document_id in (select document_id from _reread_documents));
    """)
