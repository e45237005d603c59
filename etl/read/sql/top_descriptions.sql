-- The most frequent hazard descriptions (after trimming spaces) in scope.
-- Rows: sector (code), description, found, major; the top $limit per sector by count.
-- Params: $limit (INTEGER) plus the common hazard filters.
WITH raw AS (
    -- group the raw text first, normalise the (few) distinct strings, then regroup
    SELECT sector, description, count(*) AS n, count(*) FILTER (WHERE level = 'major') AS m
    FROM ({{hazard_scope}}) s
    WHERE description IS NOT NULL AND trim(description) <> ''
    GROUP BY 1, 2
), norm AS (
    SELECT sector, trim(regexp_replace(description, '\s+', ' ', 'g')) AS description, sum(n) AS found, sum(m) AS major
    FROM raw GROUP BY 1, 2
)
SELECT sector, description, found, major FROM (
    SELECT *, row_number() OVER (PARTITION BY sector ORDER BY found DESC, description) AS rn FROM norm
) WHERE rn <= $limit
ORDER BY sector, found DESC, description
