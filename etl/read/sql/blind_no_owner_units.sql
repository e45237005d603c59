-- 会商清单: the units whose hazards in scope name no responsible department in their ledger, and
-- the registry units ({{gap_entity_scope}}) with no supervising department, each with the owner a
-- 会商 agreed for it ('' = none yet: still to discuss). Hazards follow the one owner rule
-- ({{owner_scope}}, migration 014); registry units take their unit's agreement,
-- else their sector's (view agreed_owners). The agenda sheet lists only the rows still to discuss.
-- Rows (at most $limit per kind, those still to discuss first): kind ('hazard' | 'unit'), town,
--   entity_name, sector, hazards, open_hazards (open as of $as_of; 0 for registry rows),
--   total_rows (per kind, before the limit), agreed_department ('' = none agreed).
-- Params: the common hazard filters, $limit.
(SELECT 'hazard' AS kind, town, arg_max(entity_name, (found_date, entity_name)) AS entity_name,
        mode(sector ORDER BY sector) AS sector, count(*) AS hazards,
        count(*) FILTER (WHERE NOT is_rect) AS open_hazards, count(*) OVER () AS total_rows,
        CASE WHEN owner_source = 'agreed' THEN owner_department ELSE '' END AS agreed_department
 FROM ({{owner_scope}}) s
 WHERE ledger_department = '' AND coalesce(entity_name, '') <> ''
 GROUP BY town, gap_unit_key(entity_name), agreed_department
 ORDER BY agreed_department <> '', open_hazards DESC, hazards DESC, town, entity_name
 LIMIT $limit)
UNION ALL
(SELECT 'unit', e.town, e.entity_name, e.sector, 0, 0, count(*) OVER (),
        coalesce(au.department, asec.department, '')
 FROM ({{gap_entity_scope}}) e
 LEFT JOIN agreed_owners au ON au.item_type = 'unit' AND au.town = e.town AND au.unit_key = e.unit_key
 LEFT JOIN agreed_owners asec ON asec.item_type = 'sector' AND asec.sector = e.sector
 WHERE e.department = ''
 ORDER BY coalesce(au.department, asec.department, '') <> '', e.risk_order, e.town, e.entity_name
 LIMIT $limit)
