-- How many rows hazard_list would return without LIMIT. One row: n.
-- Params: $state, $search plus the common hazard filters (same meaning as hazard_list).
SELECT count(*) AS n
FROM ({{hazard_scope}}) s
WHERE ($state IS NULL
       OR ($state = 'open' AND NOT s.is_rect)
       OR ($state = 'overdue' AND s.is_overdue)
       OR ($state = 'rectified' AND s.is_rect))
  AND ($search IS NULL
       OR s.entity_name ILIKE '%' || $search || '%'
       OR s.description ILIKE '%' || $search || '%'
       OR s.source_hazard_id ILIKE '%' || $search || '%'
       OR s.hazard_key = $search)
