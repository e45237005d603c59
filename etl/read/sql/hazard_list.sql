-- The hazard rows behind any chart (explorer), newest first.
-- Rows: hazard_key, found_date, town, sector (code), level, department (the owning department),
--   ledger_department (as the ledger wrote it; '' with a department = agreed at a 会商), entity_name, description,
--   deadline, status_asof ('open' | 'overdue' | 'rectified' as of $as_of), rectified_date (only when
--   rectified by $as_of), days_overdue, report_month, source_file, source_sheet, source_row.
-- $state and $search: see _fragments/explorer_rows.sql. At most $limit rows from $offset.
-- Params: $state, $search, $limit, $offset plus the common hazard filters.
WITH page AS (
    -- filter, sort and cut in the scope first; provenance is joined for the page rows only
    SELECT * FROM ({{explorer_rows}}) s
    ORDER BY s.found_date DESC, s.hazard_key
    LIMIT $limit OFFSET $offset
)
SELECT s.hazard_key, s.found_date, s.town, s.sector, s.level, s.department, s.ledger_department, s.entity_name,
       s.description, s.deadline,
       CASE WHEN s.is_rect THEN 'rectified' WHEN s.is_overdue THEN 'overdue' ELSE 'open' END AS status_asof,
       CASE WHEN s.is_rect THEN s.rectified_date END AS rectified_date,
       s.days_overdue, s.report_month, d.source_file, d.source_sheet, d.source_row
FROM page s
JOIN hazards_detail d USING (hazard_key)
ORDER BY s.found_date DESC, s.hazard_key
