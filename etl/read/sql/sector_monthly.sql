-- Hazards found per period bucket, sector and level. $grain: 'month' | 'quarter'.
-- Rows: period (DATE, first day of the month/quarter), sector (code), level, found.
-- Only non-zero cells are returned; the page fills the grid.
-- Params: $grain plus the common hazard filters.
SELECT date_trunc($grain, found_date) AS period, sector, level, count(*) AS found
FROM ({{hazard_scope}}) s
GROUP BY ALL
ORDER BY period, sector, level
