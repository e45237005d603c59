-- Fragment (not a query): every hazard with a unit, found up to $as_of, under the town,
-- sector, department and level filters (not the window: an earlier occurrence may lie before
-- it), marked when it repeats. Included as {{gap_repeat_scope}}.
-- Repeat rule (整改不到位): a hazard is a repeat when the same unit (town + gap_unit_key) had an
-- earlier hazard of the same kind (gap_kind_key(description): the description without white
-- space/punctuation, lower-cased) that was reported rectified on or before this one's found date
-- and this one was found within 12 months of that rectification (of the earlier found date
-- when the rectified date is unknown). Only the immediately preceding occurrence is compared.
-- Columns: hazard_key, town, sector, department, entity_name, unit_key, description, level,
--   found_date, status, rectified_date, prev_found, prev_rectified, is_repeat.
-- Params: $as_of, $towns, $sectors, $departments, $level.
SELECT *,
       (prev_status = 'rectified'
        AND coalesce(prev_rectified, prev_found) <= found_date
        AND found_date <= coalesce(prev_rectified, prev_found) + INTERVAL 12 MONTH) AS is_repeat
FROM (
    SELECT h.hazard_key, h.town, h.sector, coalesce(h.department, '') AS department, h.entity_name,
           gap_unit_key(h.entity_name) AS unit_key, h.description, h.level, h.found_date, h.status,
           h.rectified_date,
           lag(h.found_date) OVER w AS prev_found,
           lag(h.rectified_date) OVER w AS prev_rectified,
           lag(h.status) OVER w AS prev_status
    FROM hazards h
    WHERE h.found_date <= $as_of
      AND coalesce(h.entity_name, '') <> '' AND coalesce(h.description, '') <> ''
      AND ($towns IS NULL OR list_contains(CAST($towns AS VARCHAR[]), h.town))
      AND ($sectors IS NULL OR list_contains(CAST($sectors AS VARCHAR[]), h.sector))
      AND ($departments IS NULL OR list_contains(CAST($departments AS VARCHAR[]), coalesce(h.department, '')))
      AND ($level IS NULL OR h.level = $level)
    WINDOW w AS (PARTITION BY h.town, gap_unit_key(h.entity_name), gap_kind_key(h.description)
                 ORDER BY h.found_date, h.hazard_key)
) x
