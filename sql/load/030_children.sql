-- Replace the child rows of every release this load takes over, writing only what changes: rows no
-- longer extracted (or changed) are deleted, new or changed rows inserted, identical rows left alone.
-- A re-run or a fuller copy never leaves stale or duplicate quotes, amounts, roles or contacts.
-- Each temporary table is dropped once read (DuckDB frees its memory when the load commits).

create or replace temp table _incoming_quotes as
select * from stg_quotes where release_id in (select release_id from _takeover);

delete from quotes
where release_id in (select release_id from _takeover)
  and quote_id not in (
      select quote_id from (
          select * from quotes where release_id in (select release_id from _takeover)
          intersect
          select * from _incoming_quotes
      )
  );

insert into quotes by name
select * from _incoming_quotes
except
select * from quotes where release_id in (select release_id from _takeover);

drop table _incoming_quotes;

create or replace temp table _incoming_amounts as
select * from stg_amounts where release_id in (select release_id from _takeover);

delete from amounts
where release_id in (select release_id from _takeover)
  and amount_id not in (
      select amount_id from (
          select * from amounts where release_id in (select release_id from _takeover)
          intersect
          select * from _incoming_amounts
      )
  );

insert into amounts by name
select * from _incoming_amounts
except
select * from amounts where release_id in (select release_id from _takeover);

drop table _incoming_amounts;

create or replace temp table _incoming_person_roles as
select * from stg_person_roles where release_id in (select release_id from _takeover);

delete from person_roles
where release_id in (select release_id from _takeover)
  and person_role_id not in (
      select person_role_id from (
          select * from person_roles where release_id in (select release_id from _takeover)
          intersect
          select * from _incoming_person_roles
      )
  );

insert into person_roles by name
select * from _incoming_person_roles
except
select * from person_roles where release_id in (select release_id from _takeover);

drop table _incoming_person_roles;

create or replace temp table _incoming_contacts as
select * from stg_contacts where release_id in (select release_id from _takeover);

delete from contacts
where release_id in (select release_id from _takeover)
  and contact_id not in (
      select contact_id from (
          select * from contacts where release_id in (select release_id from _takeover)
          intersect
          select * from _incoming_contacts
      )
  );

insert into contacts by name
select * from _incoming_contacts
except
select * from contacts where release_id in (select release_id from _takeover);

drop table _incoming_contacts;
