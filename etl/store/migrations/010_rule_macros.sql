-- The business rules every read query shares, written once as macros in the warehouse: the named
-- queries (etl/read/sql/) call them, and so can an analyst's own SQL on the read-only snapshot, e.g.
--   SELECT town, count(*) FILTER (WHERE rectified_as_of(status, rectified_date, report_month, DATE '2025-06-30'))
--   FROM hazards GROUP BY town
-- A macro is expanded where it is called, so a query runs exactly as if the rule were written
-- out there. To change a rule, add a migration with CREATE OR REPLACE MACRO (never edit this one).

-- The optional list filters of every page (towns, sectors, departments): TRUE when nothing is
-- chosen (the list is NULL: no filter) or the list holds the value. Department '' stands for
-- "no department named": pass coalesce(department, '') as the value.
CREATE MACRO in_selection(selection, value) AS
    (selection IS NULL OR list_contains(CAST(selection AS VARCHAR[]), value));

-- The period filter: a date within the months from start_month to the end of end_month (both
-- DATE, first day of month; NULL = open at that end).
CREATE MACRO in_months(d, start_month, end_month) AS
    ((start_month IS NULL OR d >= start_month)
     AND (end_month IS NULL OR d < CAST(end_month AS DATE) + INTERVAL 1 MONTH));

-- The day a hazard counts as rectified: its rectified date, or, when the ledger gave none, the
-- last day of the month whose ledger reported it rectified.
CREATE MACRO rectified_day(rectified_date, report_month) AS
    coalesce(rectified_date, last_day(report_month));

-- "Rectified as of": the current row says rectified and its rectified day is on or before as_of.
-- Any other hazard found by as_of is open as of that day.
CREATE MACRO rectified_as_of(status, rectified_date, report_month, as_of) AS
    (status = 'rectified' AND rectified_day(rectified_date, report_month) <= as_of);

-- Overdue as of: not rectified as of that day and past its deadline (a hazard with no deadline is
-- never overdue). is_rect is rectified_as_of(...) for the same day.
CREATE MACRO overdue_as_of(is_rect, deadline, as_of) AS
    (NOT is_rect AND deadline < as_of);

-- The day of a hazard's check (复查/验收): its verified date, else its rectified day.
CREATE MACRO check_day(verified_date, rectified_date, report_month) AS
    coalesce(verified_date, rectified_day(rectified_date, report_month));

-- Accepted (验收通过) as of: the check passed — result 'passed', or a verified date with no result —
-- and its day is on or before as_of. Rectification is not part of it: callers add
-- rectified_as_of. NULL when the ledger says nothing of a check (wrap in coalesce(…, FALSE)).
CREATE MACRO accepted_as_of(verification_result, verified_date, rectified_date, report_month, as_of) AS
    ((verification_result = 'passed' OR (verified_date IS NOT NULL AND verification_result IS NULL))
     AND check_day(verified_date, rectified_date, report_month) <= as_of);

-- Check failed as of: the latest check, on or before as_of, failed.
CREATE MACRO failed_as_of(verification_result, verified_date, rectified_date, report_month, as_of) AS
    (verification_result = 'failed' AND check_day(verified_date, rectified_date, report_month) <= as_of);

-- Repeat hazard (整改不到位): the previous hazard of the same unit and kind (see gap_hazards'
-- prev_* columns) was reported rectified on or before this one's found date, and this one was
-- found within 12 months of that rectification (of the previous found date when the rectified
-- date is unknown).
CREATE MACRO repeats_rectified(prev_status, prev_rectified, prev_found, found_date) AS
    (prev_status = 'rectified'
     AND coalesce(prev_rectified, prev_found) <= found_date
     AND found_date <= coalesce(prev_rectified, prev_found) + INTERVAL 12 MONTH);
