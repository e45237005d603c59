-- 会议交办事项 with their status as of $as_of: the latest version of each assignment made at a
-- meeting on or before $as_of (and before $meeting_before when given: "the last meeting's").
-- Status (computed, never stored; first rule that holds):
--   'withdrawn'   a hazard item whose hazard is no longer in `hazards` (its upload was rolled
--                 back) — shown as 来源已撤回 and kept in the list;
--   'done'        hazard item: reported rectified by $as_of, and for a major also verified
--                 (closure_scope's rule: result 'passed', or a verified date with no result, on
--                 or before $as_of); figure item: the assignee's figure as of $as_of is at or
--                 below the target — for missed_reports only once the due date has come (the
--                 figure can only grow until then); free item: closed by an analyst;
--   'overdue'     not done and the due date is before $as_of;
--   'in_progress' otherwise.
-- Figures of a town (or department: '' never matches) over every hazard found by $as_of:
--   overdue_major (open majors past deadline), overdue (open past deadline), open_major,
--   unverified_major (majors rectified but not verified).
-- missed_reports (漏报月数): of the months from the meeting's month to the last month ended by
--   the earlier of $as_of and the due date (a month is due once it has ended, as gap_reporting),
--   those the assignee did not report: a town, its hazard ledger; a department, an inspection
--   log naming it (_fragments/town_reports.sql). months_due / missed_months say which.
-- Rows: assignment_id, version, versions (how many), concurrent (the latest version was made
--   without seeing the one before it), meeting_date, kind, title, assignee_kind, assignee,
--   due_date, hazard_key, figure, target, figure_value, months_due (missed_reports: months counted,
--   else NULL), missed_months (missed_reports: DATE[] of the months not reported, else NULL),
--   closed, note, changed_by, changed_at,
--   hazard_town, hazard_entity, hazard_description, hazard_level, status.
--   Ordered by meeting date, then assignment id.
-- Params: $as_of (DATE), $meeting_before (DATE or NULL).
WITH a AS (
    SELECT s.*, n.versions
    FROM assignments s
    JOIN (SELECT assignment_id, count(*) AS versions FROM assignment_versions GROUP BY 1) n USING (assignment_id)
    WHERE s.meeting_date <= $as_of AND ($meeting_before IS NULL OR s.meeting_date < $meeting_before)
),
hz AS (
    -- the assigned hazards, with done as of $as_of
    SELECT h.hazard_key, h.town, h.entity_name, h.description, h.level,
           coalesce(rectified_as_of(h.status, h.rectified_date, h.report_month, $as_of)
                    AND (h.level <> 'major'
                         OR accepted_as_of(h.verification_result, h.verified_date, h.rectified_date, h.report_month,
                                           $as_of)),
                    FALSE) AS done
    FROM hazards h SEMI JOIN a ON a.kind = 'hazard' AND a.hazard_key = h.hazard_key
),
fa AS (SELECT * FROM a WHERE kind = 'figure'),
fh AS (
    -- hazards of each figure item's assignee, flags as of $as_of
    SELECT fa.assignment_id, h.level, h.deadline, h.verified_date, h.verification_result, h.rectified_date,
           h.report_month,
           rectified_as_of(h.status, h.rectified_date, h.report_month, $as_of) AS is_rect
    FROM fa JOIN hazards h ON fa.assignee_kind = 'town' AND h.town = fa.assignee
    WHERE h.found_date <= $as_of AND fa.figure <> 'missed_reports'
    UNION ALL
    SELECT fa.assignment_id, h.level, h.deadline, h.verified_date, h.verification_result, h.rectified_date,
           h.report_month,
           rectified_as_of(h.status, h.rectified_date, h.report_month, $as_of) AS is_rect
    FROM fa JOIN hazards h ON fa.assignee_kind = 'department' AND h.owner_department = fa.assignee
    WHERE h.found_date <= $as_of AND fa.figure <> 'missed_reports'
),
fv AS (
    SELECT fa.assignment_id,
           CASE fa.figure
               WHEN 'overdue_major' THEN count(fh.level) FILTER (WHERE overdue_as_of(fh.is_rect, fh.deadline, $as_of)
                                                                  AND fh.level = 'major')
               WHEN 'overdue' THEN count(fh.level) FILTER (WHERE overdue_as_of(fh.is_rect, fh.deadline, $as_of))
               WHEN 'open_major' THEN count(fh.level) FILTER (WHERE NOT fh.is_rect AND fh.level = 'major')
               WHEN 'unverified_major' THEN count(fh.level) FILTER (
                   WHERE fh.is_rect AND fh.level = 'major'
                     AND NOT coalesce(accepted_as_of(fh.verification_result, fh.verified_date, fh.rectified_date,
                                                     fh.report_month, $as_of), FALSE))
           END AS figure_value
    FROM fa LEFT JOIN fh USING (assignment_id)
    GROUP BY fa.assignment_id, fa.figure
),
{{town_reports}},
rm AS (
    -- missed_reports: one row per month counted
    SELECT assignment_id, assignee_kind, assignee,
           CAST(unnest(generate_series(
               CAST(date_trunc('month', meeting_date) AS TIMESTAMP),
               CAST(date_trunc('month', least(CAST($as_of AS DATE), due_date) + INTERVAL 1 DAY) - INTERVAL 1 MONTH
                    AS TIMESTAMP),
               INTERVAL 1 MONTH)) AS DATE) AS month
    FROM fa WHERE figure = 'missed_reports'
),
rv AS (
    SELECT fa.assignment_id, count(r.month) AS months_due,
           coalesce(list(r.month ORDER BY r.month) FILTER (WHERE NOT r.reported), []) AS missed_months
    FROM fa
    LEFT JOIN (
        SELECT rm.assignment_id, rm.month,
               CASE rm.assignee_kind
                   WHEN 'town' THEN EXISTS (SELECT 1 FROM town_uploads u WHERE u.town = rm.assignee
                                            AND u.kind = 'hazard' AND u.report_month = rm.month)
                   ELSE EXISTS (SELECT 1 FROM dept_uploads u WHERE u.department = rm.assignee
                                AND u.report_month = rm.month)
               END AS reported
        FROM rm
    ) r USING (assignment_id)
    WHERE fa.figure = 'missed_reports'
    GROUP BY fa.assignment_id
),
fig AS (
    SELECT assignment_id, figure_value, CAST(NULL AS BIGINT) AS months_due, CAST(NULL AS DATE[]) AS missed_months
    FROM fv
    WHERE assignment_id NOT IN (SELECT assignment_id FROM rv)
    UNION ALL
    SELECT assignment_id, len(missed_months), months_due, missed_months FROM rv
)
SELECT a.assignment_id, a.version, a.versions,
       (a.based_on IS NOT NULL AND a.based_on < a.version - 1) AS concurrent,
       a.meeting_date, a.kind, a.title, a.assignee_kind, a.assignee, a.due_date, a.hazard_key, a.figure, a.target,
       fig.figure_value, fig.months_due, fig.missed_months, a.closed, a.note, a.changed_by, a.changed_at,
       hz.town AS hazard_town, hz.entity_name AS hazard_entity, hz.description AS hazard_description,
       hz.level AS hazard_level,
       CASE
           WHEN a.kind = 'hazard' AND hz.hazard_key IS NULL THEN 'withdrawn'
           WHEN (a.kind = 'hazard' AND hz.done)
             OR (a.kind = 'figure' AND fig.figure_value <= a.target
                 AND (a.figure <> 'missed_reports' OR a.due_date <= $as_of))
             OR (a.kind = 'free' AND a.closed) THEN 'done'
           WHEN a.due_date < $as_of THEN 'overdue'
           ELSE 'in_progress'
       END AS status
FROM a
LEFT JOIN hz ON a.kind = 'hazard' AND hz.hazard_key = a.hazard_key
LEFT JOIN fig USING (assignment_id)
ORDER BY a.meeting_date, a.assignment_id
