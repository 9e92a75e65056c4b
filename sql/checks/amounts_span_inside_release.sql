-- Every amount's span lies inside its release's body text, so the sentence behind a number can be cut out.
select a.amount_id
from amounts as a
join releases as r using (release_id)
where a.char_start < 0
   or a.char_end > length(coalesce(r.body, ''))
   or a.char_start >= a.char_end
