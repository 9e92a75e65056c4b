-- Staged rows (stg_raw_*: one Arrow table, or the Parquet parts of every batch of a run) -> one row per
-- key (stg_*). A release seen in several documents keeps its most complete copy (full text, then the
-- longest body), seen-times widened over all copies; child rows come from that copy only, so a teaser in
-- one batch and the full text in another never double a quote or an amount. Only stg_releases is
-- materialised (it is read by every later statement); the others are views, streamed when used.
-- Equally complete copies: the one of the smaller source URI wins, as within one batch
-- (transform/normalise.py), so one batch or many give the same row.
create or replace temp table stg_releases as
with uris as (
    select document_id, min(source_uri) as source_uri
    from stg_raw_documents
    group by document_id
)
select r.* replace (
    -- copies joined into one release (load/identity.py): a dated copy gives its date and a linked one its URL
    coalesce(r.url, max(r.url) over (partition by r.release_id)) as url,
    coalesce(r.published_at, max(r.published_at) over (partition by r.release_id)) as published_at,
    min(r.first_seen_at) over (partition by r.release_id) as first_seen_at,
    max(r.last_seen_at) over (partition by r.release_id) as last_seen_at
)
from stg_raw_releases as r
left join uris as u on u.document_id = r.document_id
qualify row_number() over (
    partition by r.release_id
    order by r.has_full_text desc, length(coalesce(r.body, '')) desc, u.source_uri, r.document_id
) = 1;

create or replace temp view stg_quotes as
select q.* exclude (source_document_id)
from stg_raw_quotes as q
semi join stg_releases as r on q.release_id = r.release_id and q.source_document_id = r.document_id
qualify row_number() over (partition by q.quote_id order by q.char_start) = 1;

create or replace temp view stg_amounts as
select a.* exclude (source_document_id)
from stg_raw_amounts as a
semi join stg_releases as r on a.release_id = r.release_id and a.source_document_id = r.document_id
qualify row_number() over (partition by a.amount_id order by a.char_start) = 1;

create or replace temp view stg_person_roles as
select p.* exclude (source_document_id)
from stg_raw_person_roles as p
semi join stg_releases as r on p.release_id = r.release_id and p.source_document_id = r.document_id
qualify row_number() over (partition by p.person_role_id order by p.as_written) = 1;

create or replace temp view stg_contacts as
select c.* exclude (source_document_id)
from stg_raw_contacts as c
semi join stg_releases as r on c.release_id = r.release_id and c.source_document_id = r.document_id
qualify row_number() over (partition by c.contact_id order by c.name) = 1;

-- People referenced by the chosen child rows, with the fullest form of their name; seen-times are
-- those of the releases they appear in (so one batch or many give the same rows).
create or replace temp view stg_people as
with referenced as (
    select person_id, release_id from stg_quotes where person_id is not null
    union all
    select person_id, release_id from stg_person_roles
    union all
    select person_id, release_id from stg_contacts where person_id is not null
),
seen as (
    select
        ref.person_id,
        min(r.first_seen_at) as first_seen_at,
        max(r.last_seen_at) as last_seen_at
    from referenced as ref
    join stg_releases as r using (release_id)
    group by ref.person_id
),
names as (
    select person_id, arg_max(full_name, length(full_name)) as full_name
    from stg_raw_people
    group by person_id
)
select
    names.person_id,
    names.full_name,
    seen.first_seen_at,
    seen.last_seen_at
from names
join seen using (person_id);

create or replace temp view stg_documents as
select * from stg_raw_documents
qualify row_number() over (partition by document_id order by fetched_at desc nulls last) = 1;

create or replace temp view stg_release_documents as
select * from stg_raw_release_documents
qualify row_number() over (partition by release_id, document_id order by seen_as) = 1;

create or replace temp view stg_fetches as
select * from stg_raw_fetches
qualify row_number() over (partition by url order by fetched_at desc nulls last) = 1;
