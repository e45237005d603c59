-- Hazards found per month over the period, every month present (zeros filled). Rows:
--   month (DATE), found, major, rectified (status as of $as_of), overdue, rect_rate,
--   reports (live hazard uploads whose report month is this month; 0 = no report arrived).
-- Params: common hazard filters; $start_month and $end_month must be set.
WITH months AS (
    SELECT CAST(m AS DATE) AS month
    FROM range(CAST($start_month AS DATE), CAST($end_month AS DATE) + INTERVAL 1 MONTH, INTERVAL 1 MONTH) t(m)
), agg AS (
    SELECT date_trunc('month', found_date) AS month, count(*) AS found,
           count(*) FILTER (WHERE level = 'major') AS major,
           count(*) FILTER (WHERE is_rect) AS rectified,
           count(*) FILTER (WHERE is_overdue) AS overdue
    FROM ({{hazard_scope}}) s
    GROUP BY 1
), rep AS (
    SELECT report_month AS month, count(*) AS reports
    FROM uploads WHERE status = 'live' AND kind = 'hazard'
    GROUP BY 1
)
SELECT m.month, coalesce(a.found, 0) AS found, coalesce(a.major, 0) AS major,
       coalesce(a.rectified, 0) AS rectified, coalesce(a.overdue, 0) AS overdue,
       a.rectified / nullif(a.found, 0) AS rect_rate, coalesce(r.reports, 0) AS reports
FROM months m LEFT JOIN agg a USING (month) LEFT JOIN rep r USING (month)
ORDER BY m.month
