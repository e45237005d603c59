-- 013: the department that owns a hazard, one rule for every figure (docs/DATA_CONTRACT.md §2,
-- view hazard_owner).
--
-- A hazard is owned by the department its ledger names; where the ledgers named none, by the
-- owner agreed at a 会商 (view hazard_agreed_owner, migration 008: live agreement uploads only,
-- a later upload wins, a rolled-back upload no longer counts); else by nobody.
-- The ledger's own column `hazards.department` is left as the ledger wrote it.
--
-- Rows: one per hazard: hazard_key, owner_department (NULL = none), owner_source
-- ('ledger' | 'agreed' | NULL = none), agreed_by ('unit' | 'unit_type' | 'sector' for agreed rows).
-- Every "no department" figure counts owner_source IS NULL and says how many hazards were settled
-- by a 会商 (owner_source = 'agreed'); department breakdowns group by owner_department.
CREATE VIEW hazard_owner AS
SELECT h.hazard_key,
       CASE WHEN coalesce(h.department, '') <> '' THEN h.department ELSE a.agreed_department END AS owner_department,
       CASE WHEN coalesce(h.department, '') <> '' THEN 'ledger'
            WHEN a.agreed_department IS NOT NULL THEN 'agreed' END AS owner_source,
       CASE WHEN coalesce(h.department, '') = '' THEN a.agreed_by END AS agreed_by
FROM hazards h
LEFT JOIN hazard_agreed_owner a USING (hazard_key);
