-- Drill-down rows behind sections 6 and 7: inspection visits in the window, newest first.
-- Optional narrowing (NULL = all): $who_level, $team (检查人员 as written), $method (code),
-- $insp_department (inspecting department, '' = none named), $zero_only (TRUE = visits that
-- found nothing), $include_self (FALSE drops self-inspections, as the enforcement figures do),
-- $logs_only (TRUE = inspection-log visits only, as the per-visit intensity figures count them:
-- macro intensity_visit, migration 012 — the rows behind a zero share or a level's hazards per
-- visit are the visits it counts; NULL/FALSE = every visit, a ledger's 无隐患 visits included).
-- Rows (at most $limit): inspection_date, town, entity_name, sector, department, who_level,
--   method, inspectors, hazards_found, major_found, penalty_yuan, source_kind ('inspection' |
--   'hazard': a ledger's 无隐患 row, migration 009), total_rows (before limit).
-- Params: the above plus $start_month, $end_month, $as_of, $towns, $sectors, $departments, $limit.
SELECT inspection_date, town, entity_name, sector, department, who_level, method, inspectors,
       hazards_found, major_found, penalty_yuan, source_kind, count(*) OVER () AS total_rows
FROM ({{gap_inspection_window}}) w
WHERE in_selection($sectors, w.sector)
  AND in_selection($departments, w.department)
  AND ($who_level IS NULL OR w.who_level = $who_level)
  AND ($team IS NULL OR w.inspectors = $team)
  AND ($method IS NULL OR w.method = $method)
  AND ($insp_department IS NULL OR w.department = $insp_department)
  AND (NOT coalesce($zero_only, FALSE) OR w.hazards_found = 0)
  AND (coalesce($include_self, TRUE) OR w.who_level <> 'self')
  AND (NOT coalesce($logs_only, FALSE) OR intensity_visit(w.source_kind))
ORDER BY inspection_date DESC, town, entity_name, inspection_key  -- key: a stable order for ties
LIMIT $limit
