-- Upsert releases, merging an incoming copy with the stored one column by column, and writing only the
-- rows that change: a re-run over unchanged input rewrites nothing, and a big load never needs a
-- conflict-checking INSERT OR REPLACE, which DuckDB cannot spill to disk.
-- The merge is decided on every column but the text (stg_releases holds no title, lead, body or aside):
-- a release the incoming copy takes over (_takeover) is written whole, delete + insert, its text read
-- from the staged parts once, by the insert (stg_release_texts); one it does not take over keeps its
-- stored text, and only its merged columns (seen-times, a URL or date it lacked) are updated in place.
create or replace temp table _merged_releases as
with incoming as (
    select n.*, t.release_id is not null as takes_over
    from stg_releases as n
    left join _takeover as t using (release_id)
)
select
    i.release_id,
    i.takes_over,
    case when i.takes_over then coalesce(i.url, e.url) else coalesce(e.url, i.url) end as url,
    case when i.takes_over then coalesce(i.published_at, e.published_at)
         else coalesce(e.published_at, i.published_at) end as published_at,
    -- the kept copy's type, as a fresh build keeps the winning copy's (005_stage.sql): a teaser's
    -- '| Pressemelding' merged into a stored full text without one made an incremental build differ
    case when i.takes_over or e.release_id is null then i.release_type else e.release_type end as release_type,
    coalesce(i.publisher, e.publisher) as publisher,
    -- the language and title key go with the kept copy too (a teaser's language merged into a full
    -- text that had none made an incremental build differ from a fresh one)
    case when i.takes_over or e.release_id is null then i.language else e.language end as language,
    coalesce(i.has_full_text or e.has_full_text, i.has_full_text) as has_full_text,
    case when i.takes_over then i.title_is_quote else e.title_is_quote end as title_is_quote,
    case when i.takes_over then i.document_id else e.document_id end as document_id,
    least(coalesce(e.first_seen_at, i.first_seen_at), i.first_seen_at) as first_seen_at,
    greatest(coalesce(e.last_seen_at, i.last_seen_at), i.last_seen_at) as last_seen_at,
    case when i.takes_over or e.release_id is null then i.title_key else e.title_key end as title_key,
    -- how the kept title was chosen: it goes with the title (and the text: i's when it takes over, else e's)
    case when i.takes_over then i.title_source else e.title_source end as title_source
from incoming as i
left join releases as e using (release_id);

-- The rows to write: new releases, and those where a merged column differs from the stored row's
-- (is distinct from: two nulls are equal, as in EXCEPT).
create or replace temp table _changed_releases as
select m.*
from _merged_releases as m
left join releases as e using (release_id)
where e.release_id is null
   or m.url is distinct from e.url
   or m.published_at is distinct from e.published_at
   or m.release_type is distinct from e.release_type
   or m.publisher is distinct from e.publisher
   or m.language is distinct from e.language
   or m.has_full_text is distinct from e.has_full_text
   or m.title_is_quote is distinct from e.title_is_quote
   or m.document_id is distinct from e.document_id
   or m.first_seen_at is distinct from e.first_seen_at
   or m.last_seen_at is distinct from e.last_seen_at
   or m.title_key is distinct from e.title_key
   or m.title_source is distinct from e.title_source;

-- ... and the stored releases taken over whose other columns are the same: written when their text is not.
insert into _changed_releases
select m.*
from _merged_releases as m
join stg_release_texts as n using (release_id)
join (
    select release_id, title, lead, body, aside from releases
    where release_id in (select release_id from _merged_releases where takes_over)
      and release_id not in (select release_id from _changed_releases)
) as e using (release_id)
where m.takes_over
  and (n.title is distinct from e.title
       or n.lead is distinct from e.lead
       or n.body is distinct from e.body
       or n.aside is distinct from e.aside);

drop table _merged_releases;

-- Not taken over: the stored text stays, the merged columns are written in place.
update releases set
    url = c.url,
    published_at = c.published_at,
    release_type = c.release_type,
    publisher = c.publisher,
    language = c.language,
    has_full_text = c.has_full_text,
    title_is_quote = c.title_is_quote,
    document_id = c.document_id,
    first_seen_at = c.first_seen_at,
    last_seen_at = c.last_seen_at,
    title_key = c.title_key,
    title_source = c.title_source
from _changed_releases as c
where releases.release_id = c.release_id and not c.takes_over;

-- Taken over: the row is written again with the winning copy's text.
delete from releases where release_id in (select release_id from _changed_releases where takes_over);

insert into releases by name
select c.* exclude (takes_over), n.title, n.lead, n.body, n.aside
from _changed_releases as c
join stg_release_texts as n using (release_id)
where c.takes_over;

-- every release written has its row (stg_release_texts found its copy's text): else roll back
select case when count(*) > 0 then error('020_releases.sql: no staged text for release ' || min(release_id)) end
from _changed_releases
where takes_over and release_id not in (select release_id from releases);

drop table _changed_releases;
