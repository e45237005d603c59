-- 1. Coverage map (docs/DATA_CONTRACT.md §4 Coverage): registry units inspected at least once in the
-- window ÷ registry units, per town × sector (sector and department are the registry's).
-- A unit counts as inspected when a supervisory visit in the window names it (any level except
-- the unit's own self-inspection, which is not supervision): same town and same
-- gap_unit_key(entity_name) (rule in etl/store/migrations/002_gaps.sql).
-- Rows: town, sector, units, inspected, uninspected, coverage (0..1), uninspected_high
-- (red/orange units not inspected). Only cells with registry units.
-- Params: $start_month, $end_month, $as_of, $towns, $sectors, $departments.
WITH e AS ({{gap_entity_scope}}),
seen AS (SELECT DISTINCT town, unit_key FROM ({{gap_inspection_window}}) w WHERE w.who_level <> 'self')
SELECT e.town, e.sector,
       count(*) AS units,
       count(s.unit_key) AS inspected,
       count(*) - count(s.unit_key) AS uninspected,
       count(s.unit_key) / count(*) AS coverage,
       count(*) FILTER (WHERE s.unit_key IS NULL AND e.risk_order <= 2) AS uninspected_high
FROM e LEFT JOIN seen s ON s.town = e.town AND s.unit_key = e.unit_key
GROUP BY ALL
ORDER BY e.town, e.sector
