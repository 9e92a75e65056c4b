-- Every amount with the sentence behind it and the release it came from: one click from a number to its source.
create or replace view amount_sentences as
with

amounts as (
    select * from main.amounts
),

releases as (
    select * from main.releases
),

final as (
    select
        amounts.amount_id,
        amounts.release_id,
        amounts.value,
        amounts.value_high,
        amounts.currency,
        amounts.qualifier,
        amounts.raw_text,
        amounts.sentence,
        -- the exact characters the amount was read from, cut out of the release body (offsets are 0-based)
        substring(releases.body, amounts.char_start + 1, amounts.char_end - amounts.char_start) as body_span,
        amounts.char_start,
        amounts.char_end,
        releases.title as release_title,
        releases.url as release_url,
        releases.published_at,
        releases.release_type,
        releases.publisher
    from amounts
    join releases using (release_id)
)

select * from final;

comment on view amount_sentences is 'One row per amount, joined to its sentence and release (title, URL, date) so every number can be traced to its source.';
comment on column amount_sentences.amount_id is 'The amount (amounts.amount_id).';
comment on column amount_sentences.release_id is 'The release (releases.release_id).';
comment on column amount_sentences.value is 'Amount in units of the currency; the low end of a range.';
comment on column amount_sentences.value_high is 'High end of a range, in units of the currency; null unless qualifier = range.';
comment on column amount_sentences.currency is 'ISO 4217 currency code.';
comment on column amount_sentences.qualifier is 'exact, about, more_than, at_least, less_than, at_most, up_to or range.';
comment on column amount_sentences.raw_text is 'The amount as printed.';
comment on column amount_sentences.sentence is 'The sentence the amount was read from.';
comment on column amount_sentences.body_span is 'releases.body cut at char_start..char_end: the characters the amount was read from.';
comment on column amount_sentences.char_start is 'Start offset (0-based) of the amount in releases.body.';
comment on column amount_sentences.char_end is 'End offset (exclusive) of the amount in releases.body.';
comment on column amount_sentences.release_title is 'Title of the release.';
comment on column amount_sentences.release_url is 'URL of the release; null when unknown.';
comment on column amount_sentences.published_at is 'Publication time of the release (UTC).';
comment on column amount_sentences.release_type is 'Type of the release, e.g. Pressemelding.';
comment on column amount_sentences.publisher is 'Publisher of the release, e.g. KS.';
