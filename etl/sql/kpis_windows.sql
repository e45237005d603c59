-- kpis_windows: the kpis row for three windows of the same view in ONE scan of hazards — the
-- view itself ('now'), one month earlier ('prev') and twelve months earlier ('yoy'), as the
-- overview compares them. Same columns as kpis, plus win; one row per window that has hazards
-- (a window with none is absent: the page treats it as "no comparison").
-- Params: the common filters ($towns, $sectors, $departments, $level) and per window
-- $start_month/$end_month/$as_of, $prev_start/$prev_end/$prev_as_of, $yoy_start/$yoy_end/$yoy_as_of
-- (months are first days; NULL start/end = open).
-- Scope and status rules are those of the hazard_scope fragment, with each window's own as-of.
WITH w(win, w_start, w_end, w_as_of) AS (
    SELECT 'now', CAST($start_month AS DATE), CAST($end_month AS DATE), CAST($as_of AS DATE)
    UNION ALL SELECT 'prev', CAST($prev_start AS DATE), CAST($prev_end AS DATE), CAST($prev_as_of AS DATE)
    UNION ALL SELECT 'yoy', CAST($yoy_start AS DATE), CAST($yoy_end AS DATE), CAST($yoy_as_of AS DATE)
),
f AS (
    SELECT h.level, h.found_date, h.deadline, h.rectified_date, h.report_month, h.status
    FROM hazards h
    WHERE h.found_date <= (SELECT max(w_as_of) FROM w)
      AND h.found_date >= coalesce((SELECT min(w_start) FROM w), DATE '0001-01-01')
      AND ($towns IS NULL OR list_contains(CAST($towns AS VARCHAR[]), h.town))
      AND ($sectors IS NULL OR list_contains(CAST($sectors AS VARCHAR[]), h.sector))
      AND ($departments IS NULL OR list_contains(CAST($departments AS VARCHAR[]), coalesce(h.department, '')))
      AND ($level IS NULL OR h.level = $level)
),
s AS (
    SELECT
        w.win, w.w_end, f.level, f.found_date,
        (f.status = 'rectified' AND coalesce(f.rectified_date, last_day(f.report_month)) <= w.w_as_of) AS is_rect,
        (NOT is_rect AND f.deadline < w.w_as_of) AS is_overdue,
        (f.deadline <= w.w_as_of) AS ontime_due,
        (is_rect AND ontime_due AND f.rectified_date <= f.deadline) AS is_ontime,
        CASE WHEN is_rect AND f.rectified_date IS NOT NULL
             THEN date_diff('day', f.found_date, f.rectified_date) END AS days_to_rect
    FROM f JOIN w
      ON (w.w_start IS NULL OR f.found_date >= w.w_start)
     AND (w.w_end IS NULL OR f.found_date < w.w_end + INTERVAL 1 MONTH)
     AND f.found_date <= w.w_as_of
)
SELECT
    win,
    count(*) FILTER (WHERE date_trunc('month', found_date) = w_end) AS found_in_month,
    count(*) FILTER (WHERE date_trunc('month', found_date) = w_end AND level = 'major') AS major_in_month,
    {{rate_columns}}
FROM s
GROUP BY win, w_end
