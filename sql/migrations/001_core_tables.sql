-- Core warehouse tables: the contract analysts, dashboards and the scorer read.
-- Idempotent: every statement can run again on an existing warehouse.

create table if not exists documents (
    document_id     varchar primary key,
    source_uri      varchar not null,
    kind            varchar not null,
    language        varchar,
    title           varchar,
    fetched_at      timestamptz,
    content_sha256  varchar,
    http_status     integer,
    parser          varchar,
    n_releases      integer,
    first_seen_at   timestamptz,
    last_seen_at    timestamptz
);

create table if not exists releases (
    release_id      varchar primary key,
    url             varchar,
    title           varchar not null,
    lead            varchar,
    body            varchar,
    published_at    timestamptz,
    release_type    varchar,
    publisher       varchar,
    language        varchar,
    has_full_text   boolean not null,
    title_is_quote  boolean,
    document_id     varchar,
    first_seen_at   timestamptz,
    last_seen_at    timestamptz
);

-- Which documents a release was seen in (a release listed on three pages: three rows here, one release).
create table if not exists release_documents (
    release_id      varchar not null,
    document_id     varchar not null,
    seen_as         varchar not null,
    primary key (release_id, document_id)
);

create table if not exists people (
    person_id       varchar primary key,
    full_name       varchar not null,
    first_seen_at   timestamptz,
    last_seen_at    timestamptz
);

create table if not exists person_roles (
    person_role_id  varchar primary key,
    person_id       varchar not null,
    role            varchar not null,
    organisation    varchar,
    release_id      varchar not null,
    as_written      varchar
);

create table if not exists contacts (
    contact_id      varchar primary key,
    release_id      varchar not null,
    person_id       varchar,
    name            varchar,
    title           varchar,
    organisation    varchar,
    phone           varchar,
    email           varchar
);

create table if not exists quotes (
    quote_id            varchar primary key,
    release_id          varchar not null,
    person_id           varchar,
    speaker_as_written  varchar,
    text                varchar not null,
    reporting_verb      varchar,
    attribution         varchar not null,
    char_start          integer not null,
    char_end            integer not null
);

create table if not exists amounts (
    amount_id       varchar primary key,
    release_id      varchar not null,
    value           decimal(38, 2) not null,
    value_high      decimal(38, 2),
    currency        varchar not null,
    qualifier       varchar not null,
    raw_text        varchar not null,
    sentence        varchar,
    char_start      integer not null,
    char_end        integer not null
);

create table if not exists ingest_runs (
    run_id              varchar primary key,
    started_at          timestamptz not null,
    finished_at         timestamptz,
    source              varchar,
    status              varchar not null,
    documents_read      integer,
    documents_failed    integer,
    rows_documents      integer,
    rows_releases       integer,
    rows_people         integer,
    rows_person_roles   integer,
    rows_contacts       integer,
    rows_quotes         integer,
    rows_amounts        integer,
    pages_fetched       integer,
    pages_unchanged     integer,
    pages_failed        integer,
    failures            varchar,
    summary             varchar
);
