-- People no quote, role or contact names any more (their rows were replaced or retired in this load)
-- go: a fresh build holds only the people its rows reference (005_stage.sql, stg_people). People named
-- by a quarantined row stay, as they would in a fresh build that holds the same row back.
delete from people
where person_id not in (select person_id from quotes where person_id is not null)
  and person_id not in (select person_id from person_roles)
  and person_id not in (select person_id from contacts where person_id is not null)
  and person_id not in (select person_id from stg_people);
