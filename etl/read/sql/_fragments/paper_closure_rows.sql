-- Fragment (not a query): "paper closures" (rules in _fragments/paper_closure_flags.sql), one row
-- per hazard and reason. Included as {{paper_closure_rows}}.
-- Columns: hazard_key, reason, days, other_date, level, rectified_date (narrow: a list joins
--   the display columns for the rows it shows). days: unverified_major — days since the
--   rectified day; rect_before_found — how many days before; same_day_major — 0. other_date:
--   reopened — the later month listed open; verify_failed — the check's date; repeat_after_fix —
--   the later found date.
-- Params: $unverified_days plus the common hazard filters.
WITH f AS MATERIALIZED (SELECT * FROM ({{paper_closure_flags}}) x)
SELECT hazard_key, 'unverified_major' AS reason, days_unverified AS days, CAST(NULL AS DATE) AS other_date,
       level, rectified_date
FROM f WHERE unverified_major
UNION ALL
SELECT hazard_key, 'rect_before_found', date_diff('day', rectified_date, found_date), NULL, level, rectified_date
FROM f WHERE rect_before_found
UNION ALL
SELECT hazard_key, 'same_day_major', 0, NULL, level, rectified_date FROM f WHERE same_day_major
UNION ALL
SELECT hazard_key, 'reopened', NULL, last_open, level, rectified_date FROM f WHERE reopened
UNION ALL
SELECT hazard_key, 'verify_failed', NULL, verified_date, level, rectified_date FROM f WHERE verify_failed
UNION ALL
SELECT hazard_key, 'repeat_after_fix', NULL, found_again, level, rectified_date FROM f WHERE repeat_after_fix
