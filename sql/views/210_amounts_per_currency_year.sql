-- Amounts per currency per year of publication: counts and sums of the monetary amounts mentioned.
create or replace view amounts_per_currency_year as
with

amounts as (
    select * from main.amounts
),

releases as (
    select * from main.releases
),

amounts_dated as (
    select
        amounts.amount_id,
        amounts.release_id,
        amounts.currency,
        amounts.value,
        -- years follow the publisher's calendar (Oslo), not UTC
        year(releases.published_at at time zone 'Europe/Oslo') as year
    from amounts
    join releases using (release_id)
),

final as (
    select
        currency,
        year,
        count(*) as n_amounts,
        count(distinct release_id) as n_releases,
        sum(value) as total_value,
        min(value) as min_value,
        max(value) as max_value,
        median(value) as median_value
    from amounts_dated
    group by all
)

select * from final;

comment on view amounts_per_currency_year is 'Monetary amounts per currency per year of publication (Europe/Oslo). Sums add the low end of ranges; see amount_sentences for the sentence behind each amount.';
comment on column amounts_per_currency_year.currency is 'ISO 4217 currency code.';
comment on column amounts_per_currency_year.year is 'Year of publication, Europe/Oslo; null when the release has no date.';
comment on column amounts_per_currency_year.n_amounts is 'Number of amounts mentioned.';
comment on column amounts_per_currency_year.n_releases is 'Number of distinct releases mentioning an amount in this currency.';
comment on column amounts_per_currency_year.total_value is 'Sum of the amounts (low end of ranges), in units of the currency. The same money mentioned in two releases counts twice.';
comment on column amounts_per_currency_year.min_value is 'Smallest amount, in units of the currency.';
comment on column amounts_per_currency_year.max_value is 'Largest amount (low end of ranges), in units of the currency.';
comment on column amounts_per_currency_year.median_value is 'Median amount, in units of the currency.';
