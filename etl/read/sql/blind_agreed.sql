-- 会商明确: the owners agreed at the meeting that are in force (view agreed_owners, migration 008),
-- with how many hazards whose ledgers named no department each one now covers
-- (view hazard_agreed_owner). Rows: item_type ('unit' | 'sector' | 'unit_type' | 'mismatch'),
-- town, entity_name, unit_key, sector, sector_raw, current_department, department, upload_id,
-- hazards_filled. Params: $towns.
WITH filled AS (
    SELECT h.town, g.unit_key, h.sector, c.sector_raw, h.agreed_by, count(*) AS n
    FROM hazard_agreed_owner h
    JOIN gap_hazards g USING (hazard_key)
    JOIN hazard_current c USING (hazard_key)
    GROUP BY ALL
)
SELECT a.item_type, a.town, a.entity_name, a.unit_key, a.sector, a.sector_raw, a.current_department, a.department,
       a.upload_id,
       coalesce((SELECT sum(f.n) FROM filled f
                 WHERE f.agreed_by = a.item_type
                   AND CASE a.item_type WHEN 'unit' THEN f.town = a.town AND f.unit_key = a.unit_key
                                        WHEN 'unit_type' THEN f.sector = a.sector AND coalesce(f.sector_raw, '') = a.sector_raw
                                        WHEN 'sector' THEN f.sector = a.sector
                                        ELSE FALSE END), 0) AS hazards_filled
FROM agreed_owners a
WHERE a.town IS NULL OR in_selection($towns, a.town)
ORDER BY a.item_type, a.town, a.sector, a.entity_name
