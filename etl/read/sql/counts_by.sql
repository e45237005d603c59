-- counts_by: rates_by without days_median / days_p90, for charts that rank by counts and rates
-- (the overview's worst towns and sectors by overdue). $dim: 'town' | 'sector' | 'department' | 'level'.
-- Rows: key, then {{count_columns}}. Ordered by total descending.
-- Params: $dim plus the common hazard filters.
SELECT
    CASE $dim WHEN 'town' THEN town WHEN 'sector' THEN sector
              WHEN 'department' THEN department WHEN 'level' THEN level END AS key,
    {{count_columns}}
FROM ({{hazard_scope}}) s
GROUP BY 1
ORDER BY total DESC, key
