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
