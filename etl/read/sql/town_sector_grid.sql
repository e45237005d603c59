-- Town x sector matrix for the heat map. Rows: town, sector (code), found, major, overdue.
-- Only non-zero cells. Params: common hazard filters.
SELECT town, sector, count(*) AS found,
       count(*) FILTER (WHERE level = 'major') AS major,
       count(*) FILTER (WHERE is_overdue) AS overdue
FROM ({{hazard_scope}}) s
GROUP BY ALL
ORDER BY town, sector
