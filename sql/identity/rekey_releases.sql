-- Re-key stored releases by _release_map(old_id, new_id), merging the rows that meet under one id.
-- Used by the loader (an undated release joined to the dated one of its title, load/identity.py).
-- The most complete copy wins (full text, then the longest body); a dated copy gives its date, a linked
-- one its URL, and seen-times are widened over all copies. Child rows (quotes, amounts, roles,
-- contacts) are the winner's only, so a merge never doubles them; document links are all kept.
create or replace temp table _rekey_rows as
select
    r.*,
    coalesce(m.new_id, r.release_id) as target_id
from releases as r
left join _release_map as m on m.old_id = r.release_id
where r.release_id in (select old_id from _release_map)
   or r.release_id in (select new_id from _release_map);

create or replace temp table _rekey_winners as
select
    target_id,
    release_id as winner_id
from _rekey_rows
qualify row_number() over (
    partition by target_id
    order by has_full_text desc, length(coalesce(body, '')) desc, published_at is null, release_id
) = 1;

create or replace temp table _rekey_merged as
with spans as (
    select
        target_id,
        max(url) as any_url,
        max(published_at) as any_published_at,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        bool_or(has_full_text) as has_full_text
    from _rekey_rows
    group by target_id
)
select
    r.* exclude (target_id) replace (
        w.target_id as release_id,
        coalesce(r.url, s.any_url) as url,
        coalesce(r.published_at, s.any_published_at) as published_at,
        s.first_seen_at as first_seen_at,
        s.last_seen_at as last_seen_at,
        s.has_full_text as has_full_text
    )
from _rekey_rows as r
join _rekey_winners as w on r.release_id = w.winner_id
join spans as s on s.target_id = w.target_id;

delete from quotes
where release_id in (select release_id from _rekey_rows)
  and release_id not in (select winner_id from _rekey_winners);
delete from amounts
where release_id in (select release_id from _rekey_rows)
  and release_id not in (select winner_id from _rekey_winners);
delete from person_roles
where release_id in (select release_id from _rekey_rows)
  and release_id not in (select winner_id from _rekey_winners);
delete from contacts
where release_id in (select release_id from _rekey_rows)
  and release_id not in (select winner_id from _rekey_winners);

update quotes set release_id = w.target_id
from _rekey_winners as w where quotes.release_id = w.winner_id and w.winner_id <> w.target_id;
update amounts set release_id = w.target_id
from _rekey_winners as w where amounts.release_id = w.winner_id and w.winner_id <> w.target_id;
update person_roles set release_id = w.target_id
from _rekey_winners as w where person_roles.release_id = w.winner_id and w.winner_id <> w.target_id;
update contacts set release_id = w.target_id
from _rekey_winners as w where contacts.release_id = w.winner_id and w.winner_id <> w.target_id;

create or replace temp table _rekey_links as
select
    coalesce(m.new_id, d.release_id) as release_id,
    d.document_id,
    min(d.seen_as) as seen_as
from release_documents as d
left join _release_map as m on m.old_id = d.release_id
where d.release_id in (select release_id from _rekey_rows)
group by all;

delete from release_documents where release_id in (select release_id from _rekey_rows);
insert into release_documents by name select * from _rekey_links;

delete from releases where release_id in (select release_id from _rekey_rows);
insert into releases by name select * from _rekey_merged;
