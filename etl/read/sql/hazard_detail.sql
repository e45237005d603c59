-- One hazard's current row with provenance. Rows (0 or 1): every column of hazards_detail
-- (hazard_key, source_hazard_id, town, sector, sector_raw, department, entity_name, description,
-- level, found_date, deadline, status, rectified_date, inspection_method, report_month,
-- source_file, source_sheet, source_row, upload_id), then owner_department (the owning department,
-- macro owner_of of migration 014: the ledger's, else the one agreed at a 会商; '' = none).
-- Params: $hazard_key.
SELECT hazard_key, source_hazard_id, town, sector, sector_raw, department, entity_name, description,
       level, found_date, deadline, status, rectified_date, inspection_method, report_month,
       source_file, source_sheet, source_row, upload_id, owner_of(department, agreed_department) AS owner_department
FROM hazards_detail
WHERE hazard_key = $hazard_key
