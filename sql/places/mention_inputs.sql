-- The inputs place recognition reads for each release in _mention_releases (load/places.py
-- `refresh_place_mentions`), as one digest per release: the twin of load/place_readings.py `inputs_key`
-- (md5 of each text or '-', the Oslo days as YYYY-MM-DD or '-', the year recognition reads with, '|'-joined),
-- so a release whose stored inputs a parse worker read is found among the staged readings by it.
-- $year: the current year (a year the text prints after it dates nothing).
create or replace temp table _mention_inputs as
select r.release_id,
       md5(concat_ws('|',
           coalesce(md5(r.title), '-'),
           coalesce(md5(r.body), '-'),
           coalesce(strftime((r.published_at at time zone 'Europe/Oslo')::date, '%Y-%m-%d'), '-'),
           coalesce(md5(r.language), '-'),
           coalesce(strftime(coalesce(case when d.http_status is not null
                                           then (d.fetched_at at time zone 'Europe/Oslo')::date end,
                                      d.implied_date), '%Y-%m-%d'), '-'),
           coalesce(md5(r.aside), '-'),
           coalesce(md5(r.publisher), '-'),
           $year::varchar)) as inputs_key
from releases r left join documents d on d.document_id = r.document_id
where r.release_id in (select release_id from _mention_releases);
