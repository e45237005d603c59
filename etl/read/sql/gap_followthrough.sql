-- 5. Follow-through by department (三管三必须): docs/DATA_CONTRACT.md §4 metrics of the hazards each
-- department owns (the owning department, migration 014: the ledger's, else the 会商's; '' = none),
-- plus the county row.
-- Rows: department (NULL on the county row), is_county (BOOLEAN), {{rate_columns}} (total,
--   rectified, rect_rate, major_total, …, overdue, ontime_rate, days_median, days_p90),
--   overdue_share (overdue ÷ total), agreed (hazards the department owns because a 会商 gave them
--   to it: their ledgers named none). County row first, then departments by total descending.
-- Params: the common hazard filters.
SELECT CASE WHEN grouping(department) = 1 THEN NULL ELSE department END AS department,
       grouping(department) = 1 AS is_county,
       {{rate_columns}},
       count(*) FILTER (WHERE is_overdue) / nullif(count(*), 0) AS overdue_share,
       count(*) FILTER (WHERE ledger_department = '' AND department <> '') AS agreed
FROM ({{hazard_scope}}) s
GROUP BY GROUPING SETS ((department), ())
ORDER BY is_county DESC, total DESC, department
