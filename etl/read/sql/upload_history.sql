-- upload_history: every upload, newest first, for the upload page's history table.
-- Returns upload_id, file_name, sha256, kind, report_month, towns (text), reporting_unit,
-- loaded_at, uploaded_by, file_size, rows_read, rows_loaded, rows_rejected, rows_skipped,
-- status ('live' | 'rolled_back'), rolled_back_at, rolled_back_by, visits (a hazard ledger's 无隐患
-- rows stored as visits that found nothing, migration 009; counted among rows_skipped; NULL for
-- other kinds). No params.
SELECT u.upload_id, u.file_name, u.sha256, u.kind, u.report_month,
       array_to_string(u.towns, '、') AS towns, r.reporting_unit, u.loaded_at, u.uploaded_by, u.file_size,
       u.rows_read, u.rows_loaded, u.rows_rejected, u.rows_skipped, u.status, u.rolled_back_at, u.rolled_back_by,
       CASE WHEN u.kind = 'hazard' THEN coalesce(v.visits, 0) END AS visits
FROM upload_log u
LEFT JOIN upload_reporting_unit r USING (upload_id)
LEFT JOIN (SELECT upload_id, count(*) AS visits FROM inspection_obs
           WHERE upload_id IN (SELECT upload_id FROM upload_log WHERE kind = 'hazard') GROUP BY upload_id) v
       USING (upload_id)
ORDER BY u.upload_id DESC
