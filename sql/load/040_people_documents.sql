-- People and documents: merged with the stored row, and only changed rows written (see 020_releases.sql).
-- People: one row per person across the warehouse; the fullest name wins, first/last seen are widened.
create or replace temp table _merged_people as
select
    n.person_id,
    case when e.full_name is null or length(n.full_name) >= length(e.full_name) then n.full_name
         else e.full_name end as full_name,
    least(coalesce(e.first_seen_at, n.first_seen_at), n.first_seen_at) as first_seen_at,
    greatest(coalesce(e.last_seen_at, n.last_seen_at), n.last_seen_at) as last_seen_at
from stg_people as n
left join people as e using (person_id);

create or replace temp table _changed_people as
select * from _merged_people
except
select * from people where person_id in (select person_id from _merged_people);

drop table _merged_people;

delete from people where person_id in (select person_id from _changed_people);

insert into people by name select * from _changed_people;

drop table _changed_people;

-- Documents: the newest read wins, first_seen_at is kept.
create or replace temp table _merged_documents as
select
    n.* replace (least(coalesce(e.first_seen_at, n.first_seen_at), n.first_seen_at) as first_seen_at)
from stg_documents as n
left join documents as e using (document_id);

create or replace temp table _changed_documents as
select * from _merged_documents
except
select * from documents where document_id in (select document_id from _merged_documents);

drop table _merged_documents;

delete from documents where document_id in (select document_id from _changed_documents);

insert into documents by name select * from _changed_documents;

drop table _changed_documents;

insert into release_documents by name
select n.*
from stg_release_documents as n
anti join release_documents as e using (release_id, document_id);
