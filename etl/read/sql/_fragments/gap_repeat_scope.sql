-- Fragment (not a query): the hazards with a unit found in the window (and up to $as_of), under
-- the town, sector, department and level filters, marked when they repeat. Included as
-- {{gap_repeat_scope}}.
-- Repeat rule (整改不到位): a hazard is a repeat when the same unit (town + gap_unit_key) had an
-- earlier hazard of the same kind (gap_kind_key(description): the description without white
-- space/punctuation, lower-cased) that was reported rectified on or before this one's found date
-- and this one was found within 12 months of that rectification (of the earlier found date
-- when the rectified date is unknown). Only the immediately preceding occurrence is compared:
-- the previous hazard, by found date then hazard_key, of the same town/unit/kind among every
-- hazard with a unit and a description under the same filters (not the window: an earlier
-- occurrence may lie before it; $as_of and the window's end never remove a predecessor).
-- How (view gap_hazards, migration 003, precomputes the keys; kind_group is one integer per
-- town + unit_key + kind_key):
--   no sector, department or level filter: the previous hazard is precomputed (prev_*; a town
--     filter removes whole groups, so it cannot change it);
--   otherwise: a lag over the filtered hazards in the window plus, per group, only the last one
--     before the window starts (the only earlier one that can be a predecessor).
-- Columns: hazard_key, town, sector, department, entity_name, unit_key, kind_key, kind_group,
--   description, level, found_date, status, rectified_date, prev_found, prev_rectified,
--   prev_status, is_repeat.
-- Params: $start_month, $end_month, $as_of, $towns, $sectors, $departments, $level.
WITH scope AS (
    SELECT h.hazard_key, h.town, h.sector, owner_of(h.department, h.agreed_department) AS department, h.entity_name,
           h.unit_key, h.kind_key, h.kind_group, h.description, h.level, h.found_date, h.status,
           h.rectified_date, h.prev_found, h.prev_rectified, h.prev_status
    FROM gap_hazards h
    WHERE h.found_date <= $as_of
      AND ($end_month IS NULL OR h.found_date < CAST($end_month AS DATE) + INTERVAL 1 MONTH)
      AND coalesce(h.entity_name, '') <> '' AND coalesce(h.description, '') <> ''
      AND in_selection($towns, h.town)
      AND in_selection($sectors, h.sector)
      AND in_selection($departments, owner_of(h.department, h.agreed_department))
      AND ($level IS NULL OR h.level = $level)
),
-- the filtered case: the rows to lag (empty, and not scanned, when no such filter is set)
base AS (
    SELECT s.* EXCLUDE (prev_found, prev_rectified, prev_status)
    FROM scope s, (SELECT 1 WHERE NOT ($sectors IS NULL AND $departments IS NULL AND $level IS NULL)) g
),
-- per group, the last hazard before the window (by found date, then hazard_key)
before_start AS (
    SELECT arg_max(hazard_key, (found_date, hazard_key)) AS hazard_key
    FROM base
    WHERE found_date < $start_month
    GROUP BY kind_group
),
-- the lag over narrow rows (a window sorts every column it carries); the rest joins back after
lagged AS (
    SELECT x.hazard_key, x.in_window,
           lag(x.found_date) OVER w AS prev_found,
           lag(x.rectified_date) OVER w AS prev_rectified,
           lag(x.status) OVER w AS prev_status
    FROM (
        SELECT b.hazard_key, b.kind_group, b.found_date, b.rectified_date, b.status, TRUE AS in_window FROM base b
        WHERE $start_month IS NULL OR b.found_date >= $start_month
        UNION ALL
        SELECT b.hazard_key, b.kind_group, b.found_date, b.rectified_date, b.status, FALSE FROM base b
        SEMI JOIN before_start s USING (hazard_key)
        WHERE b.found_date < $start_month
    ) x
    WINDOW w AS (PARTITION BY x.kind_group ORDER BY x.found_date, x.hazard_key)
),
with_prev AS (
    SELECT b.*, l.prev_found, l.prev_rectified, l.prev_status
    FROM base b JOIN lagged l USING (hazard_key)
    WHERE l.in_window AND ($start_month IS NULL OR b.found_date >= $start_month)
    UNION ALL
    SELECT s.* FROM scope s, (SELECT 1 WHERE $sectors IS NULL AND $departments IS NULL AND $level IS NULL) g
    WHERE $start_month IS NULL OR s.found_date >= $start_month
)
SELECT *, repeats_rectified(prev_status, prev_rectified, prev_found, found_date) AS is_repeat
FROM with_prev
