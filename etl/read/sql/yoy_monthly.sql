-- Year-on-year: hazards found per month in the period beside the same month a year before.
-- Rows: month (DATE), found, found_prev_year, major, major_prev_year. Every month of the period.
-- The prior-year counts use the same filters with the period moved back 12 months.
-- Params: common hazard filters; $start_month and $end_month must be set.
WITH months AS (
    SELECT CAST(m AS DATE) AS month
    FROM range(CAST($start_month AS DATE), CAST($end_month AS DATE) + INTERVAL 1 MONTH, INTERVAL 1 MONTH) t(m)
), h AS (
    SELECT date_trunc('month', found_date) AS month, level
    FROM hazards
    WHERE found_date >= CAST($start_month AS DATE) - INTERVAL 12 MONTH
      AND found_date < CAST($end_month AS DATE) + INTERVAL 1 MONTH
      AND found_date <= $as_of
      AND in_selection($towns, town)
      AND in_selection($sectors, sector)
      AND in_selection($departments, owner_of(department, agreed_department))
      AND ($level IS NULL OR level = $level)
), agg AS (
    SELECT month, count(*) AS found, count(*) FILTER (WHERE level = 'major') AS major FROM h GROUP BY 1
)
SELECT m.month,
       coalesce(c.found, 0) AS found, coalesce(p.found, 0) AS found_prev_year,
       coalesce(c.major, 0) AS major, coalesce(p.major, 0) AS major_prev_year
FROM months m
LEFT JOIN agg c ON c.month = m.month
LEFT JOIN agg p ON p.month = m.month - INTERVAL 12 MONTH
ORDER BY m.month
