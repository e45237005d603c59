-- 挂牌督办 board: every hazard in scope with a 督办 level, or major and still open (as of $as_of),
-- most overdue first (days_left ascending; no deadline last), at most $limit rows.
-- Rows: hazard_key, source_hazard_id, town, sector (code), department (owning, '' = none),
--   ledger_department (as written), entity_name,
--   description, level, supervision_level ('province'|'city'|'county'|'town'|NULL), supervisor,
--   found_date, deadline, days_left (deadline − $as_of; negative = days overdue; NULL = no deadline
--   or rectified), is_rect, is_verified, is_failed, verified_date, responsible_person, measures,
--   funds_yuan, contingency_plan, has_resp, has_measures, has_funds, has_deadline, has_plan,
--   rec_resp, rec_measures, rec_funds, rec_deadline, rec_plan (the town's ledgers record the item
--   at all; FALSE = 未记录, not 缺 — closure_scope),
--   months (report months 'YYYY-MM' of its live observations, oldest first), statuses (their statuses),
--   total_rows (board rows before the limit).
-- $sup_level: NULL = all; 'none' = on the board without a 督办 level (open majors); else that level.
-- Params: $sup_level, $limit plus the common hazard filters.
WITH b AS (
    SELECT c.*, CASE WHEN NOT c.is_rect THEN date_diff('day', $as_of, c.deadline) END AS days_left,
           count(*) OVER () AS total_rows
    FROM ({{closure_scope}}) c
    WHERE c.on_board
      AND ($sup_level IS NULL
           OR ($sup_level = 'none' AND c.supervision_level IS NULL)
           OR c.supervision_level = $sup_level)
    ORDER BY c.is_rect, days_left NULLS LAST, c.found_date, c.hazard_key
    LIMIT $limit
),
hist AS (
    SELECT o.hazard_key, list(strftime(o.report_month, '%Y-%m') ORDER BY o.report_month, o.upload_id) AS months,
           list(o.status ORDER BY o.report_month, o.upload_id) AS statuses
    FROM hazard_observations o SEMI JOIN b USING (hazard_key)
    WHERE o.report_month <= $as_of
    GROUP BY o.hazard_key
)
SELECT b.hazard_key, b.source_hazard_id, b.town, b.sector, b.department, b.ledger_department, b.entity_name,
       b.description, b.level,
       b.supervision_level, b.supervisor, b.found_date, b.deadline, b.days_left, b.is_rect, b.is_verified,
       b.is_failed, b.verified_date, b.responsible_person, b.measures, b.funds_yuan, b.contingency_plan,
       b.has_resp, b.has_measures, b.has_funds, b.has_deadline, b.has_plan,
       b.rec_resp, b.rec_measures, b.rec_funds, b.rec_deadline, b.rec_plan, h.months, h.statuses, b.total_rows
FROM b LEFT JOIN hist h USING (hazard_key)
ORDER BY b.is_rect, b.days_left NULLS LAST, b.found_date, b.hazard_key
