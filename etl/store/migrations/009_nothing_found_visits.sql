-- 009: a hazard ledger's 无隐患 row that names a unit and a date is an inspection visit that
-- found nothing (docs/DATA_CONTRACT.md §1.1). The loader stores such a visit in inspection_obs
-- under the hazard ledger's own upload (so a rollback of the ledger withdraws it); where a visit
-- came from is the kind of its upload: 'inspection' (an inspection log) or 'hazard' (a 无隐患 row
-- of a hazard ledger). No change to inspection_obs: nothing it held changes meaning.
--
-- One visit, counted once. A visit from a hazard ledger gives way to an inspection log's visit
-- of the same unit on the same day — same town, same gap_unit_key(entity_name) (migration 002),
-- same date — unless both name a department and the departments differ (two bodies visiting
-- the same unit on one day are two visits). The log's figures (hazards found, penalty, method,
-- inspectors) are then the visit's, whatever order the files are loaded in. Two rows with the
-- same inspection_key: a log's row wins over a ledger's, then the usual latest report month,
-- then upload, then row.

ALTER TABLE inspection_current ADD COLUMN source_kind VARCHAR;  -- 'inspection' | 'hazard' (the upload's kind)

-- gap_derive_visits(all_rows[, touched := upload_id]): as in 003, plus the rule above. With
-- ``touched``, only the visits of the (town, date) pairs that upload holds — every visit the rule
-- can relate to it — for the loader's incremental rederivation (etl/load.py).
CREATE OR REPLACE MACRO gap_derive_visits(all_rows, touched := NULL) AS TABLE
WITH live AS (
    SELECT u.upload_id, u.kind
    FROM upload_log u, (SELECT 1 FROM derived_fresh WHERE all_rows OR NOT fresh) g
    WHERE u.status = 'live'
),
ranked AS (
    SELECT o.*, l.kind AS source_kind,
           row_number() OVER (PARTITION BY o.inspection_key
                              ORDER BY l.kind = 'hazard', o.report_month DESC, o.upload_id DESC, o.obs_seq DESC) AS rn
    FROM inspection_obs o, (SELECT 1 FROM derived_fresh WHERE all_rows OR NOT fresh) g, live l
    WHERE o.upload_id = l.upload_id
      AND (touched IS NULL
           OR EXISTS (SELECT 1 FROM inspection_obs t
                      WHERE t.upload_id = touched AND t.town = o.town AND t.inspection_date = o.inspection_date))
),
cur AS (
    SELECT inspection_key, inspection_date, town, sector, sector_raw, department, entity_name,
           inspection_method, inspectors, hazards_found, major_hazards_found, penalty_yuan,
           report_month, upload_id, source_file, source_sheet, source_row,
           gap_unit_key(entity_name) AS unit_key,
           gap_who_level(inspection_method, department, town) AS who_level,
           source_kind
    FROM ranked WHERE rn = 1
)
SELECT c.* FROM cur c
ANTI JOIN cur l
       ON c.source_kind = 'hazard' AND l.source_kind = 'inspection'
      AND l.town = c.town AND l.inspection_date = c.inspection_date AND l.unit_key = c.unit_key
      AND (coalesce(c.department, '') = '' OR coalesce(l.department, '') = ''
           OR gap_unit_key(c.department) = gap_unit_key(l.department));

CREATE OR REPLACE VIEW gap_visits AS
SELECT c.* FROM inspection_current c, (SELECT 1 FROM derived_fresh WHERE fresh) g
UNION ALL
SELECT * FROM gap_derive_visits(FALSE);

-- Contract view (DATA_CONTRACT §2): the 001 columns, then source_kind.
CREATE OR REPLACE VIEW inspections AS
SELECT inspection_key, inspection_date, town, sector, department, entity_name,
       inspection_method, inspectors, hazards_found, major_hazards_found,
       penalty_yuan, upload_id, source_kind
FROM gap_visits;

-- Backfill: every visit so far came from an inspection log.
DELETE FROM inspection_current;
INSERT INTO inspection_current SELECT * FROM gap_derive_visits(TRUE);
