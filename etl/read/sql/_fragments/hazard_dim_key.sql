-- Fragment (not a query): the key of a hazard row for a breakdown by one dimension, $dim:
-- 'town' | 'sector' | 'department' | 'level' (anything else gives NULL). Included as
-- SELECT {{hazard_dim_key}} AS key, … over a row that has those four columns.
CASE $dim WHEN 'town' THEN town WHEN 'sector' THEN sector
          WHEN 'department' THEN department WHEN 'level' THEN level END
