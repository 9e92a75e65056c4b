-- severity: quarantine
-- Every amount's span lies inside its release's body text, so the sentence behind a number can be cut out.
-- (Joined on body lengths, not bodies, so the check stays small on a big warehouse.)
with lengths as (
    select release_id, length(coalesce(body, '')) as body_length
    from releases
)
select
    'amounts' as table_name,
    a.amount_id as row_id,
    'amounts span ' || a.char_start || '-' || a.char_end || ' is not inside its release body of ' || r.body_length || ' characters' as reason
from amounts as a
join lengths as r using (release_id)
where a.char_start < 0
   or a.char_end > r.body_length
   or a.char_start >= a.char_end
