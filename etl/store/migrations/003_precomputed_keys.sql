-- 003: precomputed matching keys for the supervision-gap page (issue 3). No change to the
-- observation tables, to hazard_current or to any contract column.
--
-- The gap queries match units by town + gap_unit_key(name) and hazard kinds by
-- gap_kind_key(description) (regexes, migration 002) and classify visits with gap_who_level;
-- `inspections` ranked every visit with a window function. Doing that on every query cost
-- seconds at 1M hazards / 300k visits. Three derived tables now hold the results, maintained
-- by etl/store/load.py inside each load/rollback transaction (like hazard_current):
--   inspection_current    one row per inspection_key (latest report month, then upload, then
--                         row wins; live uploads only) + unit_key, who_level
--   entity_current        the current registry (per town, its newest live registry upload)
--                         + unit_key
--   hazard_current_keyed  the gap columns of hazard_current + unit_key, kind_key, kind_group,
--                         and the previous hazard of its repeat group (prev_*)
-- No PRIMARY KEY (DuckDB checks unique constraints eagerly on delete + reinsert).
--
-- Freshness: meta 'derived_version' = the data_version these tables reflect. The loader sets
-- it in the same transaction that bumps data_version. A writer that changes observations or
-- hazard_current without the loader (test builders, hand repairs) bumps data_version only,
-- so the tables are stale; the views below then compute the same rows on the fly from the
-- base tables (old speed, same answers), and the next load rebuilds the tables in full.
-- Readers therefore use the views, never the tables:
--   gap_hazards, gap_visits, gap_units   (internal: the rows with their keys)
--   inspections, entities                (contract: same columns and rows as in 001)

CREATE TABLE inspection_current (
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
    upload_id           BIGINT NOT NULL,
    source_file         VARCHAR,
    source_sheet        VARCHAR,
    source_row          INTEGER,
    unit_key            VARCHAR NOT NULL,     -- gap_unit_key(entity_name)
    who_level           VARCHAR NOT NULL      -- gap_who_level(inspection_method, department, town)
);

CREATE TABLE entity_current (
    entity_name  VARCHAR NOT NULL,
    town         VARCHAR NOT NULL,
    sector       VARCHAR,
    department   VARCHAR,
    credit_code  VARCHAR,
    risk_level   VARCHAR,
    upload_id    BIGINT NOT NULL,
    unit_key     VARCHAR NOT NULL             -- gap_unit_key(entity_name)
);

CREATE TABLE hazard_current_keyed (
    hazard_key        VARCHAR NOT NULL,
    town              VARCHAR NOT NULL,
    sector            VARCHAR NOT NULL,
    department        VARCHAR,
    entity_name       VARCHAR,
    description       VARCHAR,
    level             VARCHAR NOT NULL,
    found_date        DATE NOT NULL,
    deadline          DATE,
    status            VARCHAR NOT NULL,
    rectified_date    DATE,
    inspection_method VARCHAR,
    report_month      DATE,
    unit_key          VARCHAR NOT NULL,       -- gap_unit_key(entity_name)
    kind_key          VARCHAR NOT NULL,       -- gap_kind_key(description)
    -- repeat group: equal iff town, unit_key and kind_key are equal (an integer, so the
    -- repeat-hazard window sorts on it instead of three strings); values are arbitrary
    kind_group        BIGINT NOT NULL,
    -- the previous hazard of the same group by found_date, then hazard_key, among the hazards
    -- with a unit name and a description (NULL for the first, and for hazards without either):
    -- what gap_repeat_scope's window gives when no sector/department/level filter is set
    prev_found        DATE,
    prev_rectified    DATE,
    prev_status       VARCHAR
);

-- ---- how each table is derived from the base tables ----
-- Table macros: gap_derive_*(TRUE) = every row (the loader's rebuild and this migration's
-- backfill); gap_derive_*(FALSE) = every row only while the tables are stale, else no row —
-- the stale fallback of the views below. The guard is a cross join with a row that exists
-- only when needed (also beside upload_log, so that no plan materialises the observations
-- first), so when the tables are fresh the base-table scans stop at once.

-- TRUE when the derived tables reflect the current data version.
CREATE VIEW derived_fresh AS
SELECT coalesce((SELECT value FROM meta WHERE key = 'derived_version')
                = (SELECT value FROM meta WHERE key = 'data_version'), FALSE) AS fresh;

-- As the 001 `inspections` view: a visit reported twice (e.g. in a cumulative log) counts
-- once, the latest report month, then upload, then row wins; live uploads only.
CREATE MACRO gap_derive_visits(all_rows) AS TABLE
SELECT inspection_key, inspection_date, town, sector, sector_raw, department, entity_name,
       inspection_method, inspectors, hazards_found, major_hazards_found, penalty_yuan,
       report_month, upload_id, source_file, source_sheet, source_row,
       gap_unit_key(entity_name) AS unit_key,
       gap_who_level(inspection_method, department, town) AS who_level
