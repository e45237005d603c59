-- Warehouse status for headers and empty states. One row:
--   data_version, hazards (count), first_found / last_found (DATE), last_report_month (DATE),
--   last_upload_at (TIMESTAMP), last_upload_file, live_uploads,
--   last_hazard_month (DATE: latest report month of a live hazard ledger, as present_months; its
--   last day is the data's horizon: no status after it is known yet).
-- Params: none.
SELECT
    (SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'data_version') AS data_version,
    (SELECT count(*) FROM hazards) AS hazards,
    (SELECT min(found_date) FROM hazards) AS first_found,
    (SELECT max(found_date) FROM hazards) AS last_found,
    (SELECT max(report_month) FROM uploads WHERE status = 'live') AS last_report_month,
    (SELECT max(loaded_at) FROM uploads WHERE status = 'live') AS last_upload_at,
    (SELECT arg_max(file_name, loaded_at) FROM uploads WHERE status = 'live') AS last_upload_file,
    (SELECT count(*) FROM uploads WHERE status = 'live') AS live_uploads,
    (SELECT max(report_month) FROM uploads WHERE status = 'live' AND kind = 'hazard') AS last_hazard_month
