-- Comments on every table and column of 001 (docs/schema.md is generated from them).
-- Tables added by later migrations carry their comments in their own migration;
-- tests/test_schema_doc.py fails when any table or view column has none.
-- Idempotent: comment on replaces the comment.

comment on table _migrations is 'Schema migrations applied to this warehouse (one row per sql/migrations file).';
comment on column _migrations.name is 'File name of the migration, e.g. 001_core_tables.sql.';
comment on column _migrations.applied_at is 'When the migration was applied (UTC).';

comment on table documents is 'One row per source document read: a fetched page or a local file.';
comment on column documents.document_id is 'Stable id: hash of the source URI.';
comment on column documents.source_uri is 'Where the document was read from: URL or file path.';
comment on column documents.kind is 'Document kind: release_page, listing_page, article_page, text_dump or other.';
comment on column documents.language is 'Detected language code (ISO 639-1, e.g. nb, sv, da, bg).';
comment on column documents.title is 'Title of the document as read (untrusted text).';
comment on column documents.fetched_at is 'When the document was fetched or read (UTC).';
comment on column documents.content_sha256 is 'SHA-256 of the raw content, hex; unchanged content is not re-parsed.';
comment on column documents.http_status is 'HTTP status of the fetch; null for local files.';
comment on column documents.parser is 'Name of the parser that read the document.';
comment on column documents.n_releases is 'Number of releases found in the document (its own plus those it lists).';
comment on column documents.first_seen_at is 'First time this document was read (UTC).';
comment on column documents.last_seen_at is 'Latest time this document was read (UTC).';

comment on table releases is 'One row per distinct press release or article, seen in full or only as a listed teaser.';
comment on column releases.release_id is 'Stable id: hash of publisher and normalised title.';
comment on column releases.url is 'Canonical URL of the release; null when only seen in a text dump without a link.';
comment on column releases.title is 'Title as published (untrusted text).';
comment on column releases.lead is 'Lead (ingress) paragraph; null when the release has none.';
comment on column releases.body is 'Full text: blocks joined by blank lines; char_start/char_end of quotes and amounts point into it.';
comment on column releases.published_at is 'Publication time (UTC); a plain date is midnight Europe/Oslo; null when the source does not say.';
comment on column releases.release_type is 'Type as labelled by the source: Pressemelding, Presseinvitasjon, Aktuelt, Nyhet, ...';
comment on column releases.publisher is 'Publishing organisation, e.g. KS.';
comment on column releases.language is 'Language code of the release text (ISO 639-1).';
comment on column releases.has_full_text is 'True when the full release was read; false for a listed teaser only.';
comment on column releases.title_is_quote is 'True when the title is a quotation (it is then also a row in quotes with attribution = title).';
comment on column releases.document_id is 'Document the stored text came from (documents.document_id).';
comment on column releases.first_seen_at is 'First time the release was seen in any document (UTC).';
comment on column releases.last_seen_at is 'Latest time the release was seen in any document (UTC).';

comment on table release_documents is 'Which documents a release was seen in: one row per release and document.';
comment on column release_documents.release_id is 'The release (releases.release_id).';
comment on column release_documents.document_id is 'The document it was seen in (documents.document_id).';
comment on column release_documents.seen_as is 'How it appeared there: full_text or teaser.';

comment on table people is 'One row per person named with a role, quoted, or listed as a contact.';
comment on column people.person_id is 'Stable id: hash of the normalised full name.';
comment on column people.full_name is 'Fullest form of the name seen, e.g. Gunn Marit Helgesen.';
comment on column people.first_seen_at is 'First time the person was seen in any document (UTC).';
comment on column people.last_seen_at is 'Latest time the person was seen in any document (UTC).';

comment on table person_roles is 'One row per person, role, organisation and release: the role printed next to the name.';
comment on column person_roles.person_role_id is 'Stable id: hash of person, role, organisation and release.';
comment on column person_roles.person_id is 'The person (people.person_id).';
comment on column person_roles.role is 'Role, lowercase indefinite singular without the organisation, e.g. styreleder.';
comment on column person_roles.organisation is 'Organisation the role belongs to, e.g. KS; null when not stated.';
comment on column person_roles.release_id is 'Release the role was read from (releases.release_id).';
comment on column person_roles.as_written is 'Role phrase as printed, e.g. KS’ styreleder.';

