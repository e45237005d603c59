-- Headline KPIs for the filter scope, one row:
--   found_in_month, major_in_month: hazards (all / major) found in the month $end_month;
--   then the §4 metrics over the whole scope ({{rate_columns}}): total, rectified, rect_rate,
--   major_total, major_rectified, major_rect_rate, open_now, overdue, overdue_major, ontime,
--   ontime_due, ontime_rate, days_median, days_p90.
-- Params: common hazard filters (start_month, end_month, towns, sectors, departments, level, as_of).
SELECT
    count(*) FILTER (WHERE date_trunc('month', found_date) = $end_month) AS found_in_month,
    count(*) FILTER (WHERE date_trunc('month', found_date) = $end_month AND level = 'major') AS major_in_month,
    {{rate_columns}}
FROM ({{hazard_scope}}) s
