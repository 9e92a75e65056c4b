-- A page that shows no title (a capture starting mid-article) is still a release: its title is null
-- and its id comes from the document (transform/ids.py release_key). 001 declared the title not null.
alter table releases alter column title drop not null;

comment on column releases.title is 'Title as published (untrusted text); null when the page shows no title (the id then comes from the document).';
