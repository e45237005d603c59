-- Fragment (not a query): the current registry (view `entities`) under the global filters,
-- one row per unit. Included as {{gap_entity_scope}}. Params: $towns, $sectors,
-- $departments (VARCHAR[] or NULL; department '' = units with no supervising department).
-- A unit listed twice in a registry (same town and gap_unit_key) counts once.
-- Columns: entity_name, town, sector ('other' if none), department ('' = none), credit_code,
-- risk_level ('red'|'orange'|'yellow'|'blue'|NULL), risk_order (1 red … 4 blue, 5 none), unit_key.
SELECT entity_name, town, sector, department, credit_code, risk_level, risk_order, unit_key
FROM (
    SELECT e.entity_name, e.town, coalesce(e.sector, 'other') AS sector, coalesce(e.department, '') AS department,
           e.credit_code, e.risk_level,
           CASE e.risk_level WHEN 'red' THEN 1 WHEN 'orange' THEN 2 WHEN 'yellow' THEN 3 WHEN 'blue' THEN 4 ELSE 5 END
               AS risk_order,
           e.unit_key
    FROM gap_units e  -- = view `entities` + unit_key precomputed at load time (migration 003)
    WHERE in_selection($towns, e.town)
      AND in_selection($sectors, coalesce(e.sector, 'other'))
      AND in_selection($departments, coalesce(e.department, ''))
) u
QUALIFY row_number() OVER (PARTITION BY town, unit_key ORDER BY risk_order, entity_name) = 1
