-- 会商清单: the registry's unit names of the given towns, the candidates for a near-name match
-- of an unregistered unit (etl/read/blindspots.py). Rows: town, entity_name, unit_key (one row per
-- town + unit_key, as gap_entity_scope). Params: $towns (VARCHAR[] or NULL = all).
SELECT town, arg_min(entity_name, entity_name) AS entity_name, unit_key
FROM gap_units
WHERE in_selection($towns, town)
GROUP BY town, unit_key
ORDER BY town, unit_key