comment on table contacts is 'One row per contact card of a release: a person or a desk such as Pressevakt.';
comment on column contacts.contact_id is 'Stable id: hash of release, name, phone and email.';
comment on column contacts.release_id is 'The release (releases.release_id).';
comment on column contacts.person_id is 'The person (people.person_id); null for a desk.';
comment on column contacts.name is 'Name as printed; null for a desk.';
comment on column contacts.title is 'Job title as printed, e.g. Rådgiver.';
comment on column contacts.organisation is 'Organisation of the contact, e.g. KS.';
comment on column contacts.phone is 'Phone number in E.164 form, e.g. +4724132601.';
comment on column contacts.email is 'E-mail address as printed.';

comment on table quotes is 'One row per stretch of direct speech in a release.';
comment on column quotes.quote_id is 'Stable id: hash of release and normalised quote text.';
comment on column quotes.release_id is 'The release quoted from (releases.release_id).';
comment on column quotes.person_id is 'The speaker (people.person_id), resolved to the fullest name; null when unresolved.';
comment on column quotes.speaker_as_written is 'Attribution as printed, e.g. Helgesen or KS-lederen; null for a carried quote.';
comment on column quotes.text is 'Quoted words without dashes, quote marks and the trailing attribution.';
comment on column quotes.reporting_verb is 'Reporting verb, e.g. sier, mener; null when none is printed.';
comment on column quotes.attribution is 'How the speaker is known: explicit, carried or title.';
comment on column quotes.char_start is 'Start offset (0-based, characters) of the quote in releases.body.';
comment on column quotes.char_end is 'End offset (exclusive, characters) of the quote in releases.body.';

comment on table amounts is 'One row per monetary amount in a release; a range counts once.';
comment on column amounts.amount_id is 'Stable id: hash of release and character span.';
comment on column amounts.release_id is 'The release the amount was read from (releases.release_id).';
comment on column amounts.value is 'Amount in units of the currency (not minor units); the low end of a range.';
comment on column amounts.value_high is 'High end of a range, in units of the currency; null unless qualifier = range.';
comment on column amounts.currency is 'ISO 4217 currency code, e.g. NOK, EUR, SEK, DKK.';
comment on column amounts.qualifier is 'exact, about, more_than, at_least, less_than, at_most, up_to or range.';
comment on column amounts.raw_text is 'The amount as printed, e.g. mer enn en million kroner.';
comment on column amounts.sentence is 'The sentence the amount was read from.';
comment on column amounts.char_start is 'Start offset (0-based, characters) of raw_text in releases.body.';
comment on column amounts.char_end is 'End offset (exclusive, characters) of raw_text in releases.body.';

comment on table ingest_runs is 'One row per ingestion run: times, source, counts per table, status.';
comment on column ingest_runs.run_id is 'Id of the run.';
comment on column ingest_runs.started_at is 'When the run started (UTC).';
comment on column ingest_runs.finished_at is 'When the run finished (UTC); null while running or after a crash.';
comment on column ingest_runs.source is 'What the run read: source names, files or directories.';
comment on column ingest_runs.status is 'Outcome: ok, partial (some inputs failed), failed, refused (another run held the lock) or running.';
comment on column ingest_runs.documents_read is 'Documents read successfully.';
comment on column ingest_runs.documents_failed is 'Documents that could not be fetched or parsed.';
comment on column ingest_runs.rows_documents is 'Net new rows in documents.';
comment on column ingest_runs.rows_releases is 'Net new rows in releases.';
comment on column ingest_runs.rows_people is 'Net new rows in people.';
comment on column ingest_runs.rows_person_roles is 'Net new rows in person_roles.';
comment on column ingest_runs.rows_contacts is 'Net new rows in contacts.';
comment on column ingest_runs.rows_quotes is 'Net new rows in quotes.';
comment on column ingest_runs.rows_amounts is 'Net new rows in amounts.';
comment on column ingest_runs.failures is 'JSON list of [source, reason] pairs for documents that failed.';
comment on column ingest_runs.summary is 'Run summary as JSON, including each data-quality check and its violation count.';
