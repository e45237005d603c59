-- 会商清单: the units whose hazards in scope no department owns (neither their ledger nor a 会商
-- names one: {{owner_scope}}, view hazard_owner; hazards a 会商 settled leave this list and are
-- counted in blind_agreed), and the registry units ({{gap_entity_scope}}) with no supervising
-- department.
-- Rows (at most $limit): kind ('hazard' | 'unit'), town, entity_name, sector, hazards,
--   open_hazards (open as of $as_of; 0 for registry rows), total_rows (per kind, before the limit).
-- Params: the common hazard filters, $limit.
(SELECT 'hazard' AS kind, town, arg_max(entity_name, (found_date, entity_name)) AS entity_name,
        mode(sector ORDER BY sector) AS sector, count(*) AS hazards,
        count(*) FILTER (WHERE NOT is_rect) AS open_hazards, count(*) OVER () AS total_rows
 FROM ({{owner_scope}}) s
 WHERE owner_source IS NULL AND coalesce(entity_name, '') <> ''
 GROUP BY town, gap_unit_key(entity_name)
 ORDER BY open_hazards DESC, hazards DESC, town, entity_name
 LIMIT $limit)
UNION ALL
(SELECT 'unit', town, entity_name, sector, 0, 0, count(*) OVER ()
 FROM ({{gap_entity_scope}}) e
 WHERE department = ''
 ORDER BY risk_order, town, entity_name
 LIMIT $limit)
