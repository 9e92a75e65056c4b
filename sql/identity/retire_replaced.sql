-- A document read again replaces what it produced before. Its stored links to releases it no longer
-- yields (an edited title, a release taken off a listing) are removed; a release left with no document
-- at all is removed with its quotes, amounts, roles and contacts. A release another document still
-- yields keeps its row. Child rows a document no longer yields for a release it still yields were
-- replaced by 030_children.sql.
-- Only documents loaded in this run (stg_documents) are considered, minus those in _held_documents
-- (document_id): a document that is not loaded (failed, skipped as unchanged) or whose replacement is
-- held back (quarantined) leaves its old rows as they are until a copy of it loads.
-- Run by load.identity.retire_replaced after the sql/load files, inside the load transaction.
create or replace temp table _retired_links as
select d.release_id, d.document_id
from release_documents as d
where d.document_id in (select document_id from stg_documents)
  and d.document_id not in (select document_id from _held_documents)
  and not exists (
      select 1 from stg_release_documents as n
      where n.release_id = d.release_id and n.document_id = d.document_id
  );

delete from release_documents
where (release_id, document_id) in (select (release_id, document_id) from _retired_links);

create or replace temp table _retired_releases as
select distinct l.release_id
from _retired_links as l
anti join release_documents as d using (release_id);

-- their titles, for load.identity.settle_release_ids (a release that shared its title and day may take the plain id)
create or replace temp table _retired_title_keys as
select distinct title_key from releases
where release_id in (select release_id from _retired_releases) and title_key is not null;

delete from quotes where release_id in (select release_id from _retired_releases);
delete from amounts where release_id in (select release_id from _retired_releases);
delete from person_roles where release_id in (select release_id from _retired_releases);
delete from contacts where release_id in (select release_id from _retired_releases);
delete from releases where release_id in (select release_id from _retired_releases);
