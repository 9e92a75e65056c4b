-- Ids and the keys that tie rows together are never null or empty (a desk contact has no person_id by design).
select 'documents' as tbl, document_id as id from documents
where nullif(document_id, '') is null or nullif(source_uri, '') is null or kind is null
union all
select 'releases', release_id from releases
where nullif(release_id, '') is null or trim(title) = ''
union all
select 'release_documents', release_id from release_documents
where nullif(release_id, '') is null or nullif(document_id, '') is null
union all
select 'people', person_id from people
where nullif(person_id, '') is null or nullif(trim(full_name), '') is null
union all
select 'person_roles', person_role_id from person_roles
where nullif(person_role_id, '') is null or nullif(person_id, '') is null or nullif(release_id, '') is null
   or nullif(role, '') is null
union all
select 'contacts', contact_id from contacts
where nullif(contact_id, '') is null or nullif(release_id, '') is null
union all
select 'quotes', quote_id from quotes
where nullif(quote_id, '') is null or nullif(release_id, '') is null or nullif(trim(text), '') is null
   or char_start is null or char_end is null
union all
select 'amounts', amount_id from amounts
where nullif(amount_id, '') is null or nullif(release_id, '') is null or value is null or currency is null
   or char_start is null or char_end is null
