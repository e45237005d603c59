-- One hazard's current row with provenance. Rows (0 or 1): every column of hazards_detail
-- (hazard_key, source_hazard_id, town, sector, sector_raw, department, entity_name, description,
-- level, found_date, deadline, status, rectified_date, inspection_method, report_month,
-- source_file, source_sheet, source_row, upload_id), then agreed_department (the owner a 会商 agreed
-- when the ledgers named none, migration 014; NULL otherwise).
-- Params: $hazard_key.
SELECT hazard_key, source_hazard_id, town, sector, sector_raw, department, entity_name, description,
       level, found_date, deadline, status, rectified_date, inspection_method, report_month,
       source_file, source_sheet, source_row, upload_id, agreed_department
FROM hazards_detail
WHERE hazard_key = $hazard_key
