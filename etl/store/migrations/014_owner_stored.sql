-- 014: the owning department of every current hazard, stored, so that every department figure,
-- ranking and filter follows one rule without a join (docs/DATA_CONTRACT.md §2).
--
-- A hazard is owned by the department its ledger names; where the ledgers named none, by the
-- owner agreed at a 会商 (view hazard_agreed_owner, migration 008); else by nobody. Migration 013
-- computed that per query through a join (15–40 ms at 1M hazards), so only a few figures used it
-- and the department filter, the 部门履职 table and the 考核通报 followed the ledgers' text.
--
-- hazard_current.agreed_department (and its copy in hazard_current_keyed) holds the agreed owner
-- of a hazard whose ledgers named none, NULL otherwise. It is kept equal to hazard_agreed_owner
-- inside every write transaction that can change it (etl.store.load.refresh_agreed: hazard
-- uploads and their rollbacks, 会商意见 uploads and their rollbacks, rebuilds); the maintenance
-- check compares the two. The ledger's own `department` is left as the ledger wrote it.

ALTER TABLE hazard_current ADD COLUMN agreed_department VARCHAR;
ALTER TABLE hazard_current_keyed ADD COLUMN agreed_department VARCHAR;

-- The one rule: the owning department, '' = none.
CREATE MACRO owner_of(department, agreed_department) AS
    coalesce(nullif(department, ''), agreed_department, '');

-- As in 003, with the stored agreed owner carried last (the table's new last column).
CREATE OR REPLACE MACRO gap_derive_hazards(all_rows) AS TABLE
SELECT k.* EXCLUDE (named, agreed_department),
       CASE WHEN k.named THEN lag(k.found_date) OVER w END AS prev_found,
       CASE WHEN k.named THEN lag(k.rectified_date) OVER w END AS prev_rectified,
       CASE WHEN k.named THEN lag(k.status) OVER w END AS prev_status,
       k.agreed_department
FROM (
    SELECT h.hazard_key, h.town, h.sector, h.department, h.entity_name, h.description, h.level, h.found_date,
           h.deadline, h.status, h.rectified_date, h.inspection_method, h.report_month,
           h.unit_key, h.kind_key, dense_rank() OVER (ORDER BY h.town, h.unit_key, h.kind_key) AS kind_group,
           coalesce(h.entity_name, '') <> '' AND coalesce(h.description, '') <> '' AS named,
           h.agreed_department
    FROM (
        SELECT h.*, gap_unit_key(h.entity_name) AS unit_key, gap_kind_key(h.description) AS kind_key
        FROM hazard_current h, (SELECT 1 FROM derived_fresh WHERE all_rows OR NOT fresh) g
    ) h
) k
WINDOW w AS (PARTITION BY k.kind_group, k.named ORDER BY k.found_date, k.hazard_key);

CREATE OR REPLACE VIEW gap_hazards AS
SELECT c.* FROM hazard_current_keyed c, (SELECT 1 FROM derived_fresh WHERE fresh) g
UNION ALL
SELECT * FROM gap_derive_hazards(FALSE);

-- Contract view: the columns of 006, then the agreed owner and the owning department (NULL = none).
CREATE OR REPLACE VIEW hazards AS
SELECT hazard_key, source_hazard_id, town, sector, department, entity_name, description,
       level, found_date, deadline, status, rectified_date, inspection_method,
       report_month, upload_id,
       level_raw, hazard_category, supervisor, supervision_level, measures, funds_yuan,
       responsible_person, contingency_plan, verified_date, verified_by, verification_result,
       agreed_department, nullif(owner_of(department, agreed_department), '') AS owner_department
FROM hazard_current;

CREATE OR REPLACE VIEW hazards_detail AS
SELECT * FROM hazard_current;

-- As in 013 (same columns and rows), read from the stored owner.
CREATE OR REPLACE VIEW hazard_owner AS
SELECT c.hazard_key,
       nullif(owner_of(c.department, c.agreed_department), '') AS owner_department,
       CASE WHEN coalesce(c.department, '') <> '' THEN 'ledger'
            WHEN c.agreed_department IS NOT NULL THEN 'agreed' END AS owner_source,
       CASE WHEN coalesce(c.department, '') = '' AND c.agreed_department IS NOT NULL THEN a.agreed_by END AS agreed_by
FROM hazard_current c
LEFT JOIN hazard_agreed_owner a USING (hazard_key);

-- Backfill (an older warehouse upgrades in place).
UPDATE hazard_current c SET agreed_department = a.agreed_department
FROM hazard_agreed_owner a WHERE a.hazard_key = c.hazard_key;
UPDATE hazard_current_keyed k SET agreed_department = c.agreed_department
FROM hazard_current c WHERE c.hazard_key = k.hazard_key AND c.agreed_department IS NOT NULL;
