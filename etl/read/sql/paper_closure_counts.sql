-- "Paper closures" per reason (rules in _fragments/paper_closure_rows.sql).
-- Rows: reason (unverified_major, rect_before_found, same_day_major, reopened, verify_failed,
--   repeat_after_fix — every reason, zeros included), hazards (count), then one row
--   reason 'any' = distinct hazards with at least one reason.
-- Params: $unverified_days plus the common hazard filters.
WITH p AS (SELECT hazard_key, reason FROM ({{paper_closure_rows}}) r),
r(reason, ord) AS (
    VALUES ('unverified_major', 1), ('rect_before_found', 2), ('same_day_major', 3), ('reopened', 4),
           ('verify_failed', 5), ('repeat_after_fix', 6)
)
SELECT reason, hazards FROM (
    SELECT r.reason, r.ord, count(p.hazard_key) AS hazards
    FROM r LEFT JOIN p USING (reason)
    GROUP BY ALL
    UNION ALL
    SELECT 'any', 7, count(DISTINCT hazard_key) FROM p
)
ORDER BY ord
