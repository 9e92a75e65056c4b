-- Which parser/extractor code read each document: an unchanged file is skipped on a re-run only while
-- this version is unchanged too.
alter table documents add column if not exists extractor_version varchar;
comment on column documents.extractor_version is 'Hash of the parser and extractor code that read this document (transform/*.py); a re-run re-reads a document when it changes.';

alter table ingest_runs add column if not exists documents_unchanged integer;
comment on column ingest_runs.documents_unchanged is 'Local documents skipped because their content and extractor code were unchanged since they were loaded.';
