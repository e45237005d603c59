-- Overdue major hazards (open as of $as_of, deadline passed), most overdue first.
-- Rows: hazard_key, town, sector (code), department (the owning department, '' = none), entity_name,
--   description, found_date, deadline, days_overdue, owner_department and owner_source (the one owner
--   rule, migration 014: the ledger's department, else the owner a 会商 agreed ('agreed'), else
--   '' / NULL). At most $limit rows.
-- Params: $limit plus the common hazard filters (with level = 'general' the list is empty).
SELECT hazard_key, town, sector, department, entity_name, description, found_date, deadline, days_overdue,
       owner_department, owner_source
FROM ({{owner_scope}}) s
WHERE is_overdue AND s.level = 'major'
ORDER BY days_overdue DESC, found_date, hazard_key
LIMIT $limit
