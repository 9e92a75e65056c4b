-- Upsert releases, merging an incoming copy with the stored one column by column, and writing only the
-- rows that change (delete + insert): a re-run over unchanged input rewrites nothing, and a big load never
-- needs a conflict-checking INSERT OR REPLACE, which DuckDB cannot spill to disk.
create or replace temp table _merged_releases as
with incoming as (
    select n.*, t.release_id is not null as takes_over
    from stg_releases as n
    left join _takeover as t using (release_id)
),
merged as (
    select
        i.release_id,
        case when i.takes_over then coalesce(i.url, e.url) else coalesce(e.url, i.url) end as url,
        case when i.takes_over then i.title else e.title end as title,
        case when i.takes_over then i.lead else e.lead end as lead,
        case when i.takes_over then i.body else e.body end as body,
        case when i.takes_over then coalesce(i.published_at, e.published_at)
             else coalesce(e.published_at, i.published_at) end as published_at,
        case when i.takes_over then coalesce(i.release_type, e.release_type)
             else coalesce(e.release_type, i.release_type) end as release_type,
        coalesce(i.publisher, e.publisher) as publisher,
        case when i.takes_over then coalesce(i.language, e.language) else coalesce(e.language, i.language) end
            as language,
        coalesce(i.has_full_text or e.has_full_text, i.has_full_text) as has_full_text,
        case when i.takes_over then i.title_is_quote else e.title_is_quote end as title_is_quote,
        case when i.takes_over then i.document_id else e.document_id end as document_id,
        least(coalesce(e.first_seen_at, i.first_seen_at), i.first_seen_at) as first_seen_at,
        greatest(coalesce(e.last_seen_at, i.last_seen_at), i.last_seen_at) as last_seen_at,
        case when i.takes_over then coalesce(i.title_key, e.title_key) else coalesce(e.title_key, i.title_key) end
            as title_key,
        -- how the kept title was chosen: it goes with the title
        case when i.takes_over then i.title_source else e.title_source end as title_source,
        -- what the kept copy's page prints beside its body (a table, the block about the publisher)
        case when i.takes_over then i.aside else e.aside end as aside
    from incoming as i
    left join releases as e using (release_id)
)
select * from merged;

create or replace temp table _changed_releases as
select * from _merged_releases
except
select * from releases where release_id in (select release_id from _merged_releases);

delete from releases where release_id in (select release_id from _changed_releases);

insert into releases by name select * from _changed_releases;
