-- 会商清单 1: units seen in hazard ledgers or inspection logs but absent from the registry of
-- their town (matched on town + gap_unit_key, migration 002: the same rule as coverage), only in
-- towns that have a registry (a town with none is listed by blind_towns_without_registry).
-- Possibly 无证无照 or simply missing from the list: the office settles which at the meeting.
-- Hazards found and visits made in the window up to $as_of, under the filters (visits: the
-- sector/department filters apply to the visit's own sector and inspecting department).
-- Rows (at most $limit): town, unit_key, entity_name (latest spelling), sector (most frequent),
--   department (most frequent named, '' = none), hazards, open_hazards (open as of $as_of),
--   visits, first_seen, last_seen (DATE), total_rows (before the limit). Most open hazards first.
-- Params: the common hazard filters, $limit.
WITH reg AS (SELECT DISTINCT town, unit_key FROM gap_units),
h AS (
    SELECT h.town, h.unit_key, h.entity_name, h.sector, owner_of(h.department, h.agreed_department) AS department,
           h.found_date AS d, 1 AS haz,
           CASE WHEN rectified_as_of(h.status, h.rectified_date, h.report_month, $as_of)
                THEN 0 ELSE 1 END AS open_haz, 0 AS visit
    FROM gap_hazards h
    WHERE h.unit_key <> '' AND {{hazard_filters}}
),
v AS (
    SELECT w.town, w.unit_key, w.entity_name, w.sector, w.department, w.inspection_date AS d, 0 AS haz,
           0 AS open_haz, 1 AS visit
    FROM ({{gap_inspection_window}}) w
    WHERE w.unit_key <> ''
      AND in_selection($sectors, w.sector)
      AND in_selection($departments, w.department)
),
seen AS (SELECT * FROM h UNION ALL SELECT * FROM v)
SELECT s.town, s.unit_key, arg_max(s.entity_name, (s.d, s.entity_name)) AS entity_name,
       mode(s.sector ORDER BY s.sector) AS sector,
       coalesce(mode(s.department ORDER BY s.department) FILTER (WHERE s.department <> ''), '') AS department,
       sum(s.haz) AS hazards, sum(s.open_haz) AS open_hazards, sum(s.visit) AS visits,
       min(s.d) AS first_seen, max(s.d) AS last_seen,
       count(*) OVER () AS total_rows
FROM seen s
WHERE s.town IN (SELECT town FROM reg)
  AND NOT EXISTS (SELECT 1 FROM reg r WHERE r.town = s.town AND r.unit_key = s.unit_key)
GROUP BY s.town, s.unit_key
ORDER BY open_hazards DESC, hazards DESC, visits DESC, s.town, entity_name
LIMIT $limit
