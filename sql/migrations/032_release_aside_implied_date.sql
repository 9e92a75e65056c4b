-- What a page prints with its release but the body leaves out (issue 23): the rows of a flattened table
-- ("0101 Halden"), the block about the publisher ("Om Bisnode" / "… hovedkontor i Stockholm"). Read for
-- place mentions only (field 'aside'), so the body, quotes and amounts stay as they were. A stored
-- release keeps null until its document is read again: a run reads a local file again when the
-- extractor version changes (it did with this column), and `pressroom reparse` reads the raw archive again.
-- Place mentions may now also be a definite `kommunen` pointing back to the one municipality named
-- (resolved_by reference, publisher). documents.implied_date: the day a page dates itself by, which dates
-- the places of an undated release on it whose own words do not (an item of a list page).
alter table releases add column if not exists aside varchar;
alter table documents add column if not exists implied_date date;

comment on column releases.aside is 'Text the page prints with the release that the body leaves out, one line each: the rows of a flattened table, the block about the publisher (Om X). Read for places only (place_mentions.field aside); null when there is none, or for a release loaded before this column existed and not read since.';
comment on column place_mentions.field is 'Where the words stand: title (releases.title), body (releases.body) or aside (releases.aside: a table row, the block about the publisher).';
comment on column place_mentions.char_start is 'Offset of the mention in releases.title, releases.body or releases.aside (see field).';
comment on column place_mentions.char_end is 'End offset (exclusive) of the mention in releases.title, releases.body or releases.aside (see field).';
comment on column place_mentions.resolved_by is 'How the place was chosen: name (the name is one place on that day), county (a shared name settled by the county named nearby), unresolved (a shared name left open: place_id null, see candidates), reference (a definite kommunen/kommunens/kommuna pointing back to the one municipality the text names), publisher (such a word on the page of a municipality, releases.publisher, that names no municipality itself).';
comment on column documents.implied_date is 'The day the document dates itself by: the day its own release was published (Europe/Oslo), else 1 July of the earliest year its text prints; null when it prints none. Dates the places of an undated release on the page whose own words do not (place_mentions.dated_by document).';
comment on column place_mentions.dated_by is 'How the day the version is valid on was chosen: published (the release''s date, Europe/Oslo), text_year (undated: the earliest year its text names), names (undated, no year: the register period in which most of its names exist), document (none of these: the day its page was fetched over HTTP, else the day its document dates itself by, documents.implied_date), newest (none of these: the newest version), before_registers (a date before 2013: the earliest version, flagged).';
