-- Money per place: the amounts printed in a sentence that names a municipality or county, per place,
-- year of publication and currency. An amount in a sentence naming two places counts for both.
create or replace view amounts_per_place_year as
with

amounts as (
    select * from main.amounts
),

releases as (
    select * from main.releases
),

mentions as (
    select * from main.place_mentions
    where place_id is not null and field = 'body'
),

places as (
    select * from main.places
),

amount_sentences as (
    -- where the amount's sentence stands in the body: the amount's offset less its place in the sentence
    select
        amounts.*,
        amounts.char_start - (strpos(amounts.sentence, amounts.raw_text) - 1) as sentence_start
    from amounts
    where strpos(amounts.sentence, amounts.raw_text) > 0
),

named as (
    select distinct
        a.amount_id,
        a.release_id,
        a.value,
        a.currency,
        m.place_id,
        m.valid_from
    from amount_sentences as a
    join mentions as m
        on m.release_id = a.release_id
        and m.char_start >= a.sentence_start
        and m.char_end <= a.sentence_start + length(a.sentence)
),

final as (
    select
        named.place_id,
        places.name as place_name,
        places.kind,
        places.code,
        year(releases.published_at at time zone 'Europe/Oslo') as year,
        named.currency,
        count(*) as n_amounts,
        sum(named.value) as total_value,
        count(distinct named.release_id) as n_releases
    from named
    join releases using (release_id)
    join places on places.place_id = named.place_id and places.valid_from = named.valid_from
    group by all
)

select * from final;

comment on view amounts_per_place_year is 'Money per place: amounts printed in a sentence that names a municipality or county, per place, year of publication (Europe/Oslo) and currency. An amount in a sentence naming two places counts for each; sums add the low end of ranges.';
comment on column amounts_per_place_year.place_id is 'The place named in the sentence (NO:kommune:4602); join places on place_id for its other versions.';
comment on column amounts_per_place_year.place_name is 'The name of the version valid on the release''s date.';
comment on column amounts_per_place_year.kind is 'kommune, fylke, kommun, län, region.';
comment on column amounts_per_place_year.code is 'The official number (joins to SSB, SCB, Danmarks Statistik tables).';
comment on column amounts_per_place_year.year is 'Year of publication, Europe/Oslo; null for an undated release.';
comment on column amounts_per_place_year.currency is 'ISO 4217 code.';
comment on column amounts_per_place_year.n_amounts is 'Number of amounts.';
comment on column amounts_per_place_year.total_value is 'Sum of the amounts (low end of ranges), in units of the currency.';
comment on column amounts_per_place_year.n_releases is 'Number of releases the amounts come from.';
