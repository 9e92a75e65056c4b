-- Quotes and speakers per organisation per month: a quote counts for the organisation its speaker's role
-- names in the same release (KS, Tromsø kommune); a speaker with roles in two organisations counts for both.
create or replace view quotes_per_organisation_month as
with

quotes as (
    select * from main.quotes
    where person_id is not null
),

roles as (
    select distinct person_id, release_id, organisation_id from main.person_roles
    where organisation_id is not null
),

releases as (
    select * from main.releases
),

organisations as (
    select * from main.organisations
),

final as (
    select
        organisations.organisation_id,
        organisations.name as organisation,
        organisations.kind,
        date_trunc('month', releases.published_at at time zone 'Europe/Oslo')::date as month,
        count(distinct quotes.quote_id) as n_quotes,
        count(distinct quotes.person_id) as n_speakers,
        count(distinct quotes.release_id) as n_releases
    from quotes
    join roles using (person_id, release_id)
    join organisations using (organisation_id)
    join releases using (release_id)
    group by all
)

select * from final;

comment on view quotes_per_organisation_month is 'Quotes and speakers per organisation per month of publication (Europe/Oslo): a quote counts for the organisation its speaker''s role names in the same release.';
comment on column quotes_per_organisation_month.organisation_id is 'The organisation (organisations).';
comment on column quotes_per_organisation_month.organisation is 'Its normalised name: KS, SKR, Tromsø kommune.';
comment on column quotes_per_organisation_month.kind is 'municipality, county, association, ministry, agency, union, party, company or other.';
comment on column quotes_per_organisation_month.month is 'First day of the month of publication, Europe/Oslo; null when the release has no date.';
comment on column quotes_per_organisation_month.n_quotes is 'Number of quotes by people speaking for the organisation.';
comment on column quotes_per_organisation_month.n_speakers is 'Number of distinct speakers.';
comment on column quotes_per_organisation_month.n_releases is 'Number of releases the quotes come from.';
