-- Raw-archive index for live sources: one row per URL, its latest response and validators.
-- The body itself lives in the archive folder under its sha256 (content-addressed, compressed).
create table if not exists fetches (
    url             varchar primary key,
    final_url       varchar,
    status          integer,
    content_type    varchar,
    etag            varchar,
    last_modified   varchar,
    sha256          varchar,
    n_bytes         bigint,
    fetched_at      timestamptz,
    last_checked_at timestamptz,
    error           varchar
);

comment on table fetches is 'One row per fetched URL: its latest HTTP status, validators (ETag, Last-Modified) and the sha256 of its body in the raw archive.';
comment on column fetches.url is 'The URL requested.';
comment on column fetches.final_url is 'The URL after redirects within the allowed hosts.';
comment on column fetches.status is 'HTTP status of the latest response (304 = unchanged).';
comment on column fetches.content_type is 'Content-Type header of the body.';
comment on column fetches.etag is 'ETag header, sent back as If-None-Match.';
comment on column fetches.last_modified is 'Last-Modified header, sent back as If-Modified-Since.';
comment on column fetches.sha256 is 'sha256 of the body: its file name in the raw archive.';
comment on column fetches.n_bytes is 'Size of the body in bytes.';
comment on column fetches.fetched_at is 'UTC time the current body was fetched.';
comment on column fetches.last_checked_at is 'UTC time the URL was last requested (a 304 moves only this).';
comment on column fetches.error is 'Why the latest request failed, or null.';

comment on column ingest_runs.pages_fetched is 'Live sources: pages fetched with new or changed content in this run.';
comment on column ingest_runs.pages_unchanged is 'Live sources: pages answered 304 Not Modified or with an unchanged body.';
comment on column ingest_runs.pages_failed is 'Live sources: pages that failed (their reasons are in failures).';
