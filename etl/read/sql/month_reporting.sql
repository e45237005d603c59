-- month_reporting: how complete each month of the window is (报送完整性), for the partial-month
-- notices, the default headline month and the marks on every trend.
-- A town has reported month M when a live hazard ledger with report month M covers it (the
-- same rule as gap_reporting's 应报/已报). Rows, one per month from $start_month to $end_month:
--   month (DATE, first day), expected (towns in scope known to the warehouse),
--   reported (of those, towns whose ledger for the month arrived),
--   ended (BOOLEAN: the month is over by $as_of; a month still running is never complete).
-- Params: $start_month, $end_month (DATE, first day; both required), $towns, $as_of.
WITH {{town_reports}},
months AS (
    SELECT CAST(m AS DATE) AS month
    FROM range(CAST($start_month AS DATE), CAST($end_month AS DATE) + INTERVAL 1 MONTH, INTERVAL 1 MONTH) t(m)
),
scope_towns AS (
    SELECT town FROM all_towns
    WHERE town IS NOT NULL AND in_selection($towns, town)
)
SELECT m.month,
       (SELECT count(*) FROM scope_towns) AS expected,
       (SELECT count(DISTINCT u.town) FROM town_uploads u JOIN scope_towns s USING (town)
        WHERE u.kind = 'hazard' AND u.report_month = m.month) AS reported,
       (last_day(m.month) <= CAST($as_of AS DATE)) AS ended
FROM months m
ORDER BY m.month
