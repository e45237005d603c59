-- Fragment (not a query): "paper closures" — rectifications in {{acceptance_scope}} that look like
-- paper, one row per hazard with a flag per reason. Included as {{paper_closure_flags}} (by
-- paper_closure_counts, which sums the flags, and by {{paper_closure_rows}}, one row per reason).
-- Reasons (reason code: rule; `days` and `other_date` say why):
--   unverified_major   a major hazard reported rectified and neither verified nor failed more
--                      than $unverified_days days later (days = days since rect_day);
--   rect_before_found  rectified date before the found date (days = how many days before);
--   same_day_major     a major hazard rectified the day it was found;
--   reopened           a live observation says rectified and a later month's says open again
--                      (other_date = that later month); months after $as_of are not read;
--   verify_failed      reported rectified, and the check (复查/验收) failed (other_date = its date);
--   repeat_after_fix   the same unit (town + unit key) was found with the same kind of hazard
--                      (description key) within 12 months after this one was rectified — the
--                      repeat-hazard rule of the gap page: this hazard is the precomputed
--                      predecessor of the later one (gap_hazards' next_found, migration 016),
--                      other_date = the later found date, found up to $as_of.
-- Columns: hazard_key, level, rectified_date, found_date, verified_date, days_unverified, last_open,
--   found_again, and a BOOLEAN per reason (named by its code); only hazards with a reason.
-- Params: $unverified_days plus the common hazard filters.
-- c: the rectifications in scope, only the columns the flags and the rows need
WITH c AS (
    SELECT hazard_key, level, found_date, rectified_date, verified_date, days_unverified, is_failed
    FROM ({{acceptance_scope}}) x WHERE is_rect
),
-- reopened: a rectified observation before the hazard's current month (normally the only
-- rectified one is the current, last one), then an open one after it, both up to $as_of; the
-- later month shown is the last such open one (stored: view gap_reopen, migration 017)
reopened AS (
    SELECT hazard_key, last_open FROM (
        SELECT hazard_key, first_rect, list_max(list_filter(open_after, lambda m: m <= $as_of)) AS last_open
        FROM gap_reopen
    )
    WHERE first_rect <= $as_of AND last_open IS NOT NULL
),
-- the hazard a repeat follows: the next hazard of its repeat group (next_found, migration 016) was
-- found, up to $as_of, within 12 months after this one was rectified
repeat_src AS (
    SELECT p.hazard_key, p.next_found AS found_again
    FROM gap_hazards p
    WHERE p.next_found <= $as_of
      AND repeats_rectified(p.status, p.rectified_date, p.found_date, p.next_found)
),
f AS (
    SELECT c.hazard_key, c.level, c.rectified_date, c.found_date, c.verified_date, c.days_unverified,
           r.last_open, CAST(s.found_again AS DATE) AS found_again,
           coalesce(c.level = 'major' AND c.days_unverified > $unverified_days, FALSE) AS unverified_major,
           coalesce(c.rectified_date < c.found_date, FALSE) AS rect_before_found,
           coalesce(c.level = 'major' AND c.rectified_date = c.found_date, FALSE) AS same_day_major,
           r.last_open IS NOT NULL AS reopened,
           c.is_failed AS verify_failed,
           s.found_again IS NOT NULL AS repeat_after_fix
    FROM c
    LEFT JOIN reopened r USING (hazard_key)
    LEFT JOIN repeat_src s USING (hazard_key)
)
SELECT * FROM f
WHERE unverified_major OR rect_before_found OR same_day_major OR reopened OR verify_failed OR repeat_after_fix
