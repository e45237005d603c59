-- 6. Weakening down the levels (压力传导逐级递减): per level of who inspected
-- (gap_who_level, migrations 002 and 015: higher 上级督查 / county 县级部门 / town 乡镇 /
-- village 村（社区） / self 单位自查 / unknown 未注明, in that order: gap_level_rank), the visits
-- in the window and what they found, and the rectification rate of the hazards each level found.
-- A hazard's level is that of the visit that found it: a visit to the same unit (town +
-- gap_unit_key) on its found date (several: the highest level); with no such visit, its own
-- inspection_method (督查 → higher, 企业自查 → self), else 'unknown'.
-- What a level's visits found per visit is an intensity figure: inspections, hazards_found,
-- major_found and the rates over them count inspection-log visits only (macro intensity_visit,
-- migration 012); ledger_visits says how many of the level's visits in scope were a hazard
-- ledger's 无隐患 rows, left out. Nor is a 无隐患 visit ever the visit that found a hazard.
-- Rows: who_level, level_order (gap_level_rank: 1 higher … 6 unknown), inspections, hazards_found,
--   major_found, hazards_per_insp, major_per_100 (major hazards per 100 visits),
--   major_share (major ÷ hazards found), ledger_visits, hazards (ledger hazards in scope
--   attributed to the level), rectified, rect_rate, major_hazards, major_rect_rate.
-- Params: the common hazard filters; sectors/departments narrow visits by their own sector
-- and inspecting department.
WITH v AS (
    SELECT * FROM ({{gap_inspection_window}}) w
    WHERE in_selection($sectors, w.sector)
      AND in_selection($departments, w.department)
),
insp AS (
    SELECT who_level,
           count(*) FILTER (WHERE intensity_visit(source_kind)) AS inspections,
           sum(hazards_found) FILTER (WHERE intensity_visit(source_kind)) AS hazards_found,
           sum(major_found) FILTER (WHERE intensity_visit(source_kind)) AS major_found,
           count(*) FILTER (WHERE NOT intensity_visit(source_kind)) AS ledger_visits
    FROM v GROUP BY who_level
),
-- h: the hazards of {{hazard_scope}} (same filters, same as-of status), read from gap_hazards
-- (migration 003) for their precomputed unit_key and their own inspection_method.
h AS (
    SELECT h.town, h.unit_key, h.found_date, h.level, h.inspection_method,
           rectified_as_of(h.status, h.rectified_date, h.report_month, $as_of) AS is_rect
    FROM gap_hazards h
    WHERE {{hazard_filters}}
),
-- every live visit (any window, town, sector) on a day some hazard in scope was found, that
-- could have found it (an inspection log's: a ledger's 无隐患 visit found nothing)
visit_level AS (
    SELECT i.town, i.unit_key, i.inspection_date,
           min(gap_level_rank(i.who_level)) AS lv
    FROM gap_visits i
    WHERE i.inspection_date IN (SELECT DISTINCT found_date FROM h)
      AND intensity_visit(i.source_kind)
    GROUP BY ALL
),
hz AS (
    SELECT gap_level_at(coalesce(vl.lv, gap_level_rank(CASE h.inspection_method WHEN 'supervision' THEN 'higher'
                                                                                 WHEN 'self' THEN 'self' END)))
               AS who_level,
           count(*) AS hazards,
           count(*) FILTER (WHERE h.is_rect) AS rectified,
           count(*) FILTER (WHERE h.level = 'major') AS major_hazards,
           count(*) FILTER (WHERE h.level = 'major' AND h.is_rect) AS major_rectified
    FROM h
    LEFT JOIN visit_level vl ON vl.town = h.town AND vl.unit_key = h.unit_key AND vl.inspection_date = h.found_date
    GROUP BY 1
),
levels AS (
    SELECT gap_level_at(r) AS who_level, r AS level_order FROM range(1, gap_level_rank('unknown') + 1) t(r)
)
SELECT l.who_level, l.level_order,
       coalesce(i.inspections, 0) AS inspections,
       coalesce(i.hazards_found, 0) AS hazards_found,
       coalesce(i.major_found, 0) AS major_found,
       i.hazards_found / nullif(i.inspections, 0) AS hazards_per_insp,
       100.0 * i.major_found / nullif(i.inspections, 0) AS major_per_100,
       i.major_found / nullif(i.hazards_found, 0) AS major_share,
       coalesce(i.ledger_visits, 0) AS ledger_visits,
       coalesce(z.hazards, 0) AS hazards,
       coalesce(z.rectified, 0) AS rectified,
       z.rectified / nullif(z.hazards, 0) AS rect_rate,
       coalesce(z.major_hazards, 0) AS major_hazards,
       z.major_rectified / nullif(z.major_hazards, 0) AS major_rect_rate
FROM levels l
LEFT JOIN insp i USING (who_level)
LEFT JOIN hz z USING (who_level)
WHERE coalesce(i.inspections, 0) > 0 OR coalesce(i.ledger_visits, 0) > 0 OR coalesce(z.hazards, 0) > 0
ORDER BY l.level_order
