-- People: one row per person across the warehouse; the fullest name wins, first/last seen are widened.
insert or replace into people by name
select
    n.person_id,
    case when e.full_name is null or length(n.full_name) >= length(e.full_name) then n.full_name
         else e.full_name end as full_name,
    least(coalesce(e.first_seen_at, n.first_seen_at), n.first_seen_at) as first_seen_at,
    greatest(coalesce(e.last_seen_at, n.last_seen_at), n.last_seen_at) as last_seen_at
from stg_people as n
left join people as e using (person_id);

-- Documents: the newest read wins, first_seen_at is kept.
insert or replace into documents by name
select
    n.* exclude (first_seen_at),
    least(coalesce(e.first_seen_at, n.first_seen_at), n.first_seen_at) as first_seen_at
from stg_documents as n
left join documents as e using (document_id);

insert or ignore into release_documents by name
select * from stg_release_documents;
