-- severity: quarantine
-- No release is published in the future. The hour of slack absorbs clock skew between the source's
-- server and ours; a date misread as the next year or a year too far off is caught.
select
    'releases' as table_name,
    release_id as row_id,
    'releases.published_at ' || strftime(published_at, '%Y-%m-%d %H:%M UTC') || ' is in the future' as reason
from releases
where published_at > now() + interval 1 hour
