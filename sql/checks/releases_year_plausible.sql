-- severity: quarantine
-- A publication year no page can print: before 1971 (placeholders such as 0001-01-01 or 1899-12-30)
-- or after 2050 (typos, epochs in the wrong unit). The readers leave such dates empty
-- (transform/extractors/dates.py, MIN_PLAUSIBLE_YEAR and MAX_PLAUSIBLE_YEAR); this holds back a row
-- that slipped through. Fixed years, no clock: a fresh build later holds back the same rows.
select
    'releases' as table_name,
    release_id as row_id,
    'releases.published_at ' || strftime(published_at, '%Y-%m-%d') || ' is not a plausible publication year' as reason
from releases
where year(published_at) < 1971
   or year(published_at) > 2050
