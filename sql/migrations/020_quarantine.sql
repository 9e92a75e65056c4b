-- Quarantine: rows that failed a row-level data-quality check (sql/checks with `severity: quarantine`),
-- kept with the check, the reason and the row itself instead of rolling the whole run back.
-- Analyst views never read this table. Idempotent: every statement can run again.

create table if not exists quarantine (
    quarantine_id       varchar primary key,
    run_id              varchar not null,
    table_name          varchar not null,
    row_id              varchar not null,
    check_name          varchar not null,
    reason              varchar not null,
    source_document_id  varchar,
    source_uri          varchar,
    row_json            varchar not null,
    quarantined_at      timestamptz not null,
    resolved_at         timestamptz,
    resolved_by_run     varchar
);

comment on table quarantine is 'Rows held back by a row-level data-quality check (one row per failing row and check); the rest of their run loaded. Not read by any analyst view.';
comment on column quarantine.quarantine_id is 'Stable id: hash of run id, table, row id and check.';
comment on column quarantine.run_id is 'The ingest_runs run that held the row back.';
comment on column quarantine.table_name is 'The warehouse table the row was meant for, e.g. amounts.';
comment on column quarantine.row_id is 'The row''s id in that table (release_documents: release_id/document_id).';
comment on column quarantine.check_name is 'The sql/checks file that failed, e.g. accepted_values; a dependant row names its parent''s check.';
comment on column quarantine.reason is 'Why, in words, e.g. "amounts.value_high set on qualifier about (only a range has a high end)".';
comment on column quarantine.source_document_id is 'The document the row was read from (documents.document_id).';
comment on column quarantine.source_uri is 'The URL or file path of that document; a later run of a fixed extractor resolves entries by source_uri and table.';
comment on column quarantine.row_json is 'The row itself as JSON, every column as it would have been loaded.';
comment on column quarantine.quarantined_at is 'When the row was held back (UTC).';
comment on column quarantine.resolved_at is 'When a later run loaded the same source document into the same table without quarantining it (UTC); null while held.';
comment on column quarantine.resolved_by_run is 'The run that resolved the entry; null while held.';

alter table ingest_runs add column if not exists rows_quarantined integer;
comment on column ingest_runs.rows_quarantined is 'Rows this run held back in the quarantine table (0 when every row passed its checks).';
comment on column ingest_runs.status is 'Outcome: ok, partial (some inputs failed or rows were quarantined), failed, refused (another run held the lock), cancelled (stopped by SIGTERM/Ctrl-C; data tables unchanged) or running.';
