-- 006: the hazard columns of data contract v2 — how the level was written, the hazard's
-- category, supervision (督办), the 五落实 fields and acceptance (复查/验收).
--
-- 'rectified' stays what the unit reports; verified_date / verification_result say whether
-- anyone checked it. Every column is nullable: rows loaded before this migration simply have
-- none of them (an older warehouse upgrades in place, nothing it held changes meaning).
-- They live in the observations (they change month to month: a later ledger may add the
-- acceptance date or raise the 督办 level) and are carried to the current row like the rest.

ALTER TABLE hazard_obs ADD COLUMN level_raw VARCHAR;            -- the level as written (较大, 3, Ⅱ级 …)
ALTER TABLE hazard_obs ADD COLUMN hazard_category VARCHAR;      -- 隐患类别 as written
ALTER TABLE hazard_obs ADD COLUMN supervisor VARCHAR;           -- 督办单位 / 挂牌督办单位
ALTER TABLE hazard_obs ADD COLUMN supervision_level VARCHAR;    -- 'province' | 'city' | 'county' | 'town'
ALTER TABLE hazard_obs ADD COLUMN measures VARCHAR;             -- 五落实·措施
ALTER TABLE hazard_obs ADD COLUMN funds_yuan DOUBLE;            -- 五落实·资金, in yuan
ALTER TABLE hazard_obs ADD COLUMN responsible_person VARCHAR;   -- 五落实·责任
ALTER TABLE hazard_obs ADD COLUMN contingency_plan VARCHAR;     -- 五落实·预案, as written
ALTER TABLE hazard_obs ADD COLUMN verified_date DATE;           -- 复查/验收 date
ALTER TABLE hazard_obs ADD COLUMN verified_by VARCHAR;          -- 验收人 / 复查人
ALTER TABLE hazard_obs ADD COLUMN verification_result VARCHAR;  -- 'passed' | 'failed'

ALTER TABLE hazard_current ADD COLUMN level_raw VARCHAR;
ALTER TABLE hazard_current ADD COLUMN hazard_category VARCHAR;
ALTER TABLE hazard_current ADD COLUMN supervisor VARCHAR;
ALTER TABLE hazard_current ADD COLUMN supervision_level VARCHAR;
ALTER TABLE hazard_current ADD COLUMN measures VARCHAR;
ALTER TABLE hazard_current ADD COLUMN funds_yuan DOUBLE;
ALTER TABLE hazard_current ADD COLUMN responsible_person VARCHAR;
ALTER TABLE hazard_current ADD COLUMN contingency_plan VARCHAR;
ALTER TABLE hazard_current ADD COLUMN verified_date DATE;
ALTER TABLE hazard_current ADD COLUMN verified_by VARCHAR;
ALTER TABLE hazard_current ADD COLUMN verification_result VARCHAR;

-- Contract views (DATA_CONTRACT §2): the 001 columns, then the v2 columns.
CREATE OR REPLACE VIEW hazards AS
SELECT hazard_key, source_hazard_id, town, sector, department, entity_name, description,
       level, found_date, deadline, status, rectified_date, inspection_method,
       report_month, upload_id,
       level_raw, hazard_category, supervisor, supervision_level, measures, funds_yuan,
       responsible_person, contingency_plan, verified_date, verified_by, verification_result
FROM hazard_current;

CREATE OR REPLACE VIEW hazards_detail AS
SELECT * FROM hazard_current;

-- What changes month to month travels with each observation.
CREATE OR REPLACE VIEW hazard_observations AS
SELECT o.hazard_key, o.report_month, o.status, o.rectified_date, o.deadline, o.upload_id,
       o.source_file, o.source_sheet, o.source_row,
       o.level, o.level_raw, o.hazard_category, o.supervisor, o.supervision_level, o.measures, o.funds_yuan,
       o.responsible_person, o.contingency_plan, o.verified_date, o.verified_by, o.verification_result
FROM hazard_obs o JOIN upload_log u USING (upload_id)
WHERE u.status = 'live';
