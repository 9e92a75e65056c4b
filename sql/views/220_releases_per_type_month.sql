-- Releases per type per month of publication.
create or replace view releases_per_type_month as
with

releases as (
    select * from main.releases
),

releases_dated as (
    select
        release_id,
        coalesce(release_type, 'ukjent') as release_type,
        has_full_text,
        -- months follow the publisher's calendar (Oslo), not UTC
        date_trunc('month', published_at at time zone 'Europe/Oslo')::date as month
    from releases
),

final as (
    select
        release_type,
        month,
        count(*) as n_releases,
        count(*) filter (where has_full_text) as n_full_text
    from releases_dated
    group by all
)

select * from final;

comment on view releases_per_type_month is 'Releases per type per month of publication (Europe/Oslo), counting teasers and full texts.';
comment on column releases_per_type_month.release_type is 'Type of the release as labelled by the source; ukjent when the source gives none.';
comment on column releases_per_type_month.month is 'First day of the month of publication, Europe/Oslo; null when the release has no date.';
comment on column releases_per_type_month.n_releases is 'Number of releases.';
comment on column releases_per_type_month.n_full_text is 'Of those, the releases read in full (not only as a listed teaser).';
