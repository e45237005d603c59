-- Distribution of time to rectify (rectified_date - found_date, days) for hazards rectified by $as_of.
-- Rows: bucket ('0-7' | '8-15' | '16-30' | '31-60' | '61-90' | '90+'), bucket_order, level, rectified.
-- All buckets x both levels are returned (zeros included).
-- Params: common hazard filters.
WITH b(bucket, bucket_order, lo, hi) AS (
    VALUES ('0-7', 1, -1000000, 7), ('8-15', 2, 8, 15), ('16-30', 3, 16, 30),
           ('31-60', 4, 31, 60), ('61-90', 5, 61, 90), ('90+', 6, 91, 1000000)
), lv(level) AS (VALUES ('general'), ('major')),
r AS (SELECT level, days_to_rect FROM ({{hazard_scope}}) s WHERE days_to_rect IS NOT NULL)
SELECT b.bucket, b.bucket_order, lv.level, count(r.days_to_rect) AS rectified
FROM b CROSS JOIN lv
LEFT JOIN r ON r.level = lv.level AND r.days_to_rect BETWEEN b.lo AND b.hi
GROUP BY ALL
ORDER BY b.bucket_order, lv.level
