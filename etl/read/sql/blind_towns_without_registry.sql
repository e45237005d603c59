-- 会商清单: towns named by hazards or inspections that have no registry at all (their units cannot
-- be checked against one). Rows: town, units_seen (distinct town + gap_unit_key among their
-- hazards and visits). Params: $towns.
SELECT town, count(DISTINCT unit_key) AS units_seen
FROM (SELECT town, unit_key FROM gap_hazards WHERE unit_key <> ''
      UNION ALL SELECT town, unit_key FROM gap_visits WHERE unit_key <> '') x
WHERE town NOT IN (SELECT DISTINCT town FROM gap_units)
  AND in_selection($towns, town)
GROUP BY town
ORDER BY units_seen DESC, town
