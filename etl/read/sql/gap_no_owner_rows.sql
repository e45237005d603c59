-- 3. Drill-down of "no owner": the hazards no department owns (neither ledger nor 会商:
-- {{owner_scope}}; open first, then newest) and registry units with no department, at most
-- $limit rows of each kind.
-- Rows: kind ('hazard' | 'unit'), town, sector, entity_name, description (hazards), level,
--   found_date, status_asof ('open' | 'overdue' | 'rectified'), risk_level (units).
-- Params: the common hazard filters, $limit.
(SELECT 'hazard' AS kind, town, sector, entity_name, description, level, found_date,
        CASE WHEN is_overdue THEN 'overdue' WHEN is_rect THEN 'rectified' ELSE 'open' END AS status_asof,
        NULL::VARCHAR AS risk_level
 FROM ({{owner_scope}}) s
 WHERE owner_source IS NULL
 ORDER BY is_rect, found_date DESC, town, entity_name, hazard_key  -- key: a stable order for ties
 LIMIT $limit)
UNION ALL
(SELECT 'unit', town, sector, entity_name, NULL, NULL, NULL, NULL, risk_level
 FROM ({{gap_entity_scope}}) e
 WHERE department = ''
 ORDER BY risk_order, town, entity_name
 LIMIT $limit)
