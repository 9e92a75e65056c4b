-- Amounts are non-negative, a range's high end is not below its low end, currencies are ISO 4217 codes.
select amount_id
from amounts
where value < 0
   or (value_high is not null and value_high < value)
   or not regexp_full_match(currency, '[A-Z]{3}')
