-- What the scorecard has to work with (one row): registry_units (current registry),
-- inspections (all live visits), log_inspections (of them, inspection-log visits: the only
-- ones the zero-finding indicator counts, macro intensity_visit of migration 012 — a warehouse
-- whose visits are all hazard ledgers' 无隐患 rows has no zero-finding figure), verified_hazards
-- (hazards carrying any 验收 figure: a verified date or a verification result, v2 columns of
-- migration 006). No params.
SELECT
    (SELECT count(*) FROM entities) AS registry_units,
    (SELECT count(*) FROM inspections) AS inspections,
    (SELECT count(*) FROM inspections WHERE intensity_visit(source_kind)) AS log_inspections,
    (SELECT count(*) FROM hazards WHERE verified_date IS NOT NULL OR verification_result IS NOT NULL)
        AS verified_hazards
