-- No release is published in the future. The hour of slack absorbs clock skew between the source's
-- server and ours; a date misread as the next year or a year too far off is caught.
select release_id, published_at
from releases
where published_at > now() + interval 1 hour
