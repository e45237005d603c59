-- Rectified but not yet verified (nor failed), by days since the rectification as of $as_of.
-- Rows: bucket ('0-15' | '16-30' | '31-60' | '61-90' | '90+'), bucket_order (1..5), level,
--   unverified. Every bucket x both levels is returned (zeros included).
-- Params: the common hazard filters.
WITH b(bucket, bucket_order, lo, hi) AS (
    VALUES ('0-15', 1, -1000000, 15), ('16-30', 2, 16, 30), ('31-60', 3, 31, 60), ('61-90', 4, 61, 90),
           ('90+', 5, 91, 1000000)
), lv(level) AS (VALUES ('general'), ('major')),
u AS (SELECT level, days_unverified FROM ({{closure_scope}}) c WHERE days_unverified IS NOT NULL)
SELECT b.bucket, b.bucket_order, lv.level, count(u.days_unverified) AS unverified
FROM b CROSS JOIN lv
LEFT JOIN u ON u.level = lv.level AND u.days_unverified BETWEEN b.lo AND b.hi
GROUP BY ALL
ORDER BY b.bucket_order, lv.level
