-- Quotes per person per month: how often each person is quoted, by month of publication.
create or replace view quotes_per_person_month as
with

quotes as (
    select * from main.quotes
),

people as (
    select * from main.people
),

releases as (
    select * from main.releases
),

quotes_dated as (
    select
        quotes.quote_id,
        quotes.release_id,
        quotes.person_id,
        -- months follow the publisher's calendar (Oslo), not UTC
        date_trunc('month', releases.published_at at time zone 'Europe/Oslo')::date as month
    from quotes
    join releases using (release_id)
    where quotes.person_id is not null
),

final as (
    select
        quotes_dated.person_id,
        people.full_name,
        quotes_dated.month,
        count(*) as n_quotes,
        count(distinct quotes_dated.release_id) as n_releases
    from quotes_dated
    join people using (person_id)
    group by all
)

select * from final;

comment on view quotes_per_person_month is 'Quotes per person per month of publication (Europe/Oslo); quotes with no resolved speaker are left out.';
comment on column quotes_per_person_month.person_id is 'The speaker (people.person_id).';
comment on column quotes_per_person_month.full_name is 'Fullest name of the speaker.';
comment on column quotes_per_person_month.month is 'First day of the month of publication, Europe/Oslo; null when the release has no date.';
comment on column quotes_per_person_month.n_quotes is 'Number of quotes by the person that month.';
comment on column quotes_per_person_month.n_releases is 'Number of distinct releases quoting the person that month.';
