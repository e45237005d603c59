-- 下月检查计划: what the risk-based plan needs to know of every unit (etl/read/plan.py decides who
-- is due and why). One row per unit (town + gap_unit_key, migration 002): every registry unit
-- in scope, plus units named by hazards that carry a reason of their own (an open major hazard
-- due by the end of the plan month, or a repeat hazard in the window) even when unregistered.
-- Columns:
--   town, unit_key, entity_name (registry spelling first), sector, department ('' = none; a hazard's
--   owning department, migration 014, for units known only from hazards),
--   risk_level (registry; NULL = not graded or not registered), in_registry (BOOLEAN),
--   visits_window  supervisory visits (not self-inspections, as gap_coverage) in the window
--                  $start_month … end of $end_month, up to $as_of
--   last_visit     the latest supervisory visit on record up to $as_of (NULL = never)
--   major_overdue  major hazards open at $as_of whose deadline is before $plan_start
--   major_due      major hazards open at $as_of whose deadline falls in the plan month
--   repeats        repeat hazards (rule of _fragments/gap_repeat_scope.sql) found in the window
-- Params: $start_month, $end_month (the 12-month window ending the headline month), $as_of,
-- $plan_start (DATE, first day of the plan month), $towns, $sectors, $departments, $level.
WITH e AS ({{gap_entity_scope}}),
v AS (
    SELECT i.town, i.unit_key,
           count(*) FILTER (WHERE i.inspection_date >= $start_month
                            AND i.inspection_date < CAST($end_month AS DATE) + INTERVAL 1 MONTH) AS visits_window,
           max(i.inspection_date) AS last_visit
    FROM gap_visits i
    WHERE i.who_level <> 'self' AND i.inspection_date <= $as_of AND i.unit_key <> ''
      AND in_selection($towns, i.town)
    GROUP BY ALL
),
m AS (
    SELECT h.town, h.unit_key,
           arg_max(h.entity_name, (h.found_date, h.entity_name)) AS entity_name,
           arg_max(h.sector, (h.found_date, h.entity_name)) AS sector,
           arg_max(owner_of(h.department, h.agreed_department), (h.found_date, h.entity_name)) AS department,
           count(*) FILTER (WHERE h.deadline < $plan_start) AS major_overdue,
           count(*) FILTER (WHERE h.deadline >= $plan_start AND h.deadline <= last_day(CAST($plan_start AS DATE)))
               AS major_due
    FROM gap_hazards h
    WHERE h.level = 'major' AND h.unit_key <> '' AND h.found_date <= $as_of
      AND h.deadline <= last_day(CAST($plan_start AS DATE))
      AND NOT rectified_as_of(h.status, h.rectified_date, h.report_month, $as_of)
      AND ($level IS NULL OR $level = 'major')
      AND in_selection($towns, h.town)
      AND in_selection($sectors, h.sector)
      AND in_selection($departments, owner_of(h.department, h.agreed_department))
    GROUP BY ALL
),
r AS (
    SELECT town, unit_key,
           arg_max(entity_name, (found_date, entity_name)) AS entity_name,
           arg_max(sector, (found_date, entity_name)) AS sector,
           arg_max(department, (found_date, entity_name)) AS department,
           count(*) AS repeats
    FROM ({{gap_repeat_scope}}) x
    WHERE is_repeat AND unit_key <> ''
      AND ($start_month IS NULL OR found_date >= $start_month)
    GROUP BY ALL
),
keys AS (
    SELECT town, unit_key FROM e UNION SELECT town, unit_key FROM m UNION SELECT town, unit_key FROM r
)
SELECT k.town, k.unit_key,
       coalesce(e.entity_name, m.entity_name, r.entity_name) AS entity_name,
       coalesce(e.sector, m.sector, r.sector, 'other') AS sector,
       coalesce(e.department, m.department, r.department, '') AS department,
       e.risk_level,
       e.unit_key IS NOT NULL AS in_registry,
       coalesce(v.visits_window, 0) AS visits_window,
       v.last_visit,
       coalesce(m.major_overdue, 0) AS major_overdue,
       coalesce(m.major_due, 0) AS major_due,
       coalesce(r.repeats, 0) AS repeats
FROM keys k
LEFT JOIN e ON e.town = k.town AND e.unit_key = k.unit_key
LEFT JOIN m ON m.town = k.town AND m.unit_key = k.unit_key
LEFT JOIN r ON r.town = k.town AND r.unit_key = k.unit_key
LEFT JOIN v ON v.town = k.town AND v.unit_key = k.unit_key
-- no ORDER BY: etl/read/plan.py orders the list by priority
