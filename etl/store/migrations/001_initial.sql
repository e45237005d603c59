-- 001: the first schema. Append-only observation tables, a derived current-state
-- table for hazards, the upload ledger, row problems, lookups, and the contract views.

CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
INSERT INTO meta VALUES ('data_version', '0');

CREATE SEQUENCE upload_id_seq START 1;

CREATE TABLE upload_log (
    upload_id      BIGINT PRIMARY KEY,
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,          -- 'hazard' | 'inspection' | 'registry'
    report_month   DATE,
    loaded_at      TIMESTAMP NOT NULL,
    rows_read      INTEGER NOT NULL,
    rows_loaded    INTEGER NOT NULL,
    rows_rejected  INTEGER NOT NULL,
    rows_skipped   INTEGER NOT NULL,
    status         VARCHAR NOT NULL,          -- 'live' | 'rolled_back'
    towns          VARCHAR[],
    uploaded_by    VARCHAR,
    file_size      BIGINT,
    warnings       JSON,
    sheets         JSON,
    rolled_back_at TIMESTAMP,
    rolled_back_by VARCHAR
);

-- Every hazard row of every upload (live or not). Never updated except by nothing: append-only.
CREATE TABLE hazard_obs (
    upload_id         BIGINT NOT NULL,
    obs_seq           INTEGER NOT NULL,       -- order within the upload
    hazard_key        VARCHAR NOT NULL,
    source_hazard_id  VARCHAR,
    town              VARCHAR NOT NULL,
    sector            VARCHAR NOT NULL,
    sector_raw        VARCHAR,
    department        VARCHAR,
    entity_name       VARCHAR,
    description       VARCHAR,
    level             VARCHAR NOT NULL,
    found_date        DATE NOT NULL,
    deadline          DATE,
    status            VARCHAR NOT NULL,
    rectified_date    DATE,
    inspection_method VARCHAR,
    report_month      DATE NOT NULL,
    source_file       VARCHAR,
    source_sheet      VARCHAR,
    source_row        INTEGER
);

-- Current state, derived from hazard_obs of live uploads (latest report month wins, then
-- latest upload, then latest row). Rebuilt for the affected keys inside each load/rollback
-- transaction. No PRIMARY KEY: DuckDB checks unique constraints eagerly, so delete+reinsert
-- of a key in one transaction would fail; uniqueness is by construction and `etl check`.
CREATE TABLE hazard_current AS SELECT * EXCLUDE (obs_seq) FROM hazard_obs WITH NO DATA;

CREATE TABLE load_error_log (
    upload_id   BIGINT NOT NULL,
    sheet       VARCHAR,
    source_row  INTEGER,
    column_name VARCHAR,
    raw_value   VARCHAR,
    reason      VARCHAR,
    reason_en   VARCHAR
);

CREATE TABLE inspection_obs (
    upload_id           BIGINT NOT NULL,
    obs_seq             INTEGER NOT NULL,
    inspection_key      VARCHAR NOT NULL,
    inspection_date     DATE NOT NULL,
    town                VARCHAR NOT NULL,
    sector              VARCHAR,
    sector_raw          VARCHAR,
    department          VARCHAR,
    entity_name         VARCHAR,
    inspection_method   VARCHAR,
    inspectors          VARCHAR,
    hazards_found       INTEGER,
    major_hazards_found INTEGER,
    penalty_yuan        DOUBLE,
    report_month        DATE NOT NULL,
    source_file         VARCHAR,
    source_sheet        VARCHAR,
    source_row          INTEGER
);

CREATE TABLE entity_obs (
    upload_id    BIGINT NOT NULL,
    obs_seq      INTEGER NOT NULL,
    entity_name  VARCHAR NOT NULL,
    town         VARCHAR NOT NULL,
    sector       VARCHAR,
    sector_raw   VARCHAR,
    department   VARCHAR,
    credit_code  VARCHAR,
    risk_level   VARCHAR,
    report_month DATE NOT NULL,
    source_file  VARCHAR,
    source_sheet VARCHAR,
    source_row   INTEGER
);

CREATE TABLE audit_log (
    at_time   TIMESTAMP NOT NULL,
    user_name VARCHAR,
    action    VARCHAR NOT NULL,
    detail    JSON
);

