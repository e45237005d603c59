-- upload_errors: the rejected rows of one upload (its error report).
-- Returns sheet, source_row, column_name, raw_value, reason. Params: $upload_id.
SELECT sheet, source_row, column_name, raw_value, reason
FROM load_errors
WHERE upload_id = $upload_id
ORDER BY sheet, source_row, column_name
