-- Organisations (issue 23): one row per organisation under its normalised name (KS, SKR, Tromsø kommune),
-- its kind, and the places it is; roles and contacts point to it. Written by load/organisations.py from
-- the organisation words of every role and contact (transform/organisations.py), in each load's
-- transaction. A role or contact stored before this migration has a null organisation_id until its
-- document is read again (a run reads a local file again when the extractor version changes; it did).
create table if not exists organisations (
    organisation_id varchar primary key,
    name varchar not null,
    kind varchar not null
);

create table if not exists organisation_places (
    organisation_id varchar not null,
    place_id varchar not null,
    primary key (organisation_id, place_id)
);

alter table person_roles add column if not exists organisation_id varchar;
alter table contacts add column if not exists organisation_id varchar;

comment on table organisations is 'One row per organisation named on a role or contact, under its normalised name: KS, KS'' and Kommunesektorens organisasjon are KS; SKL and SKR are SKR; kommunestyret i Tromsø is Tromsø kommune.';
comment on column organisations.organisation_id is 'Stable id of the normalised name.';
comment on column organisations.name is 'Normalised name: KS, SKR, KL, Tromsø kommune, Vestland fylkeskommune, Region Skåne, Kommunal- og distriktsdepartementet.';
comment on column organisations.kind is 'municipality, county, association (KS, SKR, KL, NHO), ministry, agency, union, party, company or other (transform/data/organisations/<lang>.txt).';
comment on table organisation_places is 'The places an organisation is: a municipality or county body is every number its place has had (Asker kommune: 0220, 3025, 3203). One row per organisation and place_id (join places for the versions).';
comment on column organisation_places.organisation_id is 'The organisation.';
comment on column organisation_places.place_id is 'A place it is (NO:kommune:3025).';
comment on column person_roles.organisation_id is 'The organisation of the role, normalised (organisations); null when no organisation is printed.';
comment on column contacts.organisation_id is 'The organisation of the contact, normalised (organisations); null when none is given.';
