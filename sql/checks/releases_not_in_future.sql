-- severity: warn
-- A release dated in the future: an embargoed release, or a misprinted year. It is loaded as printed
-- and reported (a quarantine here would depend on the day of the run, so a fresh build later would
-- give other rows). The hour of slack absorbs clock skew between the source's server and ours.
-- Implausible years are held back by releases_year_plausible.
select
    'releases' as table_name,
    release_id as row_id,
    'releases.published_at ' || strftime(published_at, '%Y-%m-%d %H:%M UTC') || ' is in the future: '
        || coalesce(title, '(untitled)') as reason
from releases
where published_at > now() + interval 1 hour
