-- Overdue major hazards (open as of $as_of, deadline passed), most overdue first.
-- Rows: hazard_key, town, sector (code), department, entity_name, description, found_date,
--   deadline, days_overdue. At most $limit rows.
-- Params: $limit plus the common hazard filters (with level = 'general' the list is empty).
SELECT hazard_key, town, sector, department, entity_name, description, found_date, deadline, days_overdue
FROM ({{hazard_scope}}) s
WHERE is_overdue AND s.level = 'major'
ORDER BY days_overdue DESC, found_date, hazard_key
LIMIT $limit
