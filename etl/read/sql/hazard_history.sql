-- One hazard's status history: every observation from live uploads, oldest first.
-- Rows: report_month, status, rectified_date, deadline, upload_id, file_name (upload ledger),
--   source_file, source_sheet, source_row, loaded_at.
-- Params: $hazard_key.
SELECT o.report_month, o.status, o.rectified_date, o.deadline, o.upload_id, u.file_name,
       o.source_file, o.source_sheet, o.source_row, u.loaded_at
FROM hazard_observations o JOIN uploads u USING (upload_id)
WHERE o.hazard_key = $hazard_key
ORDER BY o.report_month, u.loaded_at, o.upload_id
