-- Each person's roles over time: when each role was first and last printed next to their name.
create or replace view person_roles_over_time as
with

person_roles as (
    select * from main.person_roles
),

people as (
    select * from main.people
),

releases as (
    select * from main.releases
),

roles_dated as (
    select
        person_roles.person_id,
        person_roles.role,
        person_roles.organisation,
        person_roles.release_id,
        releases.published_at
    from person_roles
    join releases using (release_id)
),

final as (
    select
        roles_dated.person_id,
        people.full_name,
        roles_dated.role,
        roles_dated.organisation,
        min(roles_dated.published_at) as first_seen_at,
        max(roles_dated.published_at) as last_seen_at,
        count(distinct roles_dated.release_id) as n_releases
    from roles_dated
    join people using (person_id)
    group by all
)

select * from final;

comment on view person_roles_over_time is 'One row per person, role and organisation: the first and last publication the role was printed in.';
comment on column person_roles_over_time.person_id is 'The person (people.person_id).';
comment on column person_roles_over_time.full_name is 'Fullest name of the person.';
comment on column person_roles_over_time.role is 'Role, lowercase indefinite singular, e.g. styreleder.';
comment on column person_roles_over_time.organisation is 'Organisation of the role, e.g. KS; null when not stated.';
comment on column person_roles_over_time.first_seen_at is 'Earliest publication time (UTC) of a release printing this role; null when none is dated.';
comment on column person_roles_over_time.last_seen_at is 'Latest publication time (UTC) of a release printing this role; null when none is dated.';
comment on column person_roles_over_time.n_releases is 'Number of releases printing this role for the person.';
