-- Releases per county (län, region) per month: a release counts for a county when it names the county
-- or a municipality in it (the county of the municipality's version on the release's date).
create or replace view releases_per_county_month as
with

releases as (
    select * from main.releases
),

mentions as (
    select * from main.place_mentions
    where place_id is not null
),

places as (
    select * from main.places
),

counties_named as (
    select
        mentions.release_id,
        -- a county names itself; a municipality its county
        coalesce(places.parent_id, places.place_id) as county_id
    from mentions
    join places on places.place_id = mentions.place_id and places.valid_from = mentions.valid_from
),

newest_names as (
    -- the newest name of each county number, for a month before the registers begin
    select place_id as county_id, arg_max(short_name, valid_from) as county_name
    from places
    where parent_id is null
    group by all
),

monthly as (
    select
        counties_named.county_id,
        date_trunc('month', releases.published_at at time zone 'Europe/Oslo')::date as month,
        count(distinct releases.release_id) as n_releases
    from counties_named
    join releases using (release_id)
    where releases.published_at is not null
    group by all
),

final as (
    select
        monthly.county_id,
        -- the name the county had that month
        coalesce(that_month.short_name, newest_names.county_name) as county_name,
        monthly.month,
        monthly.n_releases
    from monthly
    join newest_names using (county_id)
    left join places as that_month
        on that_month.place_id = monthly.county_id
        and monthly.month between that_month.valid_from and coalesce(that_month.valid_to, monthly.month)
)

select * from final;

comment on view releases_per_county_month is 'Releases per county (Norwegian fylke, Swedish län, Danish region) per month of publication (Europe/Oslo): a release counts once for each county it names or names a municipality of. Undated releases are left out.';
comment on column releases_per_county_month.county_id is 'The county (NO:fylke:46, SE:län:12, DK:region:1084).';
comment on column releases_per_county_month.county_name is 'The county''s name that month (its newest name for a month before the registers begin).';
comment on column releases_per_county_month.month is 'First day of the month of publication, Europe/Oslo.';
comment on column releases_per_county_month.n_releases is 'Number of releases naming the county or one of its municipalities.';
