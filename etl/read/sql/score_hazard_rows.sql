-- The hazard rows behind a scorecard figure: every hazard of {{closure_scope}} (found in the
-- window, status as of $as_of = the scorecard month's end), with the flags the scorecard counts
-- (etl/read/sql/score_indicators.sql), so the page can list exactly the rows behind a number.
-- Rows (at most $limit, newest first): hazard_key, found_date, town, sector, department (owning),
--   ledger_department (as written),
--   entity_name, description, level, deadline, rectified_date (when rectified by $as_of),
--   verified_date, verification_result, is_rect, ontime_due, is_ontime, is_overdue, is_accepted
--   (closure_scope's is_verified),
--   source_file, source_sheet, source_row, total_rows (before the limit).
-- Params: the common hazard filters, $limit.
WITH s AS (
    SELECT s.*, s.is_verified AS is_accepted, count(*) OVER () AS total_rows
    FROM ({{closure_scope}}) s
    ORDER BY s.found_date DESC, s.hazard_key
    LIMIT $limit
)
SELECT s.hazard_key, s.found_date, s.town, s.sector, s.department, s.ledger_department, s.entity_name,
       s.description, s.level,
       s.deadline, CASE WHEN s.is_rect THEN s.rectified_date END AS rectified_date,
       s.verified_date, s.verification_result,
       s.is_rect, coalesce(s.ontime_due, FALSE) AS ontime_due, coalesce(s.is_ontime, FALSE) AS is_ontime,
       coalesce(s.is_overdue, FALSE) AS is_overdue, coalesce(s.is_accepted, FALSE) AS is_accepted,
       d.source_file, d.source_sheet, d.source_row, s.total_rows
FROM s JOIN hazards_detail d USING (hazard_key)
ORDER BY s.found_date DESC, s.hazard_key
