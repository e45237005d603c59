-- 017: hazards reported rectified and then listed open again, stored, so that the 督办与销号
-- page's "reopened" paper closure (paper_closure_flags) reads a table of a few rows instead of
-- joining every rectified observation to its hazard's current row (on the 1M-hazard bench,
-- paper_closure_counts went from about 500 to 350 ms of CPU).
--
-- hazard_reopen: one row per hazard that has a live observation saying rectified in a month
-- before its current row's month (first_rect: the first such month) and live observations saying
-- open in later months (open_after: those months, ascending). For an as-of date, a hazard was
-- reopened when first_rect <= as-of and some month of open_after is too; the last such month is
-- the one the page shows. (The first rectified month up to an as-of date is first_rect whenever
-- that is on or before it; no other hazard can have been reopened by then.)
-- A derived table like those of 003: kept by etl/store/load.py inside every load and rollback
-- (the hazards the upload touches), rebuilt whole when stale, compared by the maintenance check
-- with gap_derive_reopen(TRUE); readers use the view gap_reopen.

CREATE TABLE hazard_reopen (
    hazard_key  VARCHAR NOT NULL,
    first_rect  DATE NOT NULL,
    open_after  DATE[] NOT NULL
);

CREATE MACRO gap_derive_reopen(all_rows) AS TABLE
WITH o AS (
    SELECT o.hazard_key, o.report_month, o.status
    FROM hazard_obs o, (SELECT 1 FROM derived_fresh WHERE all_rows OR NOT fresh) g
    WHERE o.status IN ('rectified', 'open')
      AND o.upload_id IN (SELECT upload_id FROM upload_log WHERE status = 'live')
),
f AS (
    SELECT o.hazard_key, min(o.report_month) AS first_rect
    FROM o JOIN hazard_current h USING (hazard_key)
    WHERE o.status = 'rectified' AND o.report_month < h.report_month
    GROUP BY o.hazard_key
)
SELECT f.hazard_key, f.first_rect, list_sort(list_distinct(list(o.report_month))) AS open_after
FROM f JOIN o ON o.hazard_key = f.hazard_key AND o.status = 'open' AND o.report_month > f.first_rect
GROUP BY f.hazard_key, f.first_rect;

CREATE VIEW gap_reopen AS
SELECT r.* FROM hazard_reopen r, (SELECT 1 FROM derived_fresh WHERE fresh) g
UNION ALL
SELECT * FROM gap_derive_reopen(FALSE);

INSERT INTO hazard_reopen SELECT * FROM gap_derive_reopen(TRUE);
