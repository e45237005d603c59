-- 督办与销号 page headline figures over {{closure_scope}}. One row:
--   total (hazards in scope),
--   board (hazards on the 挂牌督办 board), board_overdue (of them open past the deadline),
--   board_complete (of them with all five 五落实 items, counted only among board_five_recorded:
--   board hazards whose town's ledgers record all five, closure_scope), board_five_unrecorded
--   (board hazards left out of that base), missing_resp, missing_measures, missing_funds,
--   missing_deadline, missing_plan (board hazards lacking an item their town records: 缺, not
--   未记录), unrecorded_resp … unrecorded_plan (board hazards whose town records no such item);
--   rectified, checkable (rectified in towns that record 验收, closure_scope), verified,
--   verify_rate (verified ÷ checkable, NULL when none), major_rectified, major_checkable,
--   major_verified, major_verify_rate, failed (rectified, check failed), unverified (checkable,
--   not yet checked), major_unverified_over (majors among them unchecked for more than
--   $unverified_days days), rect_no_checks (rectified in towns that record no 验收 at all) and
--   towns_no_checks (how many such towns are in scope).
-- Params: $unverified_days plus the common hazard filters.
SELECT
    count(*) AS total,
    count(*) FILTER (WHERE on_board) AS board,
    count(*) FILTER (WHERE on_board AND is_overdue) AS board_overdue,
    count(*) FILTER (WHERE on_board AND five_recorded
                       AND has_resp AND has_measures AND has_funds AND has_deadline AND has_plan) AS board_complete,
    count(*) FILTER (WHERE on_board AND five_recorded) AS board_five_recorded,
    count(*) FILTER (WHERE on_board AND NOT five_recorded) AS board_five_unrecorded,
    count(*) FILTER (WHERE on_board AND miss_resp) AS missing_resp,
    count(*) FILTER (WHERE on_board AND miss_measures) AS missing_measures,
    count(*) FILTER (WHERE on_board AND miss_funds) AS missing_funds,
    count(*) FILTER (WHERE on_board AND miss_deadline) AS missing_deadline,
    count(*) FILTER (WHERE on_board AND miss_plan) AS missing_plan,
    count(*) FILTER (WHERE on_board AND NOT rec_resp) AS unrecorded_resp,
    count(*) FILTER (WHERE on_board AND NOT rec_measures) AS unrecorded_measures,
    count(*) FILTER (WHERE on_board AND NOT rec_funds) AS unrecorded_funds,
    count(*) FILTER (WHERE on_board AND NOT rec_deadline) AS unrecorded_deadline,
    count(*) FILTER (WHERE on_board AND NOT rec_plan) AS unrecorded_plan,
    count(*) FILTER (WHERE is_rect) AS rectified,
    count(*) FILTER (WHERE is_verified) AS verified,
    count(*) FILTER (WHERE is_checkable) AS checkable,
    count(*) FILTER (WHERE is_verified) / nullif(count(*) FILTER (WHERE is_checkable), 0) AS verify_rate,
    count(*) FILTER (WHERE is_rect AND level = 'major') AS major_rectified,
    count(*) FILTER (WHERE is_checkable AND level = 'major') AS major_checkable,
    count(*) FILTER (WHERE is_verified AND level = 'major') AS major_verified,
    count(*) FILTER (WHERE is_verified AND level = 'major')
        / nullif(count(*) FILTER (WHERE is_checkable AND level = 'major'), 0) AS major_verify_rate,
    count(*) FILTER (WHERE is_failed) AS failed,
    count(*) FILTER (WHERE days_unverified IS NOT NULL) AS unverified,
    count(*) FILTER (WHERE level = 'major' AND days_unverified > $unverified_days) AS major_unverified_over,
    count(*) FILTER (WHERE is_rect AND NOT town_checks) AS rect_no_checks,
    count(DISTINCT town) FILTER (WHERE NOT town_checks) AS towns_no_checks
FROM ({{closure_scope}}) c
