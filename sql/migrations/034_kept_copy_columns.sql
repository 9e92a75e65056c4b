-- A release keeps its kept copy's release_type, language and title_key, as a fresh build keeps the winning
-- copy's (sql/load/020_releases.sql, issue 21 sessions 7-8). Loads before that merged them in from a copy
-- that was not kept (a listed teaser's '| Pressemelding' or language into a full text without one), so a
-- warehouse of an earlier release may hold values a fresh build would not. The losing copies are not
-- stored, so the wrong rows cannot be told from the right ones here: the documents of every release
-- seen in two documents or more are marked to be read again (a local file's extractor_version is cleared,
-- so the next run reads it instead of skipping it as unchanged; a live page's validators are cleared, so
-- its next fetch is a full one). Nothing is deleted: a right row stays right, and once its documents are
-- read again each release holds its kept copy's values, as a fresh build of the same inputs does.
create temp table _reread_034 as
select distinct document_id
from release_documents
where release_id in (
    select release_id from release_documents group by release_id having count(distinct document_id) > 1
);

update documents set extractor_version = null
where document_id in (select document_id from _reread_034);

update fetches set etag = null, last_modified = null, sha256 = null
where url in (select source_uri from documents where document_id in (select document_id from _reread_034));

drop table _reread_034;
