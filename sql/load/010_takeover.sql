-- Releases whose rows this load may replace: new ones; those where the incoming copy is at least as
-- complete (full text beats a listed teaser, then the longer body, then the smaller document id, as
-- 005_stage.sql chooses within a load); and those whose stored copy's document is read again (its new
-- text replaces the old). So the release keeps its most complete copy whatever the order in which the
-- copies arrive, as a fresh build does. A teaser seen after the full text only refreshes last_seen_at
-- and the document link; the release's quotes, amounts and roles stay those of the full text.
-- (n.body_length is length(coalesce(body, '')) of the staged copy, 005_stage.sql.)
create or replace temp table _takeover as
select n.release_id
from stg_releases as n
left join releases as e using (release_id)
where e.release_id is null
   or e.document_id in (select document_id from stg_documents)
   or n.has_full_text::int > e.has_full_text::int
   or (n.has_full_text = e.has_full_text
       and (n.body_length > length(coalesce(e.body, ''))
            or (n.body_length = length(coalesce(e.body, '')) and n.document_id <= e.document_id)));
