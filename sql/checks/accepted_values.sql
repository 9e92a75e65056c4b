-- Enumerated columns hold only the values the warehouse contract lists, and a range has both ends.
select 'documents.kind' as col, document_id as id, kind as value from documents
where kind not in ('release_page', 'listing_page', 'article_page', 'text_dump', 'other')
union all
select 'quotes.attribution', quote_id, attribution from quotes
where attribution not in ('explicit', 'carried', 'title')
union all
select 'amounts.qualifier', amount_id, qualifier from amounts
where qualifier not in ('exact', 'about', 'more_than', 'at_least', 'less_than', 'at_most', 'up_to', 'range')
union all
select 'amounts.value_high', amount_id, qualifier from amounts
where (qualifier = 'range') <> (value_high is not null)
union all
select 'release_documents.seen_as', release_id, seen_as from release_documents
where seen_as not in ('full_text', 'teaser')
union all
select 'person_roles.role', person_role_id, role from person_roles
where role <> lower(role)
union all
select 'contacts.phone', contact_id, phone from contacts
where phone is not null and not regexp_full_match(phone, '\+[1-9][0-9]{6,14}')
