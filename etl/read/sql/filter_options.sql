-- Values offered by the sidebar filters. Rows: kind ('town' | 'sector' | 'department'),
-- value (code or name; department: the owning department, migration 014, '' = none), n (hazards),
-- sort_order.
-- Sectors come from the lookup in its order (all of them, even without hazards).
-- Params: none.
SELECT 'town' AS kind, town AS value, count(*) AS n, 0 AS sort_order FROM hazards GROUP BY town
UNION ALL
SELECT 'department', owner_of(department, agreed_department), count(*), 0 FROM hazards GROUP BY 2
UNION ALL
SELECT 'sector', s.code, count(h.sector), s.sort_order
FROM sectors s LEFT JOIN hazards h ON h.sector = s.code
GROUP BY s.code, s.sort_order
ORDER BY kind, sort_order, n DESC, value
