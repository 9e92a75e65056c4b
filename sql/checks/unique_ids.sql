-- severity: error
-- Every id is unique in its table (the primary keys say so too; this also covers natural keys the
-- tables do not constrain, and keeps holding if a table is ever rebuilt without its key).
select 'documents' as tbl, document_id as id from documents group by document_id having count(*) > 1
union all
select 'documents', source_uri from documents group by source_uri having count(*) > 1
union all
select 'releases', release_id from releases group by release_id having count(*) > 1
union all
select 'release_documents', release_id || '/' || document_id from release_documents
group by release_id, document_id having count(*) > 1
union all
select 'people', person_id from people group by person_id having count(*) > 1
union all
select 'person_roles', person_role_id from person_roles group by person_role_id having count(*) > 1
union all
select 'contacts', contact_id from contacts group by contact_id having count(*) > 1
union all
select 'quotes', quote_id from quotes group by quote_id having count(*) > 1
union all
select 'amounts', amount_id from amounts group by amount_id having count(*) > 1
