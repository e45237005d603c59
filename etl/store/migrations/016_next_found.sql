-- 016: the next hazard of a repeat group's found date, stored, so that the 督办与销号 page's
-- "repeat after fix" (paper_closure_flags: a rectification the same unit's same kind of hazard
-- followed within 12 months) reads one column instead of matching every repeat back to the
-- closure it follows (a three-column join and grouping over the whole table; measured on the
-- 1M-hazard bench, paper_closure_counts went from about 650 to 500 ms of CPU).
--
-- hazard_current_keyed.next_found is the found date of the hazard that has this one as its
-- previous hazard (prev_*, migration 003): the next named hazard of the same kind group by found
-- date, then hazard_key. NULL for the last of its group and for hazards without a unit or a
-- description. Kept by etl/store/load.py with prev_* (the same window, lead for lag); the
-- maintenance check compares the table with gap_derive_hazards as it does for prev_*.
--
-- The match it replaces joined on the group, found date and rectified date, so two closures of
-- the same unit and kind found and rectified on the same days were both flagged by the one that
-- came after the second of them; now only the hazard that precedes a repeat is flagged.

ALTER TABLE hazard_current_keyed ADD COLUMN next_found DATE;

-- As in 014, with next_found carried last (the table's new last column).
CREATE OR REPLACE MACRO gap_derive_hazards(all_rows) AS TABLE
SELECT k.* EXCLUDE (named, agreed_department),
       CASE WHEN k.named THEN lag(k.found_date) OVER w END AS prev_found,
       CASE WHEN k.named THEN lag(k.rectified_date) OVER w END AS prev_rectified,
       CASE WHEN k.named THEN lag(k.status) OVER w END AS prev_status,
       k.agreed_department,
       CASE WHEN k.named THEN lead(k.found_date) OVER w END AS next_found
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

-- Backfill (an older warehouse upgrades in place; its other columns are as they were).
UPDATE hazard_current_keyed k SET next_found = l.next_found
FROM (
    SELECT hazard_key, lead(found_date) OVER (PARTITION BY kind_group ORDER BY found_date, hazard_key) AS next_found
    FROM hazard_current_keyed
    WHERE coalesce(entity_name, '') <> '' AND coalesce(description, '') <> ''
) l
WHERE k.hazard_key = l.hazard_key AND l.next_found IS NOT NULL;
