-- severity: quarantine
-- Amounts are non-negative, a range's high end is not below its low end, currencies are ISO 4217 codes.
select
    'amounts' as table_name,
    amount_id as row_id,
    case when value < 0 then 'amounts.value ' || value::varchar || ' is negative'
         when value_high is not null and value_high < value
             then 'amounts.value_high ' || value_high::varchar || ' is below value ' || value::varchar
         else 'amounts.currency ' || coalesce('''' || currency || '''', 'null') || ' is not three capital letters' end as reason
from amounts
where value < 0
   or (value_high is not null and value_high < value)
   or not regexp_full_match(currency, '[A-Z]{3}')
