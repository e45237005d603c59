-- Fragment (not a query): {{hazard_scope}} plus the acceptance flags of the 督办与销号 page.
-- Included as {{acceptance_scope}} (by closure_scope, which adds the board and 五落实 columns, and
-- by paper_closure_rows, which needs only these). Params: the common hazard filters.
-- Only towns whose ledgers record acceptance can be judged on it: town_checks is TRUE when any
-- hazard of the town (in the whole warehouse) carries a verified date or result (stored: view
-- gap_town_records, migration 018). A town whose
-- ledgers have no 验收 column has no verified-closure figure (never a 0 %), and its rectified
-- hazards are neither "awaiting a check" nor paper closures for want of one.
-- Acceptance (复查/验收/销号) as of $as_of, on top of hazard_scope's is_rect:
--   rect_day     the day it was reported rectified (rectified date, else the last day of the
--                month that reported it — hazard_scope's rule);
--   is_verified  rectified, checked and accepted by $as_of: verification_result is 'passed', or
--                a verified date is given with no result; the check's day (verified date, else
--                the rectified day) is on or before $as_of;
--   is_failed    rectified, and the latest check (on or before $as_of) failed;
--   is_checkable rectified in a town_checks town (the denominator of 验收销号率);
--   days_unverified  checkable, neither verified nor failed: days from rect_day to $as_of.
SELECT s.*,
       coalesce(tr.checks, FALSE) AS town_checks,
       (s.is_rect AND town_checks) AS is_checkable,
       rectified_day(s.rectified_date, s.report_month) AS rect_day,
       coalesce(s.is_rect
        AND accepted_as_of(s.verification_result, s.verified_date, s.rectified_date, s.report_month, $as_of),
        FALSE) AS is_verified,
       coalesce(s.is_rect
        AND failed_as_of(s.verification_result, s.verified_date, s.rectified_date, s.report_month, $as_of),
        FALSE) AS is_failed,
       CASE WHEN is_checkable AND NOT is_verified AND NOT is_failed
            THEN date_diff('day', rectified_day(s.rectified_date, s.report_month), $as_of) END AS days_unverified
FROM ({{hazard_scope}}) s
LEFT JOIN gap_town_records tr ON tr.town = s.town
