-- severity: quarantine
-- Enumerated columns hold only the values the warehouse contract lists, and a range has both ends.
-- Returns the table, row id and reason of each failing row.
select 'documents' as table_name, document_id as row_id,
       'documents.kind ' || coalesce('''' || kind || '''', 'null') || ' is not one of release_page, listing_page, article_page, text_dump, other' as reason
from documents
where kind not in ('release_page', 'listing_page', 'article_page', 'text_dump', 'other')
union all
select 'quotes', quote_id,
       'quotes.attribution ''' || attribution || ''' is not one of explicit, carried, title'
from quotes
where attribution not in ('explicit', 'carried', 'title')
union all
select 'amounts', amount_id,
       'amounts.qualifier ''' || qualifier || ''' is not one of exact, about, more_than, at_least, less_than, at_most, up_to, range'
from amounts
where qualifier not in ('exact', 'about', 'more_than', 'at_least', 'less_than', 'at_most', 'up_to', 'range')
union all
select 'amounts', amount_id,
       case when qualifier = 'range'
            then 'amounts.value_high missing on a range (a range has both ends)'
            else 'amounts.value_high ' || value_high::varchar || ' set on qualifier ''' || qualifier
                 || ''' (only a range has a high end)' end
from amounts
where (qualifier = 'range') <> (value_high is not null)
union all
select 'releases', release_id,
       'releases.title_source ''' || title_source || ''' is not one of layout:ntb, layout:ksno, layout:list, json, rss, html:h1, html:og, html:title, html:teaser, scored, none'
from releases
where title_source not in ('layout:ntb', 'layout:ksno', 'layout:list', 'json', 'rss', 'html:h1', 'html:og', 'html:title',
                           'html:teaser', 'scored', 'none')
union all
select 'release_documents', release_id || '/' || document_id,
       'release_documents.seen_as ''' || seen_as || ''' is not one of full_text, teaser'
from release_documents
where seen_as not in ('full_text', 'teaser')
union all
select 'person_roles', person_role_id,
       'person_roles.role ''' || role || ''' is not lowercase'
from person_roles
where role <> lower(role)
union all
select 'contacts', contact_id,
       'contacts.phone ''' || phone || ''' is not E.164 (+ and 7 to 15 digits)'
from contacts
where phone is not null and not regexp_full_match(phone, '\+[1-9][0-9]{6,14}')
