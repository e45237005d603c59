-- 7. Enforcement strength (宽松软虚), headline figures over supervisory visits in the window:
-- every visit except units' self-inspections (who_level 'self'), which impose no penalty and
-- would dilute the figures. Per-visit intensity figures: inspection-log visits only (macro
-- intensity_visit, migration 012) — a hazard ledger's 无隐患 visits are left out and counted.
-- One row: inspections, zero_found (visits that found no hazard), zero_share, hazards_found,
--   hazards_per_insp, major_visits (visits that found ≥ 1 major hazard), major_penalised (of
--   those, with a penalty > 0), major_penalty_rate, penalty_yuan (total), penalised (visits
--   with a penalty), unannounced (四不两直 visits), unannounced_share — all over inspection-log
--   visits — and ledger_visits (supervisory visits in the same scope that are a hazard ledger's
--   无隐患 rows, migration 009, left out of every figure here: a ledger's visits that found hazards are no visits, so its
--   visits would all be zero visits; the page and the briefing say how many). Rates NULL when
--   their denominator is 0.
-- Params: $start_month, $end_month, $as_of, $towns, $sectors, $departments (visit's sector
-- and inspecting department).
WITH w AS (
    SELECT * FROM ({{gap_inspection_window}}) w
    WHERE w.who_level <> 'self'
      AND in_selection($sectors, w.sector)
      AND in_selection($departments, w.department)
)
SELECT count(*) AS inspections,
       count(*) FILTER (WHERE hazards_found = 0) AS zero_found,
       count(*) FILTER (WHERE hazards_found = 0) / nullif(count(*), 0) AS zero_share,
       coalesce(sum(hazards_found), 0) AS hazards_found,
       sum(hazards_found) / nullif(count(*), 0) AS hazards_per_insp,
       count(*) FILTER (WHERE major_found > 0) AS major_visits,
       count(*) FILTER (WHERE major_found > 0 AND penalty_yuan > 0) AS major_penalised,
       count(*) FILTER (WHERE major_found > 0 AND penalty_yuan > 0)
           / nullif(count(*) FILTER (WHERE major_found > 0), 0) AS major_penalty_rate,
       coalesce(sum(penalty_yuan), 0) AS penalty_yuan,
       count(*) FILTER (WHERE penalty_yuan > 0) AS penalised,
       count(*) FILTER (WHERE method = 'unannounced') AS unannounced,
       count(*) FILTER (WHERE method = 'unannounced') / nullif(count(*), 0) AS unannounced_share,
       (SELECT count(*) FROM w WHERE NOT intensity_visit(w.source_kind)) AS ledger_visits
FROM w
WHERE intensity_visit(w.source_kind)
