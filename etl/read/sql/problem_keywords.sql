-- Problem categories: how many hazard descriptions in scope mention each keyword group.
-- A fixed lexicon of common problem words in county ledgers (a description may hit several).
-- Rows: category (code), found, major. Categories with no hits are omitted.
-- Params: common hazard filters.
WITH lexicon(category, word) AS (
    VALUES ('fire_exit', '安全出口'), ('fire_exit', '疏散'), ('fire_exit', '消防通道'),
           ('extinguisher', '灭火器'), ('extinguisher', '消防栓'), ('extinguisher', '消火栓'),
           ('electrical', '电气'), ('electrical', '线路'), ('electrical', '私拉乱接'),
           ('gas', '燃气'), ('gas', '液化气'), ('gas', '钢瓶'),
           ('lighting', '应急照明'), ('lighting', '指示标志'),
           ('signage', '警示标志'), ('signage', '标识'),
           ('guarding', '防护'), ('guarding', '护栏'), ('guarding', '临边'),
           ('training', '培训'), ('training', '无证'), ('training', '持证'),
           ('records', '台账'), ('records', '记录'), ('records', '预案'),
           ('inspection_due', '未按期'), ('inspection_due', '过期'), ('inspection_due', '超期'),
           ('inspection_due', '未检验'), ('inspection_due', '年检'),
           ('equipment', '限位'), ('equipment', '安全阀'), ('equipment', '报警器'),
           ('confined', '有限空间'), ('dust', '粉尘'),
           ('overload', '超员'), ('overload', '超载'),
           ('structure', '开裂'), ('structure', '支护'), ('structure', '脚手架'), ('structure', '边坡')
), d AS (
    -- count per distinct description first: far fewer strings to search than hazards
    SELECT description, level, count(*) AS n
    FROM ({{hazard_scope}}) s
    WHERE description IS NOT NULL
    GROUP BY 1, 2
), hits AS (
    SELECT DISTINCT l.category, d.description, d.level, d.n
    FROM d JOIN lexicon l ON contains(d.description, l.word)
)
SELECT category, sum(n) AS found, coalesce(sum(n) FILTER (WHERE level = 'major'), 0) AS major
FROM hits GROUP BY 1 ORDER BY found DESC, category
