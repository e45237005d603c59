-- 三管三必须 matrix, as the data has it: per sector and owning department, the hazards in scope
-- ({{owner_scope}}: the ledger's department, else the owner agreed at a 会商, migration 014) and
-- the registry units ({{gap_entity_scope}}); department '' = none.
-- Rows: sector, department, agreed (BOOLEAN: hazards a 会商 gave this department; never joined
--   with registry units), county_level (BOOLEAN: gap_who_level says a county department, not a
--   town's body), hazards, open_hazards (open as of $as_of), units. etl/read/blindspots.py sets it
--   against config/responsibilities.toml.
-- Params: the common hazard filters.
WITH h AS (
    SELECT sector, owner_department AS department, coalesce(owner_source = 'agreed', FALSE) AS agreed,
           count(*) AS hazards, count(*) FILTER (WHERE NOT is_rect) AS open_hazards
    FROM ({{owner_scope}}) s GROUP BY ALL
),
u AS (SELECT sector, department, count(*) AS units FROM ({{gap_entity_scope}}) e GROUP BY ALL)
SELECT coalesce(h.sector, u.sector) AS sector, coalesce(h.department, u.department) AS department,
       coalesce(h.agreed, FALSE) AS agreed,
       coalesce(h.department, u.department) <> ''
           AND gap_who_level(NULL, coalesce(h.department, u.department), NULL) = 'county' AS county_level,
       coalesce(h.hazards, 0) AS hazards, coalesce(h.open_hazards, 0) AS open_hazards, coalesce(u.units, 0) AS units
FROM h FULL JOIN u ON h.sector = u.sector AND h.department = u.department AND NOT h.agreed
ORDER BY sector, hazards DESC, department, agreed
