-- Fragment (not a query): the hazards in scope of the common filters, with status as of $as_of.
-- Included by queries as {{hazard_scope}}. Params: $start_month, $end_month (DATE, first day of
-- month, NULL = open end), $towns, $sectors, $departments (VARCHAR[] or NULL = all; department
-- '' matches hazards without a department), $level ('general'|'major'|NULL), $as_of (DATE).
-- Also carries the v2 supervision/五落实/acceptance columns as stored (see closure_scope).
-- Scope: hazards FOUND within the month range and on or before $as_of.
-- Status as of $as_of: rectified iff the current row is rectified and its rectified date
-- (or, when the ledger gave none, the last day of the month that reported it) is <= $as_of.
SELECT
    h.hazard_key, h.source_hazard_id, h.town, h.sector, coalesce(h.department, '') AS department, h.entity_name,
    h.description, h.level, h.found_date, h.deadline, h.rectified_date, h.report_month,
    -- v2 supervision, 五落实 and acceptance (复查/验收), migration 006
    h.supervisor, h.supervision_level, h.measures, h.funds_yuan, h.responsible_person, h.contingency_plan,
    h.verified_date, h.verified_by, h.verification_result,
    (h.status = 'rectified'
        AND coalesce(h.rectified_date, last_day(h.report_month)) <= $as_of) AS is_rect,
    (NOT is_rect AND h.deadline < $as_of) AS is_overdue,
    (h.deadline <= $as_of) AS ontime_due,
    (is_rect AND ontime_due AND h.rectified_date <= h.deadline) AS is_ontime,
    CASE WHEN is_rect AND h.rectified_date IS NOT NULL
         THEN date_diff('day', h.found_date, h.rectified_date) END AS days_to_rect,
    CASE WHEN is_overdue THEN date_diff('day', h.deadline, $as_of) END AS days_overdue
FROM hazards h
WHERE ($start_month IS NULL OR h.found_date >= $start_month)
  AND ($end_month IS NULL OR h.found_date < CAST($end_month AS DATE) + INTERVAL 1 MONTH)
  AND h.found_date <= $as_of
  AND ($towns IS NULL OR list_contains(CAST($towns AS VARCHAR[]), h.town))
  AND ($sectors IS NULL OR list_contains(CAST($sectors AS VARCHAR[]), h.sector))
  AND ($departments IS NULL OR list_contains(CAST($departments AS VARCHAR[]), coalesce(h.department, '')))
  AND ($level IS NULL OR h.level = $level)