CREATE TABLE sectors (code VARCHAR PRIMARY KEY, name_zh VARCHAR, name_en VARCHAR, sort_order INTEGER);
CREATE TABLE inspection_methods (code VARCHAR PRIMARY KEY, name_zh VARCHAR, name_en VARCHAR, sort_order INTEGER);

INSERT INTO sectors VALUES
    ('school', '学校', 'Schools', 1),
    ('fire', '消防', 'Fire safety', 2),
    ('traffic', '道路交通', 'Road traffic', 3),
    ('construction', '建筑施工', 'Construction', 4),
    ('hazchem', '危险化学品', 'Hazardous chemicals', 5),
    ('gas', '城镇燃气', 'Town gas', 6),
    ('industry_trade', '工贸', 'Industry & trade', 7),
    ('special_equipment', '特种设备', 'Special equipment', 8),
    ('mining', '矿山', 'Mining', 9),
    ('water', '水上交通', 'Waterways & fishing', 10),
    ('tourism', '文化旅游', 'Culture & tourism', 11),
    ('other', '其他', 'Other', 12);

INSERT INTO inspection_methods VALUES
    ('unannounced', '四不两直', 'Unannounced (四不两直)', 1),
    ('routine', '日常检查', 'Routine', 2),
    ('special', '专项检查', 'Special campaign', 3),
    ('spot', '抽查', 'Spot check', 4),
    ('joint', '联合检查', 'Joint inspection', 5),
    ('self', '企业自查', 'Self-inspection', 6),
    ('mutual', '互查', 'Mutual inspection', 7),
    ('supervision', '督查', 'Higher-level supervision', 8),
    ('report', '举报', 'Public report', 9);

-- ---- contract views (DATA_CONTRACT §2): names and columns are fixed ----

CREATE VIEW uploads AS
SELECT upload_id, file_name, sha256, kind, report_month, loaded_at,
       rows_read, rows_loaded, rows_rejected, rows_skipped, status
FROM upload_log;

CREATE VIEW hazards AS
SELECT hazard_key, source_hazard_id, town, sector, department, entity_name, description,
       level, found_date, deadline, status, rectified_date, inspection_method,
       report_month, upload_id
FROM hazard_current;

-- hazards with provenance and the raw sector text (for 'other'), for the explorer
CREATE VIEW hazards_detail AS
SELECT * FROM hazard_current;

CREATE VIEW hazard_observations AS
SELECT o.hazard_key, o.report_month, o.status, o.rectified_date, o.deadline, o.upload_id,
       o.source_file, o.source_sheet, o.source_row
FROM hazard_obs o JOIN upload_log u USING (upload_id)
WHERE u.status = 'live';

CREATE VIEW load_errors AS
SELECT upload_id, sheet, source_row, column_name, raw_value, reason
FROM load_error_log;

-- An inspection visit reported twice (e.g. in a cumulative log) counts once: latest wins.
CREATE VIEW inspections AS
SELECT inspection_key, inspection_date, town, sector, department, entity_name,
       inspection_method, inspectors, hazards_found, major_hazards_found,
       penalty_yuan, upload_id
FROM (
    SELECT o.*, row_number() OVER (PARTITION BY inspection_key
                                   ORDER BY o.report_month DESC, o.upload_id DESC, o.obs_seq DESC) AS rn
    FROM inspection_obs o JOIN upload_log u USING (upload_id)
    WHERE u.status = 'live'
) WHERE rn = 1;

-- The current registry: for each town, the units of its newest live registry upload.
CREATE VIEW entities AS
WITH per_upload AS (
    SELECT DISTINCT o.town, o.upload_id, o.report_month
    FROM entity_obs o JOIN upload_log u USING (upload_id)
    WHERE u.status = 'live'
), latest AS (
    SELECT town, upload_id FROM (
        SELECT *, row_number() OVER (PARTITION BY town ORDER BY report_month DESC, upload_id DESC) AS rn
        FROM per_upload
    ) WHERE rn = 1
)
SELECT o.entity_name, o.town, o.sector, o.department, o.credit_code, o.risk_level, o.upload_id
FROM entity_obs o JOIN latest l ON o.town = l.town AND o.upload_id = l.upload_id;
