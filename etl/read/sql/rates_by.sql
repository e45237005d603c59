-- §4 metrics grouped by one dimension. $dim: 'town' | 'sector' | 'department' | 'level'.
-- Rows: key (town name, sector code, department name ('' = none named) or level code), then
-- {{rate_columns}} (total, rectified, rect_rate, major_total, ..., overdue, ontime_rate,
-- days_median, days_p90). Ordered by total descending.
-- Params: $dim plus the common hazard filters.
SELECT
    {{hazard_dim_key}} AS key,
    {{rate_columns}}
FROM ({{hazard_scope}}) s
GROUP BY 1
ORDER BY total DESC, key
