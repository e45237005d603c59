-- Hazards rectified during the meeting month (since the last monthly meeting): current status
-- 'rectified' with a rectified date (or, if none was given, the last day of the month that
-- reported it) within [$end_month, $as_of]. Found in any earlier month; the common town /
-- sector / department / level filters apply, the period filter does not.
-- Rows, one per town: town, rectified, major_rectified, late (rectified after the deadline).
-- Params: $end_month, $as_of, $towns, $sectors, $departments, $level.
SELECT h.town,
       count(*) AS rectified,
       count(*) FILTER (WHERE h.level = 'major') AS major_rectified,
       count(*) FILTER (WHERE h.deadline IS NOT NULL AND h.rectified_date > h.deadline) AS late
FROM hazards h
WHERE rectified_as_of(h.status, h.rectified_date, h.report_month, $as_of)
  AND rectified_day(h.rectified_date, h.report_month) >= $end_month
  AND h.found_date <= $as_of
  AND in_selection($towns, h.town)
  AND in_selection($sectors, h.sector)
  AND in_selection($departments, owner_of(h.department, h.agreed_department))
  AND ($level IS NULL OR h.level = $level)
GROUP BY h.town
ORDER BY rectified DESC, h.town
