-- Overdue hazards (open, deadline < $as_of) by days overdue and level.
-- Rows: bucket ('1-7' | '8-30' | '31-90' | '90+'), bucket_order (1..4), level, overdue.
-- All four buckets x both levels are returned (zeros included).
-- Params: common hazard filters.
WITH b(bucket, bucket_order, lo, hi) AS (
    VALUES ('1-7', 1, 1, 7), ('8-30', 2, 8, 30), ('31-90', 3, 31, 90), ('90+', 4, 91, 1000000)
), lv(level) AS (VALUES ('general'), ('major')),
o AS (SELECT level, days_overdue FROM ({{hazard_scope}}) s WHERE is_overdue)
SELECT b.bucket, b.bucket_order, lv.level, count(o.days_overdue) AS overdue
FROM b CROSS JOIN lv
LEFT JOIN o ON o.level = lv.level AND o.days_overdue BETWEEN b.lo AND b.hi
GROUP BY ALL
ORDER BY b.bucket_order, lv.level
