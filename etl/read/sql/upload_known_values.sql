-- upload_known_values: every town and department spelling the warehouse already holds
-- (for "did you mean …?" on upload). Returns kind ('town' | 'department'), value. No params.
SELECT DISTINCT 'town' AS kind, town AS value FROM hazard_current WHERE town IS NOT NULL
UNION
SELECT DISTINCT 'town', town FROM inspection_obs WHERE town IS NOT NULL
UNION
SELECT DISTINCT 'town', town FROM entity_obs WHERE town IS NOT NULL
UNION
SELECT DISTINCT 'department', department FROM hazard_current WHERE department IS NOT NULL
UNION
SELECT DISTINCT 'department', department FROM inspection_obs WHERE department IS NOT NULL
ORDER BY kind, value
