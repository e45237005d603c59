-- upload_by_hash: the live upload holding exactly this file content, if any (read as $kind, when
-- given: a workbook of several kinds may be loaded once per kind, each reading its own sheets).
-- Returns upload_id, file_name. Params: $sha256, $kind (NULL = any kind).
SELECT upload_id, file_name
FROM upload_log
WHERE sha256 = $sha256 AND status = 'live' AND ($kind IS NULL OR kind = $kind)
ORDER BY upload_id
LIMIT 1
