-- upload_missing_from_ledger: open hazards of earlier months, in the towns a cumulative ledger
-- covers, that the ledger no longer lists (closed without a record? dropped by mistake?).
-- Needs the relation `upload_incoming` (see upload_diff.sql).
-- Returns hazard_key, town, entity_name, description, found_date, report_month.
-- Params: $towns (list of towns in the file), $report_month (the file's month, first day).
SELECT h.hazard_key, h.town, h.entity_name, h.description, h.found_date, h.report_month
FROM hazards h
WHERE list_contains($towns, h.town)
  AND h.status = 'open'
  AND h.report_month < $report_month
  AND h.hazard_key NOT IN (SELECT hazard_key FROM upload_incoming)
ORDER BY h.town, h.found_date, h.entity_name
