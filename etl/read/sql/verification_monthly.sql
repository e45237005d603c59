-- 验收销号率 over time: hazards in scope by the month they were reported rectified (rect_day),
-- in towns that record 验收 (closure_scope's is_checkable), and how many of them are verified
-- as of $as_of.
-- Rows: month (DATE, first day), rectified, verified, verify_rate, major_rectified,
--   major_verified, major_verify_rate. Months with no such rectification are absent.
-- Params: the common hazard filters.
SELECT date_trunc('month', rect_day) AS month,
       count(*) AS rectified,
       count(*) FILTER (WHERE is_verified) AS verified,
       count(*) FILTER (WHERE is_verified) / count(*) AS verify_rate,
       count(*) FILTER (WHERE level = 'major') AS major_rectified,
       count(*) FILTER (WHERE level = 'major' AND is_verified) AS major_verified,
       count(*) FILTER (WHERE level = 'major' AND is_verified)
           / nullif(count(*) FILTER (WHERE level = 'major'), 0) AS major_verify_rate
FROM ({{closure_scope}}) c
WHERE is_checkable
GROUP BY 1
ORDER BY 1
