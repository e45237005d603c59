-- Unit types as the ledgers wrote them (sector_raw, kept when the sector word was not in the
-- vocabulary and the hazard went to 'other'): which kinds of places fall outside every sector.
-- Same scope as {{hazard_scope}} (its filters repeated on hazard_current, which keeps sector_raw).
-- Rows: sector, sector_raw, hazards, no_department (hazards with none named), open_hazards.
-- Params: the common hazard filters.
SELECT h.sector, coalesce(h.sector_raw, '') AS sector_raw, count(*) AS hazards,
       count(*) FILTER (WHERE coalesce(h.department, '') = '') AS no_department,
       count(*) FILTER (WHERE NOT (h.status = 'rectified'
                                   AND coalesce(h.rectified_date, last_day(h.report_month)) <= $as_of)) AS open_hazards
FROM hazard_current h
WHERE h.sector = 'other'
  AND ($start_month IS NULL OR h.found_date >= $start_month)
  AND ($end_month IS NULL OR h.found_date < CAST($end_month AS DATE) + INTERVAL 1 MONTH)
  AND h.found_date <= $as_of
  AND ($towns IS NULL OR list_contains(CAST($towns AS VARCHAR[]), h.town))
  AND ($sectors IS NULL OR list_contains(CAST($sectors AS VARCHAR[]), h.sector))
  AND ($departments IS NULL OR list_contains(CAST($departments AS VARCHAR[]), coalesce(h.department, '')))
  AND ($level IS NULL OR h.level = $level)
GROUP BY ALL
ORDER BY hazards DESC, sector_raw
