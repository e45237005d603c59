-- Fragment (not a query): the explorer's rows — {{hazard_scope}} narrowed by the explorer's own
-- choices. Included as {{explorer_rows}} (hazard_list shows a page of them, hazard_count counts them).
-- $state: NULL | 'open' (incl. overdue) | 'overdue' | 'rectified', as of $as_of. $search: NULL or
-- text matched (case-insensitive) in entity name, description or hazard id, or equal to the
-- hazard_key (links from other pages open one hazard).
SELECT * FROM ({{hazard_scope}}) s
WHERE ($state IS NULL
       OR ($state = 'open' AND NOT s.is_rect)
       OR ($state = 'overdue' AND s.is_overdue)
       OR ($state = 'rectified' AND s.is_rect))
  AND ($search IS NULL
       OR s.entity_name ILIKE '%' || $search || '%'
       OR s.description ILIKE '%' || $search || '%'
       OR s.source_hazard_id ILIKE '%' || $search || '%'
       OR s.hazard_key = $search)
