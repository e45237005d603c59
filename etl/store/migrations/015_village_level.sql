-- 015: the village level (村（社区）) of who inspected, and the one order of the levels.
--
-- Migration 002 knew four levels of inspecting body: higher, county, town and self. A visit by
-- a village committee, a 社区 (residents' committee) or a 网格员 (grid worker) named none of
-- them, so it fell through to 'county'. The gap page's ⑥ (压力传导逐级递减: county → town →
-- village) then counted village patrols as county departments' visits, and a village committee
-- became a "county department" that the reporting grid (④) expected an inspection log from and
-- the 考核通报 ranked.
--
-- gap_who_level(method, department, town) now returns, first rule that holds:
--   'higher'  上级督查: method 督查 (supervision), or a department of the city/province/state
--             (name starts 市/省/国家/国务院) or a 督查/督导 group (as 002) — but not a county's
--             market regulator or municipal works written without 县 (市场监管局, 市监局,
--             市政园林局): 002 read those as the city's, so the county's 市场监管局 was a
--             higher-level inspector, never a county department expected to report or ranked;
--   'self'    单位自查: method 企业自查 (self) (as 002);
--   'village' 村（社区）: a body not of the county or above (not starting 县/市/省/区/国) that
--             is a village or a 社区 — its name ends 村 (not 农村: 农业农村委 is a county body) or
--             社区, optionally followed by 委/委会/村委会/民委员会/村民委员会/居委/居委会/
--             居民委员会/委员会/两委 (桃花村, 城关镇桃花村, 桃花村村委会, 东关社区居委会) — or
--             a village's or 社区's worker or team: 村级…, 村安全员, 村协管员, 村巡查…, 网格员
--             (桃花村网格员, 桃花村巡查队);
--   'town'    乡镇（街道）: as 002 — the body is named after the visit's town or after any
--             镇/乡/街道 (白马镇安监站, 城关镇安全巡查组);
--   'higher'  a 巡查 group of no town or village (县安全生产巡查组): 002 put every 巡查 body
--             first, which made a town's or a village's own patrol a higher-level visit;
--   'county'  县级部门: any other named department (as 002);
--   'unknown' 未注明: no department and no telling method.
-- A village named after its town (城关镇桃花村) is the village's, not the town's: the village
-- rule comes first.
CREATE OR REPLACE MACRO gap_who_level(method, department, town) AS
    CASE
        WHEN method = 'supervision'
          OR regexp_matches(coalesce(department, ''), '^(市[^场政监]|省|国家|国务院)|督查|督导') THEN 'higher'
        WHEN method = 'self' THEN 'self'
        WHEN coalesce(department, '') <> ''
         AND NOT regexp_matches(department, '^(县|市|省|区|国)')
         AND regexp_matches(department, '((^|[^农])村|社区)((委|委会|村委会|民委员会|村民委员会|居委|居委会|居民委员会'
                                        || '|委员会|两委)?$|级|安全员|安全监督员|协管员|巡查|网格)|网格员') THEN 'village'
        WHEN coalesce(department, '') <> ''
         AND (starts_with(department, coalesce(nullif(town, ''), chr(1)))
              OR regexp_matches(department, '^[^县市省区]{1,8}(镇|乡|街道)')) THEN 'town'
        WHEN regexp_matches(coalesce(department, ''), '巡查') THEN 'higher'
        WHEN coalesce(department, '') <> '' THEN 'county'
        ELSE 'unknown'
    END;

-- The levels in order, from the top: the rank of a level (1 higher … 6 unknown; any other value
-- ranks with unknown) and the level of a rank. The gap page's ⑥ and the pages' charts read them.
CREATE MACRO gap_level_rank(who_level) AS
    coalesce(list_position(['higher', 'county', 'town', 'village', 'self', 'unknown'], who_level), 6);
CREATE MACRO gap_level_at(level_rank) AS
    ['higher', 'county', 'town', 'village', 'self', 'unknown'][level_rank];

-- The stored level of the current visits (migration 003), reclassified in place: the derived
-- table stays equal to what the macro gives (the maintenance check compares them).
UPDATE inspection_current
SET who_level = gap_who_level(inspection_method, department, town)
WHERE who_level IS DISTINCT FROM gap_who_level(inspection_method, department, town);
