-- upload_reporting: live uploads of one report month with who sent them (reporting status).
-- Returns upload_id, file_name, kind, towns (VARCHAR[]), reporting_unit, loaded_at.
-- Params: $report_month (first day of the month).
SELECT u.upload_id, u.file_name, u.kind, u.towns, r.reporting_unit, u.loaded_at
FROM upload_log u
LEFT JOIN upload_reporting_unit r USING (upload_id)
WHERE u.status = 'live' AND u.report_month = $report_month
ORDER BY u.upload_id
