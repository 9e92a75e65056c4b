-- The most quoted people, with their latest role.
create or replace view most_quoted_people as
with

quotes as (
    select * from main.quotes
),

people as (
    select * from main.people
),

releases as (
    select * from main.releases
),

person_roles as (
    select * from main.person_roles
),

quote_counts as (
    select
        quotes.person_id,
        count(*) as n_quotes,
        count(distinct quotes.release_id) as n_releases,
        min(releases.published_at) as first_quoted_at,
        max(releases.published_at) as last_quoted_at
    from quotes
    join releases using (release_id)
    where quotes.person_id is not null
    group by quotes.person_id
),

latest_roles as (
    select
        person_roles.person_id,
        -- the role in the newest dated release; ties broken by role, then organisation, so the view is
        -- deterministic (two organisations of one role on one day: 'prosjektdirektør (Nye Veier)' and
        -- '(Nye Veier Trøndelag)' were left to row order)
        arg_max(
            person_roles.role || coalesce(' (' || person_roles.organisation || ')', ''),
            (coalesce(releases.published_at, '-infinity'::timestamptz), person_roles.role,
             coalesce(person_roles.organisation, ''))
        ) as latest_role
    from person_roles
    join releases using (release_id)
    group by person_roles.person_id
),

final as (
    select
        rank() over (order by quote_counts.n_quotes desc) as rank,
        quote_counts.person_id,
        people.full_name,
        latest_roles.latest_role,
        quote_counts.n_quotes,
        quote_counts.n_releases,
        quote_counts.first_quoted_at,
        quote_counts.last_quoted_at
    from quote_counts
    join people using (person_id)
    left join latest_roles using (person_id)
)

select * from final;

comment on view most_quoted_people is 'People ranked by number of quotes, with their latest role; order by rank to read it as a top list.';
comment on column most_quoted_people.rank is 'Rank by number of quotes (1 = most quoted; ties share a rank).';
comment on column most_quoted_people.person_id is 'The person (people.person_id).';
comment on column most_quoted_people.full_name is 'Fullest name of the person.';
comment on column most_quoted_people.latest_role is 'Role and organisation in the newest release printing one, e.g. styreleder (KS); null when none.';
comment on column most_quoted_people.n_quotes is 'Number of quotes by the person.';
comment on column most_quoted_people.n_releases is 'Number of distinct releases quoting the person.';
comment on column most_quoted_people.first_quoted_at is 'Publication time (UTC) of the first dated release quoting the person.';
comment on column most_quoted_people.last_quoted_at is 'Publication time (UTC) of the latest dated release quoting the person.';
