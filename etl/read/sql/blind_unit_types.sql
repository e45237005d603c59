-- Unit types as the ledgers wrote them (sector_raw, kept when the sector word was not in the
-- vocabulary and the hazard went to 'other'): which kinds of places fall outside every sector.
-- Same scope as {{hazard_scope}} (its filters repeated on hazard_current, which keeps sector_raw).
-- Rows: sector, sector_raw, hazards, no_department (hazards with none named), open_hazards.
-- Params: the common hazard filters.
SELECT h.sector, coalesce(h.sector_raw, '') AS sector_raw, count(*) AS hazards,
       count(*) FILTER (WHERE coalesce(h.department, '') = '') AS no_department,
       count(*) FILTER (WHERE NOT rectified_as_of(h.status, h.rectified_date, h.report_month, $as_of)) AS open_hazards
FROM hazard_current h
WHERE h.sector = 'other'
  AND in_months(h.found_date, $start_month, $end_month)
  AND h.found_date <= $as_of
  AND in_selection($towns, h.town)
  AND in_selection($sectors, h.sector)
  AND in_selection($departments, coalesce(h.department, ''))
  AND ($level IS NULL OR h.level = $level)
GROUP BY ALL
ORDER BY hazards DESC, sector_raw
