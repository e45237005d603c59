-- "Paper closures" per reason (rules in _fragments/paper_closure_flags.sql).
-- Rows: reason (unverified_major, rect_before_found, same_day_major, reopened, verify_failed,
--   repeat_after_fix — every reason, zeros included), hazards (count), then one row
--   reason 'any' = distinct hazards with at least one reason.
-- Params: $unverified_days plus the common hazard filters.
WITH n AS (
    SELECT count(*) FILTER (WHERE unverified_major) AS unverified_major,
           count(*) FILTER (WHERE rect_before_found) AS rect_before_found,
           count(*) FILTER (WHERE same_day_major) AS same_day_major,
           count(*) FILTER (WHERE reopened) AS reopened,
           count(*) FILTER (WHERE verify_failed) AS verify_failed,
           count(*) FILTER (WHERE repeat_after_fix) AS repeat_after_fix,
           count(*) AS "any"
    FROM ({{paper_closure_flags}}) f
)
SELECT reason, hazards FROM (
    UNPIVOT n ON unverified_major, rect_before_found, same_day_major, reopened, verify_failed, repeat_after_fix, "any"
    INTO NAME reason VALUE hazards
) u
ORDER BY list_position(['unverified_major', 'rect_before_found', 'same_day_major', 'reopened', 'verify_failed',
                        'repeat_after_fix', 'any'], reason)
