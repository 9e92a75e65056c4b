-- severity: quarantine
-- Every quote's span lies inside its release's body text.
-- (Joined on body lengths, not bodies, so the check stays small on a big warehouse.)
with lengths as (
    select release_id, length(coalesce(body, '')) as body_length
    from releases
)
select
    'quotes' as table_name,
    q.quote_id as row_id,
    'quotes span ' || q.char_start || '-' || q.char_end || ' is not inside its release body of ' || r.body_length || ' characters' as reason
from quotes as q
join lengths as r using (release_id)
where q.char_start < 0
   or q.char_end > r.body_length
   or q.char_start >= q.char_end
