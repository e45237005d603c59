-- 3. No owner, by sector: hazards in scope that no department owns (neither their ledger nor a
-- 会商 names one: {{owner_scope}}, migration 014), and registry units with no supervising
-- department.
-- Rows: sector, hazards, hazards_no_owner, hazards_no_owner_open (open as of $as_of),
--   units, units_no_owner, hazards_agreed (ledger named none, a 会商 agreed an owner).
--   Sectors with either hazards or units in scope.
-- Params: the common hazard filters ({{hazard_scope}}); $towns/$sectors/$departments also
-- narrow the registry.
WITH h AS (
    SELECT sector, count(*) AS hazards,
           count(*) FILTER (WHERE owner_source IS NULL) AS hazards_no_owner,
           count(*) FILTER (WHERE owner_source IS NULL AND NOT is_rect) AS hazards_no_owner_open,
           count(*) FILTER (WHERE owner_source = 'agreed') AS hazards_agreed
    FROM ({{owner_scope}}) s
    GROUP BY sector
),
u AS (
    SELECT sector, count(*) AS units, count(*) FILTER (WHERE department = '') AS units_no_owner
    FROM ({{gap_entity_scope}}) e
    GROUP BY sector
)
SELECT coalesce(h.sector, u.sector) AS sector,
       coalesce(h.hazards, 0) AS hazards, coalesce(h.hazards_no_owner, 0) AS hazards_no_owner,
       coalesce(h.hazards_no_owner_open, 0) AS hazards_no_owner_open,
       coalesce(u.units, 0) AS units, coalesce(u.units_no_owner, 0) AS units_no_owner,
       coalesce(h.hazards_agreed, 0) AS hazards_agreed
FROM h FULL JOIN u ON h.sector = u.sector
ORDER BY hazards_no_owner + units_no_owner DESC, hazards_agreed DESC, sector
