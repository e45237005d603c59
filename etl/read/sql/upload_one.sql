-- upload_one: one upload's ledger row (owner and status, for the rollback permission check).
-- Returns upload_id, file_name, status, uploaded_by. Params: $upload_id.
SELECT upload_id, file_name, status, uploaded_by
FROM upload_log
WHERE upload_id = $upload_id
