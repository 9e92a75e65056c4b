-- Places (issue 23): municipalities and counties (regions) of Norway, Sweden and Denmark, one row per
-- version, filled from the registers bundled in transform/data/registers by load/places.py each time
-- the warehouse is migrated (reference data, like the views: an upgraded warehouse and a fresh build
-- hold the same rows). place_mentions is filled by the load from each release's text
-- (transform/extractors/places.py).
create table if not exists places (
    place_id varchar not null,
    valid_from date not null,
    valid_to date,
    country varchar not null,
    kind varchar not null,
    code varchar not null,
    name varchar not null,
    short_name varchar not null,
    parent_id varchar,
    source varchar not null,
    primary key (place_id, valid_from)
);

create table if not exists place_successors (
    place_id varchar not null,
    valid_from date not null,
    successor_id varchar not null,
    successor_valid_from date not null,
    how varchar not null,
    primary key (place_id, valid_from, successor_id, successor_valid_from)
);

create table if not exists place_mentions (
    mention_id varchar primary key,
    release_id varchar not null,
    place_id varchar,
    valid_from date,
    candidates varchar[],
    field varchar not null,
    char_start integer not null,
    char_end integer not null,
    as_written varchar not null,
    dated_by varchar not null,
    resolved_by varchar not null
);

comment on table places is 'One row per version of a municipality or county (region) in the bundled registers (transform/data/registers): Norway 2013 onwards by version, Sweden and Denmark as they stand (no dates in the registers).';
comment on column places.place_id is 'The place by country, kind and official number: NO:kommune:3025, NO:fylke:46, SE:kommun:0180, SE:län:12, DK:kommune:101, DK:region:1084. With valid_from the key of a version.';
comment on column places.valid_from is 'First day this version is valid. Norway: as the registers date it (every change on 1 January). Sweden and Denmark: 2013-01-01, the start of what the bundle covers; their registers give no dates.';
comment on column places.valid_to is 'Last day this version is valid (inclusive); null while it is still valid.';
comment on column places.country is 'NO, SE or DK.';
comment on column places.kind is 'kommune or fylke (NO), kommun or län (SE), kommune or region (DK).';
comment on column places.code is 'The official number as a string with its leading zeros: 3025, 46, 0180, 101, 1084.';
comment on column places.name is 'The official name of this version, with parallel-language forms (Kárášjohka - Karasjok) and SSB disambiguation (Herøy (Nordland)).';
comment on column places.short_name is 'The name without a trailing disambiguation in brackets: Herøy.';
comment on column places.parent_id is 'The county (län, region) the municipality lies in, as a place_id; null for a county.';
comment on column places.source is 'Where the row came from: owner/repo@commit:path of the public file read (transform/data/registers/README.md).';

comment on table place_successors is 'Successor links between place versions, as far as the registers show them: the next version of the same code, a code renumbered under the same name, a county whose municipalities moved to another county (one row per link; a split has several).';
comment on column place_successors.place_id is 'The earlier place (with valid_from: the version).';
comment on column place_successors.valid_from is 'valid_from of the earlier version.';
comment on column place_successors.successor_id is 'The place that followed it.';
comment on column place_successors.successor_valid_from is 'valid_from of the following version.';
comment on column place_successors.how is 'same_code (a new version of the same number: a rename or a new register version), same_name (a new number under the same name the day after: 0220 Asker -> 3025 Asker), municipalities (a county whose municipalities are found, by name, in the successor county).';

comment on table place_mentions is 'One row per municipality or county named in a release: the version valid on the release''s date, or no place with its candidates when a shared name (Herøy, Våler) has no evidence.';
comment on column place_mentions.mention_id is 'Stable id of the mention (release, span).';
comment on column place_mentions.release_id is 'The release whose text names the place.';
comment on column place_mentions.place_id is 'The place named, null when the name is shared and nothing in the text tells which one.';
comment on column place_mentions.valid_from is 'valid_from of the version valid on the release''s date (with place_id the key into places); null with place_id.';
comment on column place_mentions.candidates is 'The place_ids a shared name may be, when it is left unresolved; null when resolved.';
comment on column place_mentions.field is 'Where the words stand: title (releases.title) or body (releases.body).';
comment on column place_mentions.char_start is 'Offset of the mention in releases.title or releases.body (see field).';
comment on column place_mentions.char_end is 'End offset (exclusive) of the mention in releases.title or releases.body.';
comment on column place_mentions.as_written is 'The words as printed: Bodø kommune, Bergens, Region Hovedstaden.';
comment on column place_mentions.dated_by is 'How the day the version is valid on was chosen: published (the release''s date, Europe/Oslo), text_year (undated: the earliest year its text names), names (undated, no year: the register period in which most of its names exist), document (none of these: the day its page was fetched over HTTP), newest (none of these: the newest version), before_registers (a date before 2013: the earliest version, flagged).';
comment on column place_mentions.resolved_by is 'How the place was chosen: name (the name is one place on that day), county (a shared name settled by the county named nearby), unresolved (a shared name left open: place_id null, see candidates).';
