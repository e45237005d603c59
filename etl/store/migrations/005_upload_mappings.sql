-- 005: the upload page's memory. Column mappings an analyst chose for a layout (keyed by
-- the header signature, offered again next month), and which reporting unit (town or
-- department) sent each upload, for the monthly reporting-status table.

CREATE TABLE upload_mappings (
    header_signature VARCHAR NOT NULL,       -- etl.store.uploads_service.layout_signature
    kind             VARCHAR NOT NULL,       -- 'hazard' | 'inspection' | 'registry'
    overrides        JSON NOT NULL,          -- {source header text: canonical column or ''}
    saved_by         VARCHAR,
    saved_at         TIMESTAMP NOT NULL
);

CREATE TABLE upload_reporting_unit (
    upload_id      BIGINT NOT NULL,
    reporting_unit VARCHAR NOT NULL
);
