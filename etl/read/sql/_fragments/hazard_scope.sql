-- Fragment (not a query): the hazards in scope of the common filters, with status as of $as_of.
-- Included by queries as {{hazard_scope}}. Params: $start_month, $end_month (DATE, first day of
-- month, NULL = open end), $towns, $sectors, $departments (VARCHAR[] or NULL = all; owning department,
-- '' matches hazards that have none), $level ('general'|'major'|NULL), $as_of (DATE).
-- Also carries the v2 supervision/五落实/acceptance columns as stored (see closure_scope).
-- department: the owning department ('' = none): the ledger's, else the one agreed at a 会商
-- (macro owner_of, migration 014); ledger_department: what the ledger wrote ('' = none).
-- Scope: hazards FOUND within the month range and on or before $as_of.
-- Status as of $as_of: the warehouse's macros rectified_as_of and overdue_as_of (migration 010):
-- rectified iff the current row is rectified and its rectified date (or, when the ledger gave
-- none, the last day of the month that reported it) is <= $as_of; overdue = open and past the
-- deadline. Filters: macros in_months and in_selection.
SELECT
    h.hazard_key, h.source_hazard_id, h.town, h.sector, owner_of(h.department, h.agreed_department) AS department,
    coalesce(h.department, '') AS ledger_department, h.entity_name,
    h.description, h.level, h.found_date, h.deadline, h.rectified_date, h.report_month,
    -- v2 supervision, 五落实 and acceptance (复查/验收), migration 006
    h.supervisor, h.supervision_level, h.measures, h.funds_yuan, h.responsible_person, h.contingency_plan,
    h.verified_date, h.verified_by, h.verification_result,
    rectified_as_of(h.status, h.rectified_date, h.report_month, $as_of) AS is_rect,
    overdue_as_of(is_rect, h.deadline, $as_of) AS is_overdue,
    (h.deadline <= $as_of) AS ontime_due,
    (is_rect AND ontime_due AND h.rectified_date <= h.deadline) AS is_ontime,
    CASE WHEN is_rect AND h.rectified_date IS NOT NULL
         THEN date_diff('day', h.found_date, h.rectified_date) END AS days_to_rect,
    CASE WHEN is_overdue THEN date_diff('day', h.deadline, $as_of) END AS days_overdue
FROM hazards h
WHERE {{hazard_filters}}
