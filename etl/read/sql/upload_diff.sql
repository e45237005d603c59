-- upload_diff: each hazard of a file being previewed against the warehouse's current row.
-- Needs the relation `upload_incoming` (registered by etl.store.uploads_service: hazard_key, status,
-- report_month, town, entity_name, description, found_date, source_row, obs_seq).
-- Returns one row per distinct incoming hazard (its last row in the file):
--   town, entity_name, description, found_date, status, report_month, source_row — incoming
--   current_status, current_month — the warehouse's current row (NULL = a new hazard). No params.
WITH incoming AS (
    SELECT * FROM (
        SELECT i.*, row_number() OVER (PARTITION BY hazard_key ORDER BY obs_seq DESC) AS rn
        FROM upload_incoming i
    ) WHERE rn = 1
)
SELECT i.hazard_key, i.town, i.entity_name, i.description, i.found_date, i.status, i.report_month,
       i.source_row, h.status AS current_status, h.report_month AS current_month
FROM incoming i
LEFT JOIN hazards h ON h.hazard_key = i.hazard_key
ORDER BY i.source_row
