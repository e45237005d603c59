-- What the scorecard has to work with (one row): registry_units (current registry),
-- inspections (all live visits), verified_hazards (hazards carrying any 验收 figure: a
-- verified date or a verification result, v2 columns of migration 006). No params.
SELECT
    (SELECT count(*) FROM entities) AS registry_units,
    (SELECT count(*) FROM inspections) AS inspections,
    (SELECT count(*) FROM hazards WHERE verified_date IS NOT NULL OR verification_result IS NOT NULL)
        AS verified_hazards
