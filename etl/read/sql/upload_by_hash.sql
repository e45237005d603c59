-- upload_by_hash: the live upload holding exactly this file content, if any.
-- Returns upload_id, file_name. Params: $sha256.
SELECT upload_id, file_name
FROM upload_log
WHERE sha256 = $sha256 AND status = 'live'
ORDER BY upload_id
LIMIT 1
