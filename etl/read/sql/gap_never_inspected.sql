-- 2. Never inspected: registry units with no supervisory visit in the window (self-inspections
-- do not count, as in gap_coverage), high risk
-- first (red, orange, yellow, blue, not graded), then most open hazards, then town and name.
-- Unit matching: same town + gap_unit_key (migration 002), for inspections and hazards alike.
-- Rows (at most $limit): entity_name, town, sector, department ('' = none), credit_code,
--   risk_level, risk_order, last_supervisory (latest visit that counts as an inspection — any
--   who_level but 'self' — ever up to $as_of, so before the window; NULL = none on record),
--   last_self (latest 企业自查 / self-inspection up to $as_of, which does not count; NULL = none),
--   hazards_on_record (hazards found at the unit up to $as_of), open_hazards (open
--   as of $as_of), total_rows (all never-inspected units in scope, before the limit).
-- Params: $start_month, $end_month, $as_of, $towns, $sectors, $departments, $limit.
WITH e AS ({{gap_entity_scope}}),
seen AS (SELECT DISTINCT town, unit_key FROM ({{gap_inspection_window}}) w WHERE w.who_level <> 'self'),
gap AS (
    SELECT e.* FROM e ANTI JOIN seen s ON s.town = e.town AND s.unit_key = e.unit_key
),
-- keys precomputed at load time (views gap_visits / gap_hazards, migration 003); only the
-- units in the gap are aggregated
last_visit AS (
    SELECT i.town, i.unit_key,
           max(i.inspection_date) FILTER (WHERE i.who_level <> 'self') AS last_supervisory,
           max(i.inspection_date) FILTER (WHERE i.who_level = 'self') AS last_self
    FROM gap_visits i SEMI JOIN gap g ON g.town = i.town AND g.unit_key = i.unit_key
    WHERE i.inspection_date <= $as_of
    GROUP BY ALL
),
haz AS (
    SELECT h.town, h.unit_key, count(*) AS hazards_on_record,
           count(*) FILTER (WHERE NOT rectified_as_of(h.status, h.rectified_date, h.report_month, $as_of))
               AS open_hazards
    FROM gap_hazards h SEMI JOIN gap g ON g.town = h.town AND g.unit_key = h.unit_key
    WHERE h.found_date <= $as_of
    GROUP BY ALL
)
SELECT g.entity_name, g.town, g.sector, g.department, g.credit_code, g.risk_level, g.risk_order,
       v.last_supervisory, v.last_self,
       coalesce(h.hazards_on_record, 0) AS hazards_on_record,
       coalesce(h.open_hazards, 0) AS open_hazards,
       count(*) OVER () AS total_rows
FROM gap g
LEFT JOIN last_visit v ON v.town = g.town AND v.unit_key = g.unit_key
LEFT JOIN haz h ON h.town = g.town AND h.unit_key = g.unit_key
ORDER BY g.risk_order, open_hazards DESC, hazards_on_record DESC, g.town, g.entity_name
LIMIT $limit
