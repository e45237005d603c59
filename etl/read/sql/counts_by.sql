-- counts_by: rates_by without days_median / days_p90, for charts that rank by counts and rates
-- (the overview's worst towns and sectors by overdue). $dim: 'town' | 'sector' | 'department' | 'level'.
-- Rows: key, then {{count_columns}}. Ordered by total descending.
-- Params: $dim plus the common hazard filters.
SELECT
    {{hazard_dim_key}} AS key,
    {{count_columns}}
FROM ({{hazard_scope}}) s
GROUP BY 1
ORDER BY total DESC, key
