-- Fetch records of live sources: the newest per URL; an unchanged (304) response keeps the stored body
-- and validators and moves only last_checked_at.
create or replace temp table _merged_fetches as
select
    n.url,
    case when n.status = 304 then e.final_url else n.final_url end as final_url,
    case when n.status = 304 and e.url is not null then e.status else n.status end as status,
    case when n.status = 304 then e.content_type else n.content_type end as content_type,
    coalesce(case when n.status = 304 then e.etag else n.etag end, e.etag) as etag,
    coalesce(case when n.status = 304 then e.last_modified else n.last_modified end, e.last_modified)
        as last_modified,
    case when n.status = 304 or n.sha256 is null then e.sha256 else n.sha256 end as sha256,
    case when n.status = 304 or n.sha256 is null then e.n_bytes else n.n_bytes end as n_bytes,
    case when n.status = 304 or n.sha256 is null or n.sha256 = e.sha256 then coalesce(e.fetched_at, n.fetched_at)
         else n.fetched_at end as fetched_at,
    n.fetched_at as last_checked_at,
    n.error
from stg_fetches as n
left join fetches as e using (url);

create or replace temp table _changed_fetches as
select * from _merged_fetches
except
select * from fetches where url in (select url from _merged_fetches);

drop table _merged_fetches;

delete from fetches where url in (select url from _changed_fetches);

insert into fetches by name select * from _changed_fetches;

drop table _changed_fetches;
