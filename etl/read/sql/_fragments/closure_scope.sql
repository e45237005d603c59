-- Fragment (not a query): {{acceptance_scope}} (hazard_scope plus the acceptance flags: town_checks,
-- is_checkable, rect_day, is_verified, is_failed, days_unverified — their rules are there) plus the
-- board and 五落实 columns of the 督办与销号 page. Included as {{closure_scope}}. Params: the common
-- hazard filters (via hazard_scope).
-- 挂牌督办 board: on_board = a 督办 level is given, or a major hazard still open.
-- 五落实 (责任、措施、资金、时限、预案), each TRUE when the ledger gives it: a responsible
-- person, measures, funds > 0, a deadline, a contingency plan (blank or a word saying there is
-- none — 无, 否, 没有, 暂无, 未制定, ×, /, -, — — counts as missing). They are the board's: has_* and
-- miss_* are NULL for a hazard not on_board (the text tests then run on the board's rows only).
-- Only towns whose ledgers record an item can be judged on it (the rule of town_checks, item by
-- item): rec_resp, rec_measures, rec_funds, rec_deadline, rec_plan are TRUE when any hazard of the
-- town (in the whole warehouse) gives that item (funds: any amount, 0 included; plan: any text,
-- "无" included; stored: view gap_town_records, migration 018). An item the town does not record
-- is 未记录, never 缺: miss_<item> = recorded and this hazard's is empty; five_recorded = the town
-- records all five (the base of 五落实齐全).
SELECT a.*,
       (a.supervision_level IS NOT NULL OR (a.level = 'major' AND NOT a.is_rect)) AS on_board,
       CASE WHEN on_board THEN trim(coalesce(a.responsible_person, '')) <> '' END AS has_resp,
       CASE WHEN on_board THEN trim(coalesce(a.measures, '')) <> '' END AS has_measures,
       CASE WHEN on_board THEN coalesce(a.funds_yuan, 0) > 0 END AS has_funds,
       CASE WHEN on_board THEN a.deadline IS NOT NULL END AS has_deadline,
       CASE WHEN on_board THEN trim(coalesce(a.contingency_plan, ''))
                               NOT IN ('', '无', '否', '没有', '暂无', '未制定', '×', '/', '-', '—') END AS has_plan,
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
FROM ({{acceptance_scope}}) a
LEFT JOIN gap_town_records fr ON fr.town = a.town
