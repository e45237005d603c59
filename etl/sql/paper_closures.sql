-- "Paper closures" list (rules in _fragments/paper_closure_rows.sql), one row per hazard and
-- reason, majors first, then the newest rectification first; at most $limit rows.
-- Rows: hazard_key, reason, days, other_date, town, sector (code), department, entity_name,
--   description, level, found_date, rectified_date, verified_date, total_rows.
-- $reason: NULL = every reason, else one reason code.
-- Params: $reason, $limit, $unverified_days plus the common hazard filters.
SELECT *, count(*) OVER () AS total_rows
FROM ({{paper_closure_rows}}) r
WHERE $reason IS NULL OR reason = $reason
ORDER BY level = 'major' DESC, rectified_date DESC NULLS LAST, hazard_key, reason
LIMIT $limit
