-- 4. Reporting discipline (应报/已报/未报) over the 12 months ending at the last month that is
-- due: the earlier of the window's end month and the last month completed by $as_of (a month
-- is due once it has ended; as of 30 June, June is due, as of 15 June it is not yet).
--   应报 towns: every town known to the warehouse (hazards, inspections, registry, uploads);
--     a town has reported month M when a live hazard ledger with report month M covers it
--     (upload_log.towns; for uploads without that list, the towns of their rows).
--     inspection_log says whether an inspection log covering the town came in too (shown,
--     not required: county-wide logs list every town).
--   应报 departments: the county departments (county_depts of _fragments/county_departments.sql:
--     gap_who_level = 'county', migrations 002 and 015, named in the registry, as a hazard's
--     owner or as an inspecting body); a department has reported month M when a live
--     inspection log with report month M has rows naming it (dept_uploads of
--     _fragments/town_reports.sql).
-- Rows: reporter_type ('town' | 'department'), reporter, month (DATE, first day),
--   ledger (BOOLEAN; towns), inspection_log (BOOLEAN), reported (BOOLEAN),
--   missed (months not reported of the 12, per reporter), last_reported (latest month ever
--   reported up to the last due month, NULL = never).
-- Params: $end_month, $as_of, $towns, $departments.
WITH bounds AS (
    SELECT least(coalesce(CAST($end_month AS DATE), DATE '9999-12-01'),
                 CAST(date_trunc('month', CAST($as_of AS DATE) + INTERVAL 1 DAY) - INTERVAL 1 MONTH AS DATE))
               AS last_m
),
months AS (
    SELECT CAST(b.last_m - to_months(CAST(11 - g.range AS INTEGER)) AS DATE) AS month
    FROM bounds b, range(12) g
),
{{town_reports}},
{{county_departments}},
grid AS (
    SELECT 'town' AS reporter_type, t.town AS reporter, m.month,
           EXISTS (SELECT 1 FROM town_uploads u WHERE u.town = t.town AND u.kind = 'hazard'
                   AND u.report_month = m.month) AS ledger,
           EXISTS (SELECT 1 FROM town_uploads u WHERE u.town = t.town AND u.kind = 'inspection'
                   AND u.report_month = m.month) AS inspection_log
    FROM all_towns t, months m
    WHERE t.town IS NOT NULL AND in_selection($towns, t.town)
    UNION ALL
    SELECT 'department', d.d, m.month, NULL,
           EXISTS (SELECT 1 FROM dept_uploads u WHERE u.department = d.d AND u.report_month = m.month)
    FROM county_depts d, months m
    WHERE in_selection($departments, d.d)
),
last_rep AS (
    SELECT town AS reporter, 'town' AS reporter_type, max(report_month) AS last_reported
    FROM town_uploads WHERE kind = 'hazard' AND report_month <= (SELECT last_m FROM bounds) GROUP BY ALL
    UNION ALL
    SELECT department, 'department', max(report_month)
    FROM dept_uploads WHERE report_month <= (SELECT last_m FROM bounds) GROUP BY ALL
)
SELECT g.reporter_type, g.reporter, g.month, g.ledger, g.inspection_log,
       CASE g.reporter_type WHEN 'town' THEN g.ledger ELSE g.inspection_log END AS reported,
       count(*) FILTER (WHERE NOT CASE g.reporter_type WHEN 'town' THEN g.ledger ELSE g.inspection_log END)
           OVER (PARTITION BY g.reporter_type, g.reporter) AS missed,
       r.last_reported
FROM grid g
LEFT JOIN last_rep r ON r.reporter = g.reporter AND r.reporter_type = g.reporter_type
ORDER BY g.reporter_type DESC, missed DESC, g.reporter, g.month
