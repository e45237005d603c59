-- 考核通报 scorecard: the raw figures of every town and county department for each of the 12
-- months ending $end_month (the scorecard month). Scores, ranks and bands are computed from
-- these in etl/read/scorecard.py (weights and thresholds from config/scorecard.toml).
-- Each month m is judged over its window: hazards found / visits made in the $window months
-- ending m, with every status as of the month's end (m_end = the last day of m, or $as_of
-- when that is earlier; months after $as_of are left out). Same definitions as the pages:
--   rect_*       整改率 (docs/DATA_CONTRACT.md §4): rectified by m_end ÷ hazards found in the window
--   ontime_*     按期整改率: rectified on or before the deadline ÷ hazards whose deadline ≤ m_end
--   overdue_*    overdue at m_end ÷ hazards in the window (a department's follow-through, as the
--                gap page's overdue share)
--   overdue_major  stock: major hazards open and past their deadline at m_end, whenever found
--   verified_*   验收销号率: rectified and accepted by m_end ÷ rectified by m_end (v2 columns;
--                the rule of _fragments/closure_scope.sql's is_verified at each month's end);
--                verified_info = hazards of the window carrying any 验收 figure: a ledger
--                without 验收 columns gives none, and then the rate is no figure, not 0 %
--   repeat_*     repeat hazards (rule of _fragments/gap_repeat_scope.sql) ÷ hazards with a unit
--                and a description, found in the window
--   zero_*       supervisory visits (not self-inspections) in the window that found nothing ÷
--                supervisory visits (宽松软虚, as gap_enforcement_by): by the visit's town, or
--                by the inspecting department; inspection-log visits only (an intensity
--                figure, macro intensity_visit of migration 012) — zero_ledger = the
--                supervisory visits of the window that are a hazard ledger's 无隐患 rows, left out
--   high_*       red/orange registry units with a supervisory visit in the window ÷ red/orange
--                registry units (coverage rule of gap_coverage): by the unit's town or its
--                registry department; a presence figure: a ledger's 无隐患 visit counts
--   reported_*   months of the window for which the town's hazard ledger came in
--                (town_uploads of _fragments/town_reports.sql) ÷ months of the window (towns only; NULL for departments)
-- Units: towns = every town known to the warehouse (as gap_reporting); departments = the county
-- departments, as gap_reporting (county_depts of _fragments/county_departments.sql).
-- A department's hazard figures count the hazards it owns (macro owner_of, migration 014: the
-- ledger's department, else the one agreed at a 会商).
-- Rows: month (DATE), m_end, unit_type ('town' | 'department'), unit, then the *_num / *_den
-- pairs above, overdue_major and zero_ledger. A unit with nothing in a month still has its row (NULL
-- denominators become "no figure", never 0 %).
-- Params: $end_month (DATE, first day), $start_month (= $end_month − (11 + $window − 1)
-- months, computed by etl/read/scorecard.py), $window (INTEGER months), $as_of, $towns, $sectors,
-- $departments, $level.
WITH {{town_reports}},
mm AS (
    SELECT m, least(last_day(m), CAST($as_of AS DATE)) AS m_end,
           CAST(m - to_months(CAST($window AS INTEGER) - 1) AS DATE) AS w_start
    FROM (SELECT CAST(CAST($end_month AS DATE) - to_months(CAST(g.range AS INTEGER)) AS DATE) AS m FROM range(12) g)
    WHERE m <= $as_of
),
towns AS (
    SELECT DISTINCT town AS unit FROM all_towns
    WHERE town IS NOT NULL AND in_selection($towns, town)
),
{{county_departments}},
depts AS (SELECT d AS unit FROM county_depts WHERE in_selection($departments, d)),
units AS (
    SELECT 'town' AS unit_type, unit FROM towns UNION ALL SELECT 'department', unit FROM depts
),
-- hazards found in any month's window, each once per month whose window holds it
-- each hazard of the scope once, with the first month (up to the as-of month) in which each state
-- holds at that month's end (NULL = never by $as_of): a hazard is rectified at m_end from the month
-- of its rectified day; due (deadline <= m_end) from its deadline's month; past its deadline
-- (deadline < m_end) from that month, or the next when the deadline is a month's last day;
-- accepted from the month of the check. Months up to $as_of only, so "<= m" is "<= m_end".
hz AS (
    SELECT s.town, s.department, CAST(date_trunc('month', s.found_date) AS DATE) AS fm,
           CASE WHEN s.is_rect
                THEN CAST(date_trunc('month', rectified_day(s.rectified_date, s.report_month)) AS DATE) END
               AS rect_from,
           CASE WHEN s.deadline <= $as_of THEN CAST(date_trunc('month', s.deadline) AS DATE) END AS due_from,
           CASE WHEN s.deadline < $as_of
                THEN CAST(date_trunc('month', s.deadline)
                          + CASE WHEN s.deadline = last_day(s.deadline) THEN INTERVAL 1 MONTH ELSE INTERVAL 0 MONTH END
                          AS DATE) END AS past_from,
           coalesce(s.rectified_date <= s.deadline, FALSE) AS in_time,
           CASE WHEN accepted_as_of(s.verification_result, s.verified_date, s.rectified_date, s.report_month, $as_of)
                THEN CAST(date_trunc('month', check_day(s.verified_date, s.rectified_date, s.report_month))
                          AS DATE) END AS acc_from,
           (s.verified_date IS NOT NULL OR s.verification_result IS NOT NULL) AS has_acceptance
    FROM ({{hazard_scope}}) s
),
-- counted per combination first (a few thousand rows at 1M hazards), then spread over the months
hg AS (
    SELECT town, department, fm, rect_from, due_from, past_from, in_time, acc_from, has_acceptance, count(*) AS n
    FROM hz GROUP BY ALL
),
hm AS (
    SELECT mm.m, g.town, g.department, g.n, g.in_time, g.has_acceptance,
           coalesce(g.rect_from <= mm.m, FALSE) AS rect_m,
           coalesce(g.due_from <= mm.m, FALSE) AS due_m,
           coalesce(g.past_from <= mm.m, FALSE) AS past_deadline_m,
           coalesce(g.acc_from <= mm.m, FALSE) AS accepted_m
    FROM hg g JOIN mm ON g.fm >= mm.w_start AND g.fm <= mm.m
),
haz AS (
    SELECT m, unit_type, unit,
           sum(n) FILTER (WHERE rect_m) AS rect_num,
           sum(n) AS rect_den,
           sum(n) FILTER (WHERE rect_m AND due_m AND in_time) AS ontime_num,
           sum(n) FILTER (WHERE due_m) AS ontime_den,
           sum(n) FILTER (WHERE NOT rect_m AND past_deadline_m) AS overdue_num,
           sum(n) AS overdue_den,
           sum(n) FILTER (WHERE rect_m AND accepted_m) AS verified_num,
           sum(n) FILTER (WHERE rect_m) AS verified_den,
           sum(n) FILTER (WHERE has_acceptance) AS verified_info
    FROM (
        SELECT *, 'town' AS unit_type, town AS unit FROM hm
        UNION ALL
        SELECT *, 'department', department FROM hm WHERE department <> ''
    ) x
    GROUP BY ALL
),
-- overdue major hazards at each month's end, whenever found (a stock, not a window figure)
majors AS (
    SELECT h.town, owner_of(h.department, h.agreed_department) AS department, h.deadline, h.status, h.rectified_date,
           h.report_month, h.found_date
    FROM hazards h
    WHERE h.level = 'major' AND h.deadline < $as_of
      AND h.found_date <= $as_of
      AND ($level IS NULL OR $level = 'major')
      AND in_selection($towns, h.town)
      AND in_selection($sectors, h.sector)
      AND in_selection($departments, owner_of(h.department, h.agreed_department))
),
major_m AS (
    SELECT mm.m, x.town, x.department
    FROM majors x JOIN mm ON x.found_date <= mm.m_end AND x.deadline < mm.m_end
    WHERE NOT rectified_as_of(x.status, x.rectified_date, x.report_month, mm.m_end)
),
maj AS (
    SELECT m, unit_type, unit, count(*) AS overdue_major FROM (
        SELECT m, 'town' AS unit_type, town AS unit FROM major_m
        UNION ALL
        SELECT m, 'department', department FROM major_m WHERE department <> ''
    ) x GROUP BY ALL
),
rep_fm AS (  -- per town, department and found month, before spreading over the months' windows
    SELECT r.town, r.department, CAST(date_trunc('month', r.found_date) AS DATE) AS fm,
           count(*) AS n, count(*) FILTER (WHERE r.is_repeat) AS repeats
    FROM ({{gap_repeat_scope}}) r
    GROUP BY ALL
),
rpt AS (
    SELECT mm.m, x.unit_type, x.unit, sum(x.repeats) AS repeat_num, sum(x.n) AS repeat_den
    FROM (
        SELECT fm, repeats, n, 'town' AS unit_type, town AS unit FROM rep_fm
        UNION ALL
        SELECT fm, repeats, n, 'department', department FROM rep_fm WHERE department <> ''
    ) x JOIN mm ON x.fm >= mm.w_start AND x.fm <= mm.m
    GROUP BY ALL
),
visits AS (
    SELECT w.town, w.department, w.unit_key, w.inspection_date, w.hazards_found,
           intensity_visit(w.source_kind) AS counted
    FROM ({{gap_inspection_window}}) w
    WHERE w.who_level <> 'self'
      AND in_selection($sectors, w.sector)
      AND in_selection($departments, w.department)
),
vm AS (
    SELECT v.town, v.department, CAST(date_trunc('month', v.inspection_date) AS DATE) AS vmonth,
           count(*) FILTER (WHERE v.counted) AS n, count(*) FILTER (WHERE v.counted AND v.hazards_found = 0) AS zero,
           count(*) FILTER (WHERE NOT v.counted) AS ledger
    FROM visits v
    GROUP BY ALL
),
zer AS (
    SELECT mm.m, x.unit_type, x.unit, sum(x.zero) AS zero_num, sum(x.n) AS zero_den, sum(x.ledger) AS zero_ledger
    FROM (
        SELECT vmonth, zero, n, ledger, 'town' AS unit_type, town AS unit FROM vm
        UNION ALL
        SELECT vmonth, zero, n, ledger, 'department', department FROM vm WHERE department <> ''
    ) x JOIN mm ON x.vmonth >= mm.w_start AND x.vmonth <= mm.m
    GROUP BY ALL
),
-- coverage counts a unit as inspected whoever inspected it (gap_coverage): visits are matched
-- on town + unit key without the department filter
high_units AS (
    SELECT e.town, e.department, e.unit_key FROM ({{gap_entity_scope}}) e WHERE e.risk_order <= 2
),
seen AS (  -- the months in which each red/orange unit had a supervisory visit
    SELECT DISTINCT w.town, w.unit_key, CAST(date_trunc('month', w.inspection_date) AS DATE) AS vmonth
    FROM ({{gap_inspection_window}}) w
    SEMI JOIN high_units u ON u.town = w.town AND u.unit_key = w.unit_key
    WHERE w.who_level <> 'self'
),
hi AS (
    SELECT m, unit_type, unit, count(*) FILTER (WHERE inspected) AS high_num, count(*) AS high_den
    FROM (
        SELECT mm.m, u.town, u.department,
               EXISTS (SELECT 1 FROM seen s WHERE s.town = u.town AND s.unit_key = u.unit_key
                       AND s.vmonth >= mm.w_start AND s.vmonth <= mm.m) AS inspected
        FROM high_units u CROSS JOIN mm
    ) y,
    LATERAL (SELECT 'town' AS unit_type, y.town AS unit UNION ALL
             SELECT 'department', y.department WHERE y.department <> '') z
    GROUP BY ALL
),
ledgers AS (SELECT town, report_month FROM town_uploads WHERE kind = 'hazard'),
rep_m AS (
    SELECT mm.m, t.unit, count(l.report_month) AS reported_num,
           date_diff('month', mm.w_start, mm.m) + 1 AS reported_den
    FROM mm CROSS JOIN towns t
    LEFT JOIN ledgers l ON l.town = t.unit AND l.report_month >= mm.w_start AND l.report_month <= mm.m
    GROUP BY ALL
)
SELECT mm.m AS month, mm.m_end, u.unit_type, u.unit,
       r.reported_num, r.reported_den,
       coalesce(h.rect_num, 0) AS rect_num, coalesce(h.rect_den, 0) AS rect_den,
       coalesce(h.ontime_num, 0) AS ontime_num, coalesce(h.ontime_den, 0) AS ontime_den,
       coalesce(h.overdue_num, 0) AS overdue_num, coalesce(h.overdue_den, 0) AS overdue_den,
       coalesce(j.overdue_major, 0) AS overdue_major,
       coalesce(h.verified_num, 0) AS verified_num, coalesce(h.verified_den, 0) AS verified_den,
       coalesce(h.verified_info, 0) AS verified_info,
       coalesce(p.repeat_num, 0) AS repeat_num, coalesce(p.repeat_den, 0) AS repeat_den,
       coalesce(z.zero_num, 0) AS zero_num, coalesce(z.zero_den, 0) AS zero_den,
       coalesce(z.zero_ledger, 0) AS zero_ledger,
       coalesce(i.high_num, 0) AS high_num, coalesce(i.high_den, 0) AS high_den
FROM mm CROSS JOIN units u
LEFT JOIN haz h ON h.m = mm.m AND h.unit_type = u.unit_type AND h.unit = u.unit
LEFT JOIN maj j ON j.m = mm.m AND j.unit_type = u.unit_type AND j.unit = u.unit
LEFT JOIN rpt p ON p.m = mm.m AND p.unit_type = u.unit_type AND p.unit = u.unit
LEFT JOIN zer z ON z.m = mm.m AND z.unit_type = u.unit_type AND z.unit = u.unit
LEFT JOIN hi i ON i.m = mm.m AND i.unit_type = u.unit_type AND i.unit = u.unit
LEFT JOIN rep_m r ON r.m = mm.m AND u.unit_type = 'town' AND r.unit = u.unit
ORDER BY u.unit_type DESC, u.unit, mm.m
