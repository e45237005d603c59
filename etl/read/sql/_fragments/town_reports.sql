-- Fragment (not a query): common table expressions for reporting discipline, included after
-- WITH (or after a comma) as {{town_reports}}. Defines:
--   live          live uploads (upload_id, kind, report_month, towns)
--   town_uploads  (town, kind, report_month): a town's ledger/log for that month arrived
--                 (upload_log.towns; for uploads without that list, the towns of their rows)
--   all_towns     (town): every town known to the warehouse (registry, hazards, inspections, uploads)
--   dept_uploads  (department, report_month): a department's month came in — a live inspection log
--                 with that report month has rows naming it
-- Params: none.
live AS (SELECT upload_id, kind, report_month, towns FROM upload_log WHERE status = 'live'),
town_uploads AS (
    SELECT DISTINCT unnest(towns) AS town, kind, report_month FROM live
    WHERE towns IS NOT NULL AND kind IN ('hazard', 'inspection')
    UNION
    SELECT DISTINCT o.town, 'hazard', l.report_month FROM hazard_obs o JOIN live l USING (upload_id)
    WHERE l.towns IS NULL AND l.kind = 'hazard'
    UNION
    SELECT DISTINCT o.town, 'inspection', l.report_month FROM inspection_obs o JOIN live l USING (upload_id)
    WHERE l.towns IS NULL AND l.kind = 'inspection'
),
all_towns AS (
    SELECT town FROM entities UNION SELECT town FROM hazards UNION SELECT town FROM inspections
    UNION SELECT town FROM town_uploads
),
dept_uploads AS (
    SELECT DISTINCT o.department, l.report_month
    FROM inspection_obs o JOIN live l USING (upload_id)
    WHERE l.kind = 'inspection' AND coalesce(o.department, '') <> ''
)
