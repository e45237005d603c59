-- Unit types as the ledgers wrote them (sector_raw, kept when the sector word was not in the
-- vocabulary and the hazard went to 'other'): which kinds of places fall outside every sector.
-- Same scope as {{hazard_scope}} ({{hazard_filters}} on hazard_current, which keeps sector_raw).
-- Rows: sector, sector_raw, hazards, no_department (hazards no department owns: neither the
--   ledger nor a 会商 names one, macro owner_of), agreed (hazards a 会商 gave an owner), open_hazards.
-- Params: the common hazard filters.
SELECT h.sector, coalesce(h.sector_raw, '') AS sector_raw, count(*) AS hazards,
       count(*) FILTER (WHERE owner_of(h.department, h.agreed_department) = '') AS no_department,
       count(*) FILTER (WHERE coalesce(h.department, '') = '' AND h.agreed_department IS NOT NULL) AS agreed,
       count(*) FILTER (WHERE NOT rectified_as_of(h.status, h.rectified_date, h.report_month, $as_of)) AS open_hazards
FROM hazard_current h
WHERE h.sector = 'other' AND {{hazard_filters}}
GROUP BY ALL
ORDER BY hazards DESC, sector_raw
