-- Replace the child rows of every release this load takes over (delete + insert in the load's
-- transaction), so a re-run or a fuller copy never leaves stale or duplicate quotes, amounts or roles.
delete from quotes where release_id in (select release_id from _takeover);
insert into quotes by name select * from stg_quotes where release_id in (select release_id from _takeover);

delete from amounts where release_id in (select release_id from _takeover);
insert into amounts by name select * from stg_amounts where release_id in (select release_id from _takeover);

delete from person_roles where release_id in (select release_id from _takeover);
insert into person_roles by name
select * from stg_person_roles where release_id in (select release_id from _takeover);

delete from contacts where release_id in (select release_id from _takeover);
insert into contacts by name select * from stg_contacts where release_id in (select release_id from _takeover);
