-- Staged rows (stg_raw_*: one Arrow table, or the Parquet parts of every batch of a run) -> one row per
-- key (stg_*). A release seen in several documents keeps its most complete copy (full text, then the
-- longest body, then the smaller document id), seen-times widened over all copies; child rows come from
-- that copy only, so a teaser in one batch and the full text in another never double a quote or an
-- amount. Only stg_releases is materialised (it is read by every later statement); the others are views,
-- streamed when used.
--
-- The copy is chosen on its keys alone: stg_releases holds every column of the winning copy but its
-- text (title, lead, body, aside), which stays in the staged parts until the winning rows are written
-- (stg_release_texts, read by 020_releases.sql), so a load holds each body once, in the rows it writes.
-- Copies equal in those three keys (two staged rows of one release and document) are ordered by their
-- other columns, and the rows equal in all of them (twins) by their text.
create or replace temp table stg_releases as
select
    release_id,
    document_id,
    has_full_text,
    body_length,
    -- copies joined into one release (load/identity.py): a dated copy gives its date and a linked one its URL
    coalesce(url, max(url) over copies) as url,
    coalesce(published_at, max(published_at) over copies) as published_at,
    release_type,
    publisher,
    language,
    title_is_quote,
    title_key,
    title_source,
    min(first_seen_at) over copies as first_seen_at,
    max(last_seen_at) over copies as last_seen_at,
    -- what finds the winning copy's text again (stg_release_texts): its own URL and date, and how many
    -- staged copies share every one of its columns but the text
    url as copy_url,
    published_at as copy_published_at,
    count(*) over (
        partition by release_id, has_full_text, body_length, document_id, url, published_at, release_type,
                     publisher, language, title_is_quote, title_key, title_source
    ) as twins
from (
    select * exclude (title, lead, body, aside), length(coalesce(body, '')) as body_length
    from stg_raw_releases
)
window copies as (partition by release_id)
qualify row_number() over (
    partition by release_id
    order by has_full_text desc, body_length desc, document_id,
             url, published_at, release_type, publisher, language, title_is_quote, title_key, title_source
) = 1;

-- The staged copy each row of stg_releases was chosen from, with its text (title, lead, body, aside):
-- a view, so the text is read from the staged parts only by the statement that writes it.
create or replace temp view stg_release_copies as
select s.release_id, s.title, s.lead, s.body, s.aside, r.twins
from stg_raw_releases as s
join stg_releases as r
  on s.release_id = r.release_id
 and s.document_id is not distinct from r.document_id
 and s.has_full_text is not distinct from r.has_full_text
 and length(coalesce(s.body, '')) = r.body_length
 and s.url is not distinct from r.copy_url
 and s.published_at is not distinct from r.copy_published_at
 and s.release_type is not distinct from r.release_type
 and s.publisher is not distinct from r.publisher
 and s.language is not distinct from r.language
 and s.title_is_quote is not distinct from r.title_is_quote
 and s.title_key is not distinct from r.title_key
 and s.title_source is not distinct from r.title_source;

-- One text per release: the copy itself, or of twins the first by their text (only twins are sorted).
create or replace temp view stg_release_texts as
select release_id, title, lead, body, aside from stg_release_copies where twins = 1
union all
select release_id, title, lead, body, aside from stg_release_copies where twins > 1
qualify row_number() over (partition by release_id order by title, lead, body, aside) = 1;

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
select * exclude (source_document_id) from stg_raw_release_documents
qualify row_number() over (partition by release_id, document_id order by seen_as) = 1;

create or replace temp view stg_fetches as
select * from stg_raw_fetches
qualify row_number() over (partition by url order by fetched_at desc nulls last) = 1;
