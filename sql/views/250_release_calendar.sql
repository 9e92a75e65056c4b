-- A release calendar: one row per day with releases, with counts per type and the titles.
create or replace view release_calendar as
with

releases as (
    select * from main.releases
),

releases_dated as (
    select
        release_id,
        title,
        release_type,
        published_at,
        -- days follow the publisher's calendar (Oslo), not UTC
        (published_at at time zone 'Europe/Oslo')::date as published_on
    from releases
    where published_at is not null
),

final as (
    select
        published_on,
        year(published_on) as year,
        weekofyear(published_on) as iso_week,
        isodow(published_on) as iso_weekday,
        count(*) as n_releases,
        count(*) filter (where release_type = 'Pressemelding') as n_pressemeldinger,
        count(*) filter (where release_type = 'Presseinvitasjon') as n_presseinvitasjoner,
        list(title order by published_at, title) as titles
    from releases_dated
    group by published_on
)

select * from final;

comment on view release_calendar is 'One row per day (Europe/Oslo) with at least one dated release: counts per type and the titles in order of publication.';
comment on column release_calendar.published_on is 'Day of publication, Europe/Oslo.';
comment on column release_calendar.year is 'Year of published_on.';
comment on column release_calendar.iso_week is 'ISO week number of published_on.';
comment on column release_calendar.iso_weekday is 'ISO day of week of published_on (1 = Monday, 7 = Sunday).';
comment on column release_calendar.n_releases is 'Number of releases published that day.';
comment on column release_calendar.n_pressemeldinger is 'Of those, releases of type Pressemelding.';
comment on column release_calendar.n_presseinvitasjoner is 'Of those, releases of type Presseinvitasjon.';
comment on column release_calendar.titles is 'Titles of the releases that day, in order of publication (untrusted text).';
