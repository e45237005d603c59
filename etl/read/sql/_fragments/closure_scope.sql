-- Fragment (not a query): {{hazard_scope}} plus the follow-through flags of the 督办与销号 page.
-- Included as {{closure_scope}}. Params: the common hazard filters (via hazard_scope).
-- Only towns whose ledgers record acceptance can be judged on it: town_checks is TRUE when any
-- hazard of the town (in the whole warehouse) carries a verified date or result. A town whose
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
-- 挂牌督办 board: on_board = a 督办 level is given, or a major hazard still open.
-- 五落实 (责任、措施、资金、时限、预案), each TRUE when the ledger gives it: a responsible
-- person, measures, funds > 0, a deadline, a contingency plan (blank or a word saying there is
-- none — 无, 否, 没有, 暂无, 未制定, ×, /, -, — — counts as missing).
-- Only towns whose ledgers record an item can be judged on it (the rule of town_checks, item by
-- item): rec_resp, rec_measures, rec_funds, rec_deadline, rec_plan are TRUE when any hazard of the
-- town (in the whole warehouse) gives that item (funds: any amount, 0 included; plan: any text,
-- "无" included). An item the town does not record is 未记录, never 缺: miss_<item> = recorded and
-- this hazard's is empty; five_recorded = the town records all five (the base of 五落实齐全).
SELECT s.*,
       (ct.town IS NOT NULL) AS town_checks,
       (s.is_rect AND town_checks) AS is_checkable,
       rectified_day(s.rectified_date, s.report_month) AS rect_day,
       coalesce(s.is_rect
        AND accepted_as_of(s.verification_result, s.verified_date, s.rectified_date, s.report_month, $as_of),
        FALSE) AS is_verified,
       coalesce(s.is_rect
        AND failed_as_of(s.verification_result, s.verified_date, s.rectified_date, s.report_month, $as_of),
        FALSE) AS is_failed,
       CASE WHEN is_checkable AND NOT is_verified AND NOT is_failed
            THEN date_diff('day', rectified_day(s.rectified_date, s.report_month), $as_of) END AS days_unverified,
       (s.supervision_level IS NOT NULL OR (s.level = 'major' AND NOT s.is_rect)) AS on_board,
       (trim(coalesce(s.responsible_person, '')) <> '') AS has_resp,
       (trim(coalesce(s.measures, '')) <> '') AS has_measures,
       (coalesce(s.funds_yuan, 0) > 0) AS has_funds,
       (s.deadline IS NOT NULL) AS has_deadline,
       (trim(coalesce(s.contingency_plan, '')) NOT IN ('', '无', '否', '没有', '暂无', '未制定', '×', '/', '-', '—')) AS has_plan,
       coalesce(fr.rec_resp, FALSE) AS rec_resp,
       coalesce(fr.rec_measures, FALSE) AS rec_measures,
       coalesce(fr.rec_funds, FALSE) AS rec_funds,
       coalesce(fr.rec_deadline, FALSE) AS rec_deadline,
       coalesce(fr.rec_plan, FALSE) AS rec_plan,
       (rec_resp AND NOT has_resp) AS miss_resp,
       (rec_measures AND NOT has_measures) AS miss_measures,
       (rec_funds AND NOT has_funds) AS miss_funds,
       (rec_deadline AND NOT has_deadline) AS miss_deadline,
       (rec_plan AND NOT has_plan) AS miss_plan,
       (rec_resp AND rec_measures AND rec_funds AND rec_deadline AND rec_plan) AS five_recorded
FROM ({{hazard_scope}}) s
LEFT JOIN (SELECT DISTINCT town FROM hazards WHERE verified_date IS NOT NULL OR verification_result IS NOT NULL) ct
       ON ct.town = s.town
LEFT JOIN (SELECT town,
                  bool_or(trim(coalesce(responsible_person, '')) <> '') AS rec_resp,
                  bool_or(trim(coalesce(measures, '')) <> '') AS rec_measures,
                  bool_or(funds_yuan IS NOT NULL) AS rec_funds,
                  bool_or(deadline IS NOT NULL) AS rec_deadline,
                  bool_or(trim(coalesce(contingency_plan, '')) <> '') AS rec_plan
           FROM hazards GROUP BY town) fr
       ON fr.town = s.town
