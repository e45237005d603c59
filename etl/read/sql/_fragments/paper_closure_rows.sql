-- Fragment (not a query): "paper closures" — rectifications in {{closure_scope}} that look like
-- paper, one row per hazard and reason. Included as {{paper_closure_rows}}.
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
-- Columns: hazard_key, reason, days, other_date, level, rectified_date (narrow: a list joins
--   the display columns for the rows it shows, counts need none).
-- Params: $unverified_days plus the common hazard filters.
-- c: computed once (it is read by every branch), only the columns the branches and the rows need
WITH c AS MATERIALIZED (
    SELECT hazard_key, town, sector, department, entity_name, description, level, found_date, rectified_date,
           verified_date, report_month, days_unverified, is_failed
    FROM ({{closure_scope}}) x WHERE is_rect
),
-- reopened: a rectified observation before the hazard's current month (normally the only
-- rectified one is the current, last one), then an open one after it
cand AS (
    -- read against `hazards` (two columns), not c: the scope is applied below
    SELECT o.hazard_key, min(o.report_month) AS first_rect
    FROM hazard_observations o JOIN hazards h USING (hazard_key)
    WHERE o.status = 'rectified' AND o.report_month < h.report_month AND o.report_month <= $as_of
    GROUP BY o.hazard_key
),
reopened AS (
    SELECT o.hazard_key, max(o.report_month) AS last_open
    FROM hazard_observations o JOIN cand USING (hazard_key)
    WHERE o.status = 'open' AND o.report_month > cand.first_rect AND o.report_month <= $as_of
    GROUP BY o.hazard_key
),
-- the hazard a repeat follows: the next hazard of its repeat group (next_found, migration 016) was
-- found, up to $as_of, within 12 months after this one was rectified
repeat_src AS (
    SELECT p.hazard_key, p.level, p.rectified_date, p.next_found AS found_again
    FROM gap_hazards p
    WHERE p.next_found <= $as_of
      AND repeats_rectified(p.status, p.rectified_date, p.found_date, p.next_found)
),
why AS (
    SELECT hazard_key, 'unverified_major' AS reason, days_unverified AS days, CAST(NULL AS DATE) AS other_date,
           level, rectified_date
    FROM c WHERE level = 'major' AND days_unverified > $unverified_days
    UNION ALL
    SELECT hazard_key, 'rect_before_found', date_diff('day', rectified_date, found_date), NULL, level, rectified_date
    FROM c WHERE rectified_date < found_date
    UNION ALL
    SELECT hazard_key, 'same_day_major', 0, NULL, level, rectified_date
    FROM c WHERE level = 'major' AND rectified_date = found_date
    UNION ALL
    SELECT c.hazard_key, 'reopened', NULL, r.last_open, c.level, c.rectified_date
    FROM reopened r JOIN c USING (hazard_key)
    UNION ALL
    SELECT hazard_key, 'verify_failed', NULL, verified_date, level, rectified_date FROM c WHERE is_failed
    UNION ALL
    SELECT hazard_key, 'repeat_after_fix', NULL, CAST(found_again AS DATE), level, rectified_date
    FROM repeat_src SEMI JOIN c USING (hazard_key)
)
SELECT * FROM why
