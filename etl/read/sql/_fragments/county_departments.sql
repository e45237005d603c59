-- Fragment (not a query): the county departments, included after WITH (or after a comma) as
-- {{county_departments}}. Defines:
--   county_depts (d): every department named in the registry, as a hazard's owning department
--                     (owner_of, migration 014) or as an inspecting body, that gap_who_level
--                     (migrations 002, 015) puts at county level: the departments expected to
--                     report an inspection log (gap_reporting) and ranked by the 考核通报
--                     (score_indicators).
-- The names are gathered into one list first and classified after: as a filter over the UNION,
-- the optimizer pushed the classifier's regular expressions down to every row of the three
-- tables (0.1–0.2 s at 1M hazards) instead of the few distinct names.
-- Params: none.
dept_names AS (
    SELECT list(DISTINCT d) AS names FROM (
        SELECT department AS d FROM entities UNION ALL SELECT owner_department FROM hazards
        UNION ALL SELECT department FROM inspections
    ) x
    WHERE coalesce(d, '') <> ''
),
county_depts AS (
    SELECT d FROM (SELECT unnest(names) AS d FROM dept_names) n
    WHERE gap_who_level(NULL, d, NULL) = 'county'
)
