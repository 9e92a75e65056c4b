-- Releases whose rows this load may replace: new ones, and those where the incoming copy is at least
-- as complete (full text beats a listed teaser). A teaser seen after the full text only refreshes
-- last_seen_at and the document link; the release's quotes, amounts and roles stay those of the full text.
create or replace temp table _takeover as
select n.release_id
from stg_releases as n
left join releases as e using (release_id)
where e.release_id is null
   or n.has_full_text::int >= e.has_full_text::int;