FROM (
    SELECT o.*, row_number() OVER (PARTITION BY o.inspection_key
                                   ORDER BY o.report_month DESC, o.upload_id DESC, o.obs_seq DESC) AS rn
    FROM inspection_obs o, (SELECT 1 FROM derived_fresh WHERE all_rows OR NOT fresh) g
    WHERE o.upload_id IN (SELECT u.upload_id FROM upload_log u, (SELECT 1 FROM derived_fresh WHERE all_rows OR NOT fresh) g2
                          WHERE u.status = 'live')
) WHERE rn = 1;

-- As the 001 `entities` view: for each town, the units of its newest live registry upload.
CREATE MACRO gap_derive_units(all_rows) AS TABLE
WITH obs AS (
    SELECT o.* FROM entity_obs o, (SELECT 1 FROM derived_fresh WHERE all_rows OR NOT fresh) g
), per_upload AS (
    SELECT DISTINCT o.town, o.upload_id, o.report_month
    FROM obs o JOIN (SELECT u.* FROM upload_log u, (SELECT 1 FROM derived_fresh WHERE all_rows OR NOT fresh) g
                     WHERE u.status = 'live') u USING (upload_id)
), latest AS (
    SELECT town, upload_id FROM (
        SELECT *, row_number() OVER (PARTITION BY town ORDER BY report_month DESC, upload_id DESC) AS rn
        FROM per_upload
    ) WHERE rn = 1
)
SELECT o.entity_name, o.town, o.sector, o.department, o.credit_code, o.risk_level, o.upload_id,
       gap_unit_key(o.entity_name) AS unit_key
FROM obs o JOIN latest l ON o.town = l.town AND o.upload_id = l.upload_id;

CREATE MACRO gap_derive_hazards(all_rows) AS TABLE
SELECT k.* EXCLUDE (named),
       CASE WHEN k.named THEN lag(k.found_date) OVER w END AS prev_found,
       CASE WHEN k.named THEN lag(k.rectified_date) OVER w END AS prev_rectified,
       CASE WHEN k.named THEN lag(k.status) OVER w END AS prev_status
FROM (
    SELECT h.hazard_key, h.town, h.sector, h.department, h.entity_name, h.description, h.level, h.found_date,
           h.deadline, h.status, h.rectified_date, h.inspection_method, h.report_month,
           h.unit_key, h.kind_key, dense_rank() OVER (ORDER BY h.town, h.unit_key, h.kind_key) AS kind_group,
           coalesce(h.entity_name, '') <> '' AND coalesce(h.description, '') <> '' AS named
    FROM (
        SELECT h.*, gap_unit_key(h.entity_name) AS unit_key, gap_kind_key(h.description) AS kind_key
        FROM hazard_current h, (SELECT 1 FROM derived_fresh WHERE all_rows OR NOT fresh) g
    ) h
) k
WINDOW w AS (PARTITION BY k.kind_group, k.named ORDER BY k.found_date, k.hazard_key);

-- ---- what readers use: the table when fresh, else the same rows computed on the fly ----

CREATE VIEW gap_visits AS
SELECT c.* FROM inspection_current c, (SELECT 1 FROM derived_fresh WHERE fresh) g
UNION ALL
SELECT * FROM gap_derive_visits(FALSE);

CREATE VIEW gap_units AS
SELECT c.* FROM entity_current c, (SELECT 1 FROM derived_fresh WHERE fresh) g
UNION ALL
SELECT * FROM gap_derive_units(FALSE);

CREATE VIEW gap_hazards AS
SELECT c.* FROM hazard_current_keyed c, (SELECT 1 FROM derived_fresh WHERE fresh) g
UNION ALL
SELECT * FROM gap_derive_hazards(FALSE);

-- Contract views (DATA_CONTRACT §2): same names, columns and rows as in 001.
CREATE OR REPLACE VIEW inspections AS
SELECT inspection_key, inspection_date, town, sector, department, entity_name,
       inspection_method, inspectors, hazards_found, major_hazards_found,
       penalty_yuan, upload_id
FROM gap_visits;

CREATE OR REPLACE VIEW entities AS
SELECT entity_name, town, sector, department, credit_code, risk_level, upload_id
FROM gap_units;

-- Backfill (an older warehouse upgrades in place).
INSERT INTO inspection_current SELECT * FROM gap_derive_visits(TRUE);
INSERT INTO entity_current SELECT * FROM gap_derive_units(TRUE);
INSERT INTO hazard_current_keyed SELECT * FROM gap_derive_hazards(TRUE);
INSERT INTO meta SELECT 'derived_version', value FROM meta WHERE key = 'data_version';
