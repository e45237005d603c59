-- 002: helpers for the supervision-gap page (issue 3). Adds macros only; no table changes.
--
-- Unit matching rule (registry ↔ inspections ↔ hazards): two rows name the same supervised
-- unit when they have the same town AND the same gap_unit_key(entity_name). The loader has
-- already stored names NFKC-normalised (full-width → half-width) with white space collapsed;
-- the key further drops all white space, punctuation and symbols (Unicode classes P and S,
-- so 「」（）·、，—- etc.) and lower-cases Latin letters:
--   "城关镇 阳光（幼儿园）" ≡ "城关镇阳光(幼儿园)" ≡ "城关镇阳光幼儿园".
-- Nothing fuzzier (no suffix stripping such as 有限公司/有限责任公司): a wrong merge would hide
-- a blind spot, a missed merge shows up as a registry unit "never inspected", which an
-- analyst can check in the drill-down table.
CREATE MACRO gap_unit_key(name) AS
    lower(regexp_replace(coalesce(name, ''), '[\s\p{P}\p{S}]+', '', 'g'));

-- Kind of a hazard for "repeat hazards": its description under the same normalisation.
CREATE MACRO gap_kind_key(description) AS
    lower(regexp_replace(coalesce(description, ''), '[\s\p{P}\p{S}]+', '', 'g'));

-- Who inspected (层级), from the inspecting department and the method. First rule that holds:
--   'higher'  上级督查: method 督查 (supervision), or a department of the city/province/state
--             (name starts 市/省/国家/国务院) or a 督查/督导/巡查 group (e.g. 县安委办督查组);
--   'self'    单位自查: method 企业自查 (self);
--   'town'    乡镇（街道）: the department is the inspection's own town or a body of a town
--             (name starts with the town, or with a name ending 镇/乡/街道, e.g. 白马镇安监站);
--   'county'  县级部门: any other named department (县应急管理局, 县消防救援大队 …);
--   'unknown' 未注明: no department and no telling method.
CREATE MACRO gap_who_level(method, department, town) AS
    CASE
        WHEN method = 'supervision'
          OR regexp_matches(coalesce(department, ''), '^(市|省|国家|国务院)|督查|督导|巡查') THEN 'higher'
        WHEN method = 'self' THEN 'self'
        WHEN coalesce(department, '') <> ''
         AND (starts_with(department, coalesce(nullif(town, ''), chr(1)))
              OR regexp_matches(department, '^[^县市省区]{1,8}(镇|乡|街道)')) THEN 'town'
        WHEN coalesce(department, '') <> '' THEN 'county'
        ELSE 'unknown'
    END;
