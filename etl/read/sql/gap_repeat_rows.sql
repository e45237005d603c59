-- 8. Drill-down of repeat hazards: each repeat found in the window beside the earlier
-- occurrence it repeats (rule in _fragments/gap_repeat_scope.sql). Newest first.
-- Rows (at most $limit): town, entity_name, sector, description, level, found_date, status,
--   prev_found, prev_rectified, days_since_rectified, total_rows.
-- Params: $start_month, $end_month, $as_of, $towns, $sectors, $departments, $level, $limit.
SELECT town, entity_name, sector, description, level, found_date, status, prev_found, prev_rectified,
       date_diff('day', coalesce(prev_rectified, prev_found), found_date) AS days_since_rectified,
       count(*) OVER () AS total_rows
FROM ({{gap_repeat_scope}}) r
WHERE is_repeat
  AND in_months(found_date, $start_month, $end_month)
ORDER BY found_date DESC, town, entity_name, hazard_key  -- key: a stable order for ties
LIMIT $limit
