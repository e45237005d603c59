-- 011: the visit derivation of migration 009, same rows, cheaper to compute. 009's macro ranked
-- every live visit before setting a ledger's visits against the logs' (a second pass over the
-- current rows for every derivation, even without a single ledger visit), and its ``touched``
-- filter (an OR around a correlated EXISTS) scanned every visit. Here the ledger's visits that a
-- log's visit stands for are found first, on the few days that have ledger visits (so the unit
-- key is computed only for the log visits of those days), and removed before the ranking; and
-- ``touched`` selects the visits of its (town, date) pairs by a semi join. Measured by
-- bench/bench_visits.py. The rule itself is 009's:
--
-- One visit, counted once. A visit from a hazard ledger gives way to an inspection log's visit
-- of the same unit on the same day — same town, same gap_unit_key(entity_name) (migration 002),
-- same date — unless both name a department and the departments differ. Rows with the same
-- inspection_key: the latest report month, then upload, then row (a ledger's row never meets a
-- log's row of its key here: the same key means the same town, date, unit and department, so the
-- rule above has removed it already).
--
-- No table changes: inspection_current already holds these rows (the derived tables and the
-- views read the macro by name).

CREATE OR REPLACE MACRO gap_derive_visits(all_rows, touched := NULL) AS TABLE
WITH live AS (
    SELECT u.upload_id, u.kind
    FROM upload_log u, (SELECT 1 FROM derived_fresh WHERE all_rows OR NOT fresh) g
    WHERE u.status = 'live'
),
obs AS (  -- every live visit, or with ``touched`` those of the (town, date) pairs that upload holds
    SELECT o.*, l.kind AS source_kind
    FROM inspection_obs o, (SELECT 1 FROM derived_fresh WHERE all_rows OR NOT fresh) g, live l
    WHERE o.upload_id = l.upload_id AND touched IS NULL
    UNION ALL
    SELECT o.*, l.kind AS source_kind
    FROM inspection_obs o
    SEMI JOIN (SELECT DISTINCT town, inspection_date FROM inspection_obs WHERE upload_id = touched) t
           ON t.town = o.town AND t.inspection_date = o.inspection_date,
         (SELECT 1 FROM derived_fresh WHERE all_rows OR NOT fresh) g, live l
    WHERE o.upload_id = l.upload_id AND touched IS NOT NULL
),
-- (ledger and logged read the tables, not obs, so that obs stays one pass over inspection_obs)
ledger AS (
    SELECT o.upload_id, o.obs_seq, o.town, o.inspection_date, gap_unit_key(o.entity_name) AS unit_key, o.department
    FROM inspection_obs o JOIN live l ON l.upload_id = o.upload_id AND l.kind = 'hazard'
),
-- the ledger's visits an inspection log's visit stands for (matched on town and day first, so
-- only the log visits of those days have their unit key computed)
logged AS (
    SELECT DISTINCT d.upload_id, d.obs_seq
    FROM ledger d
    JOIN inspection_obs x ON x.town = d.town AND x.inspection_date = d.inspection_date
    JOIN live l ON l.upload_id = x.upload_id AND l.kind = 'inspection'
    WHERE gap_unit_key(x.entity_name) = d.unit_key
      AND (coalesce(d.department, '') = '' OR coalesce(x.department, '') = ''
           OR gap_unit_key(d.department) = gap_unit_key(x.department))
),
ranked AS (
    SELECT o.*, row_number() OVER (PARTITION BY o.inspection_key
                                   ORDER BY o.report_month DESC, o.upload_id DESC, o.obs_seq DESC) AS rn
    FROM obs o ANTI JOIN logged g ON g.upload_id = o.upload_id AND g.obs_seq = o.obs_seq
)
SELECT inspection_key, inspection_date, town, sector, sector_raw, department, entity_name,
       inspection_method, inspectors, hazards_found, major_hazards_found, penalty_yuan,
       report_month, upload_id, source_file, source_sheet, source_row,
       gap_unit_key(entity_name) AS unit_key,
       gap_who_level(inspection_method, department, town) AS who_level,
       source_kind
FROM ranked WHERE rn = 1;
