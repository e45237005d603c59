-- 008: 会商意见 — owners agreed at the safety committee's meeting for the blind spots of the
-- 会商清单 (etl/read/blindspots.py exports the sheet; etl/ingest/agreements.py loads it back as an upload of
-- kind 'agreement', with the usual row accounting in upload_log / load_error_log).
-- Nothing here rewrites a source row: the agreed department sits beside the data and fills the
-- department only where the ledgers named none (view hazard_agreed_owner, shown "会商明确").

CREATE TABLE agreed_owner_obs (
    upload_id   BIGINT NOT NULL,
    obs_seq     INTEGER NOT NULL,
    item_type   VARCHAR NOT NULL,   -- 'unit' (a named unit) | 'sector' | 'unit_type' (sector_raw) | 'mismatch'
    town        VARCHAR,            -- unit items
    entity_name VARCHAR,            -- unit items, as written in the sheet
    unit_key    VARCHAR,            -- gap_unit_key(entity_name) (migration 002)
    sector      VARCHAR,            -- sector code (sector, unit_type and mismatch items; unit items when given)
    sector_raw  VARCHAR,            -- unit_type items: the type as the ledgers wrote it
    current_department VARCHAR,     -- mismatch items: the department the ledgers named
    department  VARCHAR NOT NULL,   -- the agreed owner
    source_row  INTEGER
);

-- The agreements in force: live uploads only; for the same item a later upload wins.
CREATE VIEW agreed_owners AS
SELECT item_type, town, entity_name, unit_key, sector, sector_raw, current_department, department, upload_id,
       source_row
FROM (
    SELECT o.*, row_number() OVER (
        PARTITION BY o.item_type, coalesce(o.town, ''), coalesce(o.unit_key, ''), coalesce(o.sector, ''),
                     coalesce(o.sector_raw, ''), coalesce(o.current_department, '')
        ORDER BY o.upload_id DESC, o.obs_seq DESC) AS rn
    FROM agreed_owner_obs o
    WHERE o.upload_id IN (SELECT upload_id FROM upload_log WHERE status = 'live')
) WHERE rn = 1;

-- Hazards whose ledgers name no department and that an agreement now gives one: the unit's
-- agreement first, then the unit type's (sector 'other' + sector_raw), then the sector's.
CREATE VIEW hazard_agreed_owner AS
SELECT h.hazard_key, h.town, h.entity_name, h.sector,
       coalesce(u.department, t.department, s.department) AS agreed_department,
       CASE WHEN u.department IS NOT NULL THEN 'unit' WHEN t.department IS NOT NULL THEN 'unit_type'
            ELSE 'sector' END AS agreed_by
FROM gap_hazards h
JOIN hazard_current c USING (hazard_key)
LEFT JOIN agreed_owners u ON u.item_type = 'unit' AND u.town = h.town AND u.unit_key = h.unit_key
LEFT JOIN agreed_owners t ON t.item_type = 'unit_type' AND t.sector = h.sector
                         AND t.sector_raw = coalesce(c.sector_raw, '')
LEFT JOIN agreed_owners s ON s.item_type = 'sector' AND s.sector = h.sector
WHERE coalesce(h.department, '') = ''
  AND coalesce(u.department, t.department, s.department) IS NOT NULL;
