-- Fragment (not a query): inspection visits in the window, for the supervision-gap page.
-- Included as {{gap_inspection_window}}. Params: $start_month, $end_month (DATE, first of
-- month, NULL = open end), $as_of (DATE; visits after it are ignored), $towns (VARCHAR[] or
-- NULL). Sector and department filters are NOT applied here: coverage counts a registry
-- unit as inspected whoever inspected it, so each query adds the filters it means.
-- Columns: inspection_key, inspection_date, town, sector ('other' if none), department
-- ('' = none named), entity_name, unit_key (gap_unit_key, see migration 002), method
-- ('' = none), inspectors ('' = none), hazards_found, major_found, penalty_yuan,
-- who_level ('higher' | 'self' | 'town' | 'county' | 'unknown', macro gap_who_level),
-- source_kind ('inspection' = an inspection log | 'hazard' = a ledger's 无隐患 row, migration 009).
-- Every visit is here: presence figures (coverage, never inspected) count them all; per-visit
-- intensity figures keep intensity_visit(w.source_kind) (migration 012) and count the rest as
-- left out (docs/DATA_CONTRACT.md §2, presence and intensity).
-- Source: view gap_visits (migration 003) = the `inspections` rows with unit_key and who_level
-- precomputed at load time.
SELECT
    i.inspection_key, i.inspection_date, i.town, coalesce(i.sector, 'other') AS sector,
    coalesce(i.department, '') AS department, i.entity_name, i.unit_key,
    coalesce(i.inspection_method, '') AS method, coalesce(i.inspectors, '') AS inspectors,
    coalesce(i.hazards_found, 0) AS hazards_found, coalesce(i.major_hazards_found, 0) AS major_found,
    coalesce(i.penalty_yuan, 0) AS penalty_yuan,
    i.who_level, i.source_kind
FROM gap_visits i
WHERE in_months(i.inspection_date, $start_month, $end_month)
  AND i.inspection_date <= $as_of
  AND in_selection($towns, i.town)
