-- What the supervision-gap page has to work with. One row:
--   registry_units (current registry, all towns), registry_month (newest live registry
--   report month), registry_loaded_at, inspections_all (all live visits), inspections_window
--   (visits in the window and towns filter), ledger_visits_window (of those, a hazard ledger's
--   无隐患 rows: counted for presence, left out of per-visit figures, migration 012),
--   first_inspection / last_inspection (DATE, all).
-- Params: $start_month, $end_month, $as_of, $towns.
SELECT
    (SELECT count(*) FROM entities) AS registry_units,
    (SELECT max(report_month) FROM uploads WHERE status = 'live' AND kind = 'registry') AS registry_month,
    (SELECT max(loaded_at) FROM uploads WHERE status = 'live' AND kind = 'registry') AS registry_loaded_at,
    (SELECT count(*) FROM inspections) AS inspections_all,
    (SELECT count(*) FROM ({{gap_inspection_window}}) w) AS inspections_window,
    (SELECT count(*) FROM ({{gap_inspection_window}}) w WHERE NOT intensity_visit(w.source_kind)) AS ledger_visits_window,
    (SELECT min(inspection_date) FROM inspections) AS first_inspection,
    (SELECT max(inspection_date) FROM inspections) AS last_inspection
