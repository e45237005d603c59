-- upload_insert_mapping (write; runs inside the upload page's writer transaction): remembers
-- the column mapping an analyst chose for a layout. Params: $signature, $kind, $overrides
-- (JSON text {source header: canonical column or ''}), $saved_by.
INSERT INTO upload_mappings (header_signature, kind, overrides, saved_by, saved_at)
VALUES ($signature, $kind, $overrides, $saved_by, now()::TIMESTAMP)
