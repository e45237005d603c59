-- "Paper closures" list (rules in _fragments/paper_closure_rows.sql), one row per hazard and
-- reason, majors first, then the newest rectification first; at most $limit rows.
-- Rows: hazard_key, reason, days, other_date, town, sector (code), department (owning, '' = none),
--   ledger_department (as written),
--   entity_name, description, level, found_date, rectified_date, verified_date, total_rows.
-- $reason: NULL = every reason, else one reason code.
-- Params: $reason, $limit, $unverified_days plus the common hazard filters.
WITH r AS MATERIALIZED (
    SELECT * FROM ({{paper_closure_rows}}) x WHERE $reason IS NULL OR reason = $reason
),
page AS (
    -- cut the narrow rows first; the display columns are joined for the rows shown only (the
    -- total is a count of its own: a window over every row cost more than the rows themselves)
    SELECT *, (SELECT count(*) FROM r) AS total_rows
    FROM r
    ORDER BY level = 'major' DESC, rectified_date DESC NULLS LAST, hazard_key, reason
    LIMIT $limit
)
SELECT p.hazard_key, p.reason, p.days, p.other_date, h.town, h.sector, owner_of(h.department, h.agreed_department) AS department,
       coalesce(h.department, '') AS ledger_department,
       h.entity_name, h.description, p.level, h.found_date, p.rectified_date, h.verified_date, p.total_rows
FROM page p JOIN hazards h USING (hazard_key)
ORDER BY p.level = 'major' DESC, p.rectified_date DESC NULLS LAST, p.hazard_key, p.reason
