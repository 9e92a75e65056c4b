-- What reference data the warehouse holds (issue 21: a one-file run's seconds): a digest per kind of rows
-- the code writes at every migration from what it ships (load/places.py `places`: the place registers in
-- `places` and `place_successors`; load/warehouse.py `views`: the sql/views files). A migration that finds
-- its digest unchanged, and applied no migration itself, writes nothing: an unchanged warehouse is not
-- re-synced on every run and every load; a changed register file or view syncs at the next one.
create table if not exists _reference_digests (
    name varchar primary key,
    digest varchar not null
);

comment on table _reference_digests is 'Internal: one row per kind of reference data the code writes into the warehouse at each migration (places: the bundled place registers in places and place_successors; views: the sql/views files), with the digest of what was written; an unchanged digest is not written again.';
comment on column _reference_digests.name is 'The kind of reference data: places or views.';
comment on column _reference_digests.digest is 'blake2b digest of the rows (places) or the view files (views) last written.';
