-- 8. Repeat hazards by sector (rule in _fragments/gap_repeat_scope.sql), for hazards found in
-- the window at a named unit.
-- Rows: sector, hazards (found in the window, with unit and description), repeats,
--   repeat_share (repeats ÷ hazards), units_with_repeat.
-- Params: $start_month, $end_month, $as_of, $towns, $sectors, $departments, $level.
SELECT sector,
       count(*) AS hazards,
       count(*) FILTER (WHERE is_repeat) AS repeats,
       count(*) FILTER (WHERE is_repeat) / count(*) AS repeat_share,
       count(DISTINCT town || chr(31) || unit_key) FILTER (WHERE is_repeat) AS units_with_repeat
FROM ({{gap_repeat_scope}}) r
WHERE in_months(found_date, $start_month, $end_month)
GROUP BY sector
ORDER BY repeats DESC, sector
