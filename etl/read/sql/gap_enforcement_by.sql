-- 7. Enforcement strength by $dim: 'inspectors' (the team as written in 检查人员),
-- 'department' (inspecting department, '' = none named) or 'method' (code, '' = none).
-- Supervisory visits in the window only (self-inspections excluded), and of them inspection-log
-- visits only (intensity_visit, migration 012: a ledger's 无隐患 visits are left out, as in
-- gap_enforcement_kpis, which counts them).
-- Rows: key, inspections, zero_found, zero_share, hazards_found, hazards_per_insp, major_found,
--   penalised, department (the team's most frequent department; for 'department' the key
--   itself), who_level (most frequent level of the key's visits). A tie goes to the first in
--   sort order (mode over sorted input), so the answer does not depend on the scan order.
-- Only keys with at least $min_n visits (a team with 2 visits says little), ordered by
-- zero_share descending, then visits descending.
-- Params: $dim, $min_n, $start_month, $end_month, $as_of, $towns, $sectors, $departments.
SELECT CASE $dim WHEN 'inspectors' THEN inspectors WHEN 'department' THEN department WHEN 'method' THEN method END AS key,
       count(*) AS inspections,
       count(*) FILTER (WHERE hazards_found = 0) AS zero_found,
       count(*) FILTER (WHERE hazards_found = 0) / count(*) AS zero_share,
       sum(hazards_found) AS hazards_found,
       sum(hazards_found) / count(*) AS hazards_per_insp,
       sum(major_found) AS major_found,
       count(*) FILTER (WHERE penalty_yuan > 0) AS penalised,
       mode(department ORDER BY department) AS department,
       mode(who_level ORDER BY who_level) AS who_level
FROM ({{gap_inspection_window}}) w
WHERE w.who_level <> 'self'
  AND intensity_visit(w.source_kind)
  AND in_selection($sectors, w.sector)
  AND in_selection($departments, w.department)
GROUP BY 1
HAVING count(*) >= $min_n
ORDER BY zero_share DESC, inspections DESC, key
