-- Open major hazards over time ("dynamic zero"): for each month of the period,
--   inflow = majors found that month, outflow = majors rectified that month,
--   stock = majors open at the month's end (found by then, not rectified by then).
-- Months after $as_of's month are not returned. Rectified dates missing in the ledger count
-- at the end of the month that reported the hazard rectified (as in {{hazard_scope}}).
-- The stock counts majors found before the period too (they are still open).
-- Rows: month (DATE), inflow, outflow, stock.
-- Params: start_month, end_month (both set), towns, sectors, departments, as_of. ($level is ignored.)
WITH months AS (
    SELECT CAST(m AS DATE) AS month
    FROM range(CAST($start_month AS DATE), CAST($end_month AS DATE) + INTERVAL 1 MONTH, INTERVAL 1 MONTH) t(m)
    WHERE m <= $as_of
), mj AS (
    SELECT found_date,
           CASE WHEN status = 'rectified'
                THEN rectified_day(rectified_date, report_month) END AS closed
    FROM hazards
    WHERE level = 'major' AND found_date <= $as_of
      AND in_selection($towns, town)
      AND in_selection($sectors, sector)
      AND in_selection($departments, owner_of(department, agreed_department))
), ins AS (
    SELECT date_trunc('month', found_date) AS month, count(*) AS n FROM mj GROUP BY 1
), outs AS (
    SELECT date_trunc('month', closed) AS month, count(*) AS n FROM mj WHERE closed <= $as_of GROUP BY 1
), before AS (
    SELECT (SELECT count(*) FROM mj WHERE found_date < CAST($start_month AS DATE))
         - (SELECT count(*) FROM mj WHERE closed < CAST($start_month AS DATE)) AS stock0
)
SELECT m.month, coalesce(i.n, 0) AS inflow, coalesce(o.n, 0) AS outflow,
       (SELECT stock0 FROM before)
         + sum(coalesce(i.n, 0) - coalesce(o.n, 0)) OVER (ORDER BY m.month) AS stock
FROM months m LEFT JOIN ins i USING (month) LEFT JOIN outs o USING (month)
ORDER BY m.month
