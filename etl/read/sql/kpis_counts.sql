-- kpis_counts: the kpis row without days_median / days_p90 (the overview's cards and their
-- month-earlier and year-earlier comparisons need only counts and rates; the two quantiles were
-- 60 % of kpis' time at 10M hazards). Columns: found_in_month, major_in_month, {{count_columns}}.
-- Params: common hazard filters (start_month, end_month, towns, sectors, departments, level, as_of).
SELECT
    count(*) FILTER (WHERE date_trunc('month', found_date) = $end_month) AS found_in_month,
    count(*) FILTER (WHERE date_trunc('month', found_date) = $end_month AND level = 'major') AS major_in_month,
    {{count_columns}}
FROM ({{hazard_scope}}) s
