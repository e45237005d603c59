-- How many rows hazard_list would return without LIMIT. One row: n.
-- Params: $state, $search plus the common hazard filters (same meaning as hazard_list).
SELECT count(*) AS n
FROM ({{explorer_rows}}) s
