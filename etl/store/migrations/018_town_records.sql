-- 018: what each town's ledgers record, stored: whether any of its hazards carries a 验收 check
-- (a verified date or result) and each of the five 五落实 items. The 督办与销号 page judges a town
-- on acceptance, and a hazard on an item, only where the town's ledgers record it
-- (_fragments/acceptance_scope.sql, closure_scope.sql); reading that from every hazard of the
-- warehouse on each query, for a dozen rows, cost supervision_kpis about 90 of its 400 ms of
-- CPU on the 1M-hazard bench.
--
-- town_records: one row per town with hazards. checks — some hazard of the town has a verified
-- date or a verification result; rec_resp, rec_measures, rec_funds, rec_deadline, rec_plan — some
-- hazard gives a responsible person, measures, funds (any amount, 0 included), a deadline, a
-- contingency plan (any text, "无" included). The rules are the ones the fragments applied.
-- A derived table like those of 003: kept by etl/store/load.py inside every hazard load and
-- rollback (the towns the upload names), rebuilt whole when stale, compared by the maintenance
-- check with gap_derive_town_records(TRUE); readers use the view gap_town_records.

CREATE TABLE town_records (
    town          VARCHAR NOT NULL,
    checks        BOOLEAN NOT NULL,
    rec_resp      BOOLEAN NOT NULL,
    rec_measures  BOOLEAN NOT NULL,
    rec_funds     BOOLEAN NOT NULL,
    rec_deadline  BOOLEAN NOT NULL,
    rec_plan      BOOLEAN NOT NULL
);

CREATE MACRO gap_derive_town_records(all_rows) AS TABLE
SELECT h.town,
       bool_or(h.verified_date IS NOT NULL OR h.verification_result IS NOT NULL) AS checks,
       bool_or(trim(coalesce(h.responsible_person, '')) <> '') AS rec_resp,
       bool_or(trim(coalesce(h.measures, '')) <> '') AS rec_measures,
       bool_or(h.funds_yuan IS NOT NULL) AS rec_funds,
       bool_or(h.deadline IS NOT NULL) AS rec_deadline,
       bool_or(trim(coalesce(h.contingency_plan, '')) <> '') AS rec_plan
FROM hazard_current h, (SELECT 1 FROM derived_fresh WHERE all_rows OR NOT fresh) g
GROUP BY h.town;

CREATE VIEW gap_town_records AS
SELECT r.* FROM town_records r, (SELECT 1 FROM derived_fresh WHERE fresh) g
UNION ALL
SELECT * FROM gap_derive_town_records(FALSE);

INSERT INTO town_records SELECT * FROM gap_derive_town_records(TRUE);
