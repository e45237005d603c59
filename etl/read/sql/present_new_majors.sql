-- New major hazards of the meeting month: level 'major', found in the month $end_month
-- (common filters apply; status as of $as_of). Newest first.
-- Rows (at most $limit): hazard_key, town, sector (code), department (owning, '' = none),
--   ledger_department (as written), entity_name,
--   description, found_date, deadline, is_rect (BOOLEAN, as of $as_of), total_rows (all new
--   majors in scope, before the limit).
-- Params: $limit plus the common hazard filters ($end_month must be set; $start_month ignored
--   beyond the common scope, pass the same month).
SELECT hazard_key, town, sector, department, ledger_department, entity_name, description, found_date, deadline, is_rect,
       count(*) OVER () AS total_rows
FROM ({{hazard_scope}}) s
WHERE s.level = 'major' AND date_trunc('month', s.found_date) = $end_month
ORDER BY found_date DESC, town, hazard_key
LIMIT $limit
