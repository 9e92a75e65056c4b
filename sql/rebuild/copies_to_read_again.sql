-- Stored documents that must be read again with this run's documents: every other copy of a stored
-- release that a document of this run touches (linked it before, yields its id or its title now) or
-- that a document gone from its folder linked. With all its copies staged, the load rebuilds such a
-- release from them alone (sql/load/before/010_rebuild.sql), as a fresh build makes it.
-- Inputs (registered by load/rebuild.py): _staged_documents(document_id),
-- _staged_releases(release_id, title_key), _gone(document_id).
with touched as (
    select release_id
    from release_documents
    where document_id in (select document_id from _staged_documents)
       or document_id in (select document_id from _gone)
    union
    select release_id
    from releases
    where release_id in (select release_id from _staged_releases)
       or title_key in (select title_key from _staged_releases where title_key is not null)
),
final as (
    select distinct d.source_uri
    from release_documents as l
    join documents as d using (document_id)
    where l.release_id in (select release_id from touched)
      and l.document_id not in (select document_id from _staged_documents)
      and l.document_id not in (select document_id from _gone)
)
select * from final order by source_uri
