-- upload_mapping_lookup: the newest column mapping an analyst saved for this layout.
-- Returns overrides (JSON text), kind, saved_by, saved_at (at most one row).
-- Params: $signature (header signature), $kind (NULL = any kind).
SELECT CAST(overrides AS VARCHAR) AS overrides, kind, saved_by, saved_at
FROM upload_mappings
WHERE header_signature = $signature
  AND ($kind IS NULL OR kind = $kind)
ORDER BY saved_at DESC
LIMIT 1
