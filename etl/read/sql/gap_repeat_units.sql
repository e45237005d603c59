-- 8. Repeat hazards by unit: units with a hazard of the same kind again within 12 months of
-- its rectification (rule in _fragments/gap_repeat_scope.sql), repeats found in the window.
-- Rows (at most $limit): town, entity_name (as the latest repeat wrote it), sector (most frequent), repeats (repeat hazards
--   found in the window), kinds (distinct repeated descriptions), examples (up to 3
--   descriptions, '；'-joined), last_found, open_repeats (repeats not rectified), total_rows.
-- Ties (two spellings on the same last day, two sectors as frequent) go to the last / first in
-- sort order, so the answer does not depend on the scan order.
-- Params: $start_month, $end_month, $as_of, $towns, $sectors, $departments, $level, $limit.
SELECT town, arg_max(entity_name, (found_date, entity_name)) AS entity_name, mode(sector ORDER BY sector) AS sector,
       count(*) AS repeats,
       count(DISTINCT kind_group) AS kinds,  -- = distinct kind_key within one town + unit
       array_to_string(list_slice(list_sort(list(DISTINCT description)), 1, 3), '；') AS examples,
       max(found_date) AS last_found,
       count(*) FILTER (WHERE status <> 'rectified') AS open_repeats,
       count(*) OVER () AS total_rows
FROM ({{gap_repeat_scope}}) r
WHERE is_repeat
  AND in_months(found_date, $start_month, $end_month)
GROUP BY town, unit_key
ORDER BY repeats DESC, open_repeats DESC, last_found DESC, town, entity_name
LIMIT $limit
