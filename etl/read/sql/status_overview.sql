-- Warehouse status for headers and empty states. One row:
--   data_version, hazards (count), first_found / last_found (DATE), last_report_month (DATE),
--   last_upload_at (TIMESTAMP), last_upload_file, live_uploads.
-- Params: none.
SELECT
    (SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'data_version') AS data_version,
    (SELECT count(*) FROM hazards) AS hazards,
    (SELECT min(found_date) FROM hazards) AS first_found,
    (SELECT max(found_date) FROM hazards) AS last_found,
    (SELECT max(report_month) FROM uploads WHERE status = 'live') AS last_report_month,
    (SELECT max(loaded_at) FROM uploads WHERE status = 'live') AS last_upload_at,
    (SELECT arg_max(file_name, loaded_at) FROM uploads WHERE status = 'live') AS last_upload_file,
    (SELECT count(*) FROM uploads WHERE status = 'live') AS live_uploads
