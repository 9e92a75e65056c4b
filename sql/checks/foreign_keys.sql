-- severity: error
-- Child rows point at existing releases, people and documents.
select 'quotes' as child, quote_id as id from quotes where release_id not in (select release_id from releases)
union all
select 'quotes', quote_id from quotes where person_id is not null and person_id not in (select person_id from people)
union all
select 'amounts', amount_id from amounts where release_id not in (select release_id from releases)
union all
select 'person_roles', person_role_id from person_roles
where release_id not in (select release_id from releases) or person_id not in (select person_id from people)
union all
select 'contacts', contact_id from contacts where release_id not in (select release_id from releases)
union all
select 'contacts', contact_id from contacts
where person_id is not null and person_id not in (select person_id from people)
union all
select 'release_documents', release_id from release_documents
where document_id not in (select document_id from documents)
   or release_id not in (select release_id from releases)
union all
select 'releases', release_id from releases
where document_id is not null and document_id not in (select document_id from documents)
