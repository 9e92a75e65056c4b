-- Releases rebuilt from their copies: a stored release every one of whose documents is read in this
-- load (stg_src_documents) or gone from its folder (_gone_documents) is deleted here, with its quotes,
-- amounts, roles, contacts and links, and loads again from the staged copies alone, exactly as a fresh
-- build makes it. So what a document no longer yields goes, whoever else still points at the release
-- (a listing naming the old title keeps its teaser, nothing of the old full text). The flow stages
-- every document of a release that a changed document touches (load/rebuild.py), so such releases are
-- rebuilt; a release with a copy not read in this load is merged as before (020_releases.sql).
-- Documents gone from their folder lose their rows here too. Run by load_tables before the release map
-- (load/identity.py) is computed, so a staged copy never joins a stored release that is about to go.
create or replace temp table _rebuilt_releases as
select d.release_id
from release_documents as d
group by d.release_id
having bool_and(
    d.document_id in (select document_id from stg_src_documents)
    or d.document_id in (select document_id from _gone_documents)
);

delete from release_documents
where release_id in (select release_id from _rebuilt_releases)
   or document_id in (select document_id from _gone_documents);

-- releases left without any document (their only copies were gone documents) go as well
insert into _rebuilt_releases
select r.release_id
from releases as r
anti join release_documents as d using (release_id)
anti join _rebuilt_releases as b using (release_id);

-- their titles, for load.identity.settle_release_ids: a release that shared a title and day with a
-- removed one may take its plain id (as retire_replaced.sql records for the releases it retires)
create or replace temp table _rebuilt_title_keys as
select distinct title_key from releases
where release_id in (select release_id from _rebuilt_releases) and title_key is not null;

delete from quotes where release_id in (select release_id from _rebuilt_releases);
delete from amounts where release_id in (select release_id from _rebuilt_releases);
delete from person_roles where release_id in (select release_id from _rebuilt_releases);
delete from contacts where release_id in (select release_id from _rebuilt_releases);
delete from releases where release_id in (select release_id from _rebuilt_releases);
delete from documents where document_id in (select document_id from _gone_documents);
