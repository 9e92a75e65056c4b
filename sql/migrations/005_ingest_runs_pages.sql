-- The live-source page counts of ingest_runs, for warehouses whose 001 predates them: 001 gained these
-- columns after it was first committed (ae66924), so a warehouse that applied the earlier 001 lacks them.
-- From here on a committed migration is never edited; new columns go in new files like this one.
alter table ingest_runs add column if not exists pages_fetched integer;
alter table ingest_runs add column if not exists pages_unchanged integer;
alter table ingest_runs add column if not exists pages_failed integer;

comment on column ingest_runs.pages_fetched is 'Live sources: pages fetched with new or changed content in this run.';
comment on column ingest_runs.pages_unchanged is 'Live sources: pages answered 304 Not Modified or with an unchanged body.';
comment on column ingest_runs.pages_failed is 'Live sources: pages that failed (their reasons are in failures).';
