-- Every quote's span lies inside its release's body text.
select q.quote_id
from quotes as q
join releases as r using (release_id)
where q.char_start < 0
   or q.char_end > length(coalesce(r.body, ''))
   or q.char_start >= q.char_end
