-- 验收销号率 by one dimension. $dim: 'town' | 'sector' | 'department'.
-- Rows: key (town, sector code, or department; '' = none named), rectified, checkable (in towns
--   that record 验收, closure_scope), verified, verify_rate (verified ÷ checkable; NULL when none
--   checkable: no figure, never 0 %), major_rectified, major_checkable, major_verified,
--   major_verify_rate, failed, unverified, unverified_over (more than $unverified_days days past
--   the rectification, not yet checked). Only keys with a rectified hazard; most rectified first.
-- Params: $dim, $unverified_days plus the common hazard filters.
SELECT
    {{hazard_dim_key}} AS key,
    count(*) AS rectified,
    count(*) FILTER (WHERE is_checkable) AS checkable,
    count(*) FILTER (WHERE is_verified) AS verified,
    count(*) FILTER (WHERE is_verified) / nullif(count(*) FILTER (WHERE is_checkable), 0) AS verify_rate,
    count(*) FILTER (WHERE level = 'major') AS major_rectified,
    count(*) FILTER (WHERE level = 'major' AND is_checkable) AS major_checkable,
    count(*) FILTER (WHERE level = 'major' AND is_verified) AS major_verified,
    count(*) FILTER (WHERE level = 'major' AND is_verified)
        / nullif(count(*) FILTER (WHERE level = 'major' AND is_checkable), 0) AS major_verify_rate,
    count(*) FILTER (WHERE is_failed) AS failed,
    count(*) FILTER (WHERE days_unverified IS NOT NULL) AS unverified,
    count(*) FILTER (WHERE days_unverified > $unverified_days) AS unverified_over
FROM ({{closure_scope}}) c
WHERE is_rect
GROUP BY 1
ORDER BY rectified DESC, key
