-- 验收销号率 by one dimension. $dim: 'town' | 'sector' | 'department'.
-- Rows: key (town, sector code, or department; '' = none named), rectified, verified,
--   verify_rate (verified ÷ rectified; NULL when none rectified), major_rectified, major_verified,
--   major_verify_rate, failed, unverified, unverified_over ($unverified_days days or more past
--   the rectification, not yet checked). Only keys with a rectified hazard; most rectified first.
-- Params: $dim, $unverified_days plus the common hazard filters.
SELECT
    CASE $dim WHEN 'town' THEN town WHEN 'sector' THEN sector WHEN 'department' THEN department END AS key,
    count(*) AS rectified,
    count(*) FILTER (WHERE is_verified) AS verified,
    count(*) FILTER (WHERE is_verified) / count(*) AS verify_rate,
    count(*) FILTER (WHERE level = 'major') AS major_rectified,
    count(*) FILTER (WHERE level = 'major' AND is_verified) AS major_verified,
    count(*) FILTER (WHERE level = 'major' AND is_verified)
        / nullif(count(*) FILTER (WHERE level = 'major'), 0) AS major_verify_rate,
    count(*) FILTER (WHERE is_failed) AS failed,
    count(*) FILTER (WHERE days_unverified IS NOT NULL) AS unverified,
    count(*) FILTER (WHERE days_unverified > $unverified_days) AS unverified_over
FROM ({{closure_scope}}) c
WHERE is_rect
GROUP BY 1
ORDER BY rectified DESC, key
