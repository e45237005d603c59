-- The meeting month a slide show / briefing defaults to. One row:
--   last_hazard_month (DATE: latest report month of a live hazard ledger, NULL = none),
--   last_found (DATE: latest found date), hazards (count of current hazards).
-- Params: none.
SELECT
    (SELECT max(report_month) FROM uploads WHERE status = 'live' AND kind = 'hazard') AS last_hazard_month,
    (SELECT max(found_date) FROM hazards) AS last_found,
    (SELECT count(*) FROM hazards) AS hazards
