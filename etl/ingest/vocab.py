"""Vocabularies of docs/DATA_CONTRACT.md §3: header synonyms, sectors, levels, statuses, methods.

Matching ignores white space, width (NFKC) and a trailing colon; see :func:`norm_label`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from etl.contract import SECTOR_CODES

_WS = re.compile(r"[\s\u3000\u00a0\u200b]+")
_PUNCT_EDGE = re.compile(r"[:：*＊\s]+$")


@lru_cache(maxsize=65536)
def norm_text(value: str) -> str:
    """NFKC (full-width → half-width), collapse all white space to nothing."""
    return _WS.sub("", unicodedata.normalize("NFKC", value))


@lru_cache(maxsize=65536)
def norm_label(value: str) -> str:
    """A header label for matching: no white space, half-width, no trailing colon or asterisk."""
    s = norm_text(value)
    s = _PUNCT_EDGE.sub("", s)
    return s.lstrip("*＊")


@lru_cache(maxsize=262144)
def clean_value(value: str) -> str:
    """A stored text value: NFKC, trimmed, inner runs of white space collapsed to one space."""
    if not unicodedata.is_normalized("NFKC", value):
        value = unicodedata.normalize("NFKC", value)
    return _WS.sub(" ", value).strip()


# canonical column → (Chinese label for messages, synonyms)
HEADER_SYNONYMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "source_hazard_id": ("隐患编号", ("隐患编号", "隐患编码", "编号", "记录编号", "隐患排查单号")),
    "town": (
        "乡镇（街道）",
        ("所属街镇", "乡镇(街道)", "乡镇街道", "街道(乡镇)", "所在镇", "属地", "辖区", "所属地区",
         "隐患区域", "乡镇", "街道", "所属乡镇", "乡镇名称", "镇街",
         # the 地区 column of a municipal hazard system's 重大隐患 export (ColinYu25/yhpc trouble_list_excel.jsp)
         "地区",
         # county templates: 属地乡镇, 所在乡镇 (the held-out set, bench/heldout/shapes_more.py header_variants)
         "属地乡镇", "所在乡镇", "所属镇街", "所在街道", "乡镇/街道", "镇(街道)", "街道(镇)", "镇街道"),
    ),
    "sector": (
        "行业领域",
        ("行业领域", "行业与领域", "行业和领域", "所属行业", "行业类别", "行业类型", "领域", "专业分类", "行业",
         # county templates (held-out set)
         "行业分类", "所属领域", "监管行业", "行业领域分类"),
    ),
    "department": (
        "责任部门",
        ("责任部门", "监管部门", "监管责任单位", "行业主管部门", "主管部门", "整改通知下达部门",
         "检查部门", "执法部门", "检查单位", "监管单位",
         # DATA_CONTRACT v2 §3 lists 责任单位 beside 责任部门
         "责任单位", "主管单位", "行业主管单位", "监管责任部门"),
    ),
    # v2: 督办单位 fills department only when the sheet names no responsible department (pipeline)
    # docs/DATA_CONTRACT.md §3 v2 first; then what hazard-system exports and county templates write (public
    # code searched for 隐患 ledgers: 治理措施/完成时限/排查人 (a 隐患治理信息台账 page), 处置状态/发现方式
    # (a grid-hazard system), 要求完成时间/规定整改时间/治理资金/验收报告 (a 隐患 DTO), 待复检/复检 (an
    # electrical-inspection API), 隐患类型 as the category (a power-line hazard system).
    "supervisor": ("督办单位", ("督办单位", "挂牌督办单位", "督办部门", "挂牌单位", "督办机关")),
    "supervision_level": ("督办级别", ("督办级别", "挂牌级别", "挂牌督办级别", "督办层级", "挂牌层级")),
    # never the level (隐患类型 alone is read as the level only when its values are levels: headers.py)
    "hazard_category": ("隐患类别", ("隐患类别", "隐患分类", "隐患类型", "隐患种类", "问题类别", "问题类型")),
    "measures": ("整改措施", ("整改措施", "治理措施", "治理目标任务", "整改方案", "治理方案")),
    "funds": ("整改资金", ("整改资金", "治理资金", "经费物资", "投入资金", "整改费用", "治理费用", "整改投入资金")),
    "responsible_person": ("整改责任人", ("整改责任人", "责任人", "包保责任人", "整改负责人", "治理责任人")),
    "contingency_plan": ("应急预案", ("应急预案", "安全措施和应急预案", "应急措施", "安全防范措施", "防范措施")),
    "verified_date": ("验收日期", ("验收日期", "验收时间", "复查日期", "复查时间", "复检日期", "复检时间")),
    "verified_by": ("验收人", ("验收人", "复查人", "复检人", "验收人员", "复查人员")),
    "verification_result": ("验收结论", ("验收结论", "验收意见", "复查结果", "复检结果", "验收结果", "验收情况",
                                         "复查意见", "复查情况")),
    "entity_name": (
        "单位名称",
        ("单位名称", "企业名称", "被检查单位", "被查单位", "隐患单位", "检查对象", "场所名称",
         "被检查单位名称", "生产经营单位名称", "监管对象", "单位",
         # county templates and system exports (held-out set): 隐患所在单位, 生产经营单位
         "隐患所在单位", "生产经营单位", "隐患单位名称"),
    ),
    "description": (
        "隐患描述",
        ("隐患描述", "隐患内容", "隐患名称", "存在问题", "发现问题", "隐患基本情况", "隐患情况", "主要问题",
         "存在的问题", "隐患问题", "隐患具体描述", "隐患具体情况", "隐患内容描述", "问题描述",
         "存在的隐患", "存在的安全隐患", "发现的问题", "隐患及问题"),
    ),
    "level": ("隐患等级", ("隐患等级", "隐患级别", "等级", "隐患类型(一般/重大)", "级别", "隐患分级")),
    # a yes/no column: 是 = major, 否 = general (hazard-system exports and county templates)
    "is_major": ("是否重大隐患", ("是否重大隐患", "是否为重大隐患", "是否重大事故隐患", "是否属于重大隐患",
                                  "重大隐患(是/否)", "是否重大")),
    "found_date": (
        "发现日期",
        ("发现日期", "发现时间", "排查时间", "检查日期", "检查时间", "隐患发现日期", "排查日期", "发现隐患时间",
         "发现隐患日期", "巡查时间", "巡查日期", "督查时间", "督查日期"),
    ),
    "deadline": (
        "整改期限",
        ("整改期限", "整改时限", "完成时限", "计划完成日期", "要求整改完成日期", "限期", "整改期限(日期)",
         "时间要求", "整改截止日期", "要求完成时间", "规定整改时间", "要求整改时间", "计划完成时间",
         # a planned or required completion is the deadline, not the rectified date its words contain
         # (计划整改完成时间 contains 整改完成时间): the held-out set's header_variants
         "计划整改完成时间", "计划整改完成日期", "要求整改完成时间", "要求完成日期", "整改完成期限", "整改时间要求",
         "计划整改时间", "整改要求时间", "限期整改时间", "限期整改日期", "限期完成时间", "限期完成日期"),
    ),
    "status": (
        "整改状态",
        ("整改状态", "整改情况", "隐患状态", "治理状态", "是否已整改", "是否整改", "完成情况", "整改进度",
         "是否整改完成", "整改结果", "处置状态", "治理情况", "隐患治理状态", "处理状态", "隐患处理状态",
         "整改完成情况",
         # 整改进展 beside 五落实 in county 挂牌督办 ledgers (a sibling of the contract's 整改进度)
         "整改进展", "治理进展", "整改进展情况",
         # 销号 / 闭环 columns of county ledgers: 是否销号 是/否, 闭环情况 已闭环/未闭环 (held-out set)
         "是否销号", "销号情况", "是否闭环", "闭环情况", "是否完成整改", "处置情况"),
    ),
    "rectified_date": (
        "整改完成日期",
        ("整改完成日期", "整改完成时间", "完成时间", "整改时间", "销号时间", "完成日期", "销号日期",
         "治理完成日期", "实际完成时间", "完成整改时间", "实际完成日期",
         # town-office CSVs: 整改日期 beside 整改期限 (the held-out set, bench/heldout/shapes.py gbk_csv_yes_no)
         "整改日期", "整改完成日", "整改到位时间", "整改到位日期"),
    ),
    "inspection_method": ("检查方式", ("检查方式", "检查类型", "隐患来源", "排查方式", "检查形式", "发现方式",
                                        "排查类型")),
    "inspectors": ("检查人员", ("检查人员", "检查人", "执法人员", "排查人", "检查组成员", "排查人员", "发现人")),
    "hazards_found": (
        "发现隐患数",
        ("发现隐患数", "查出隐患数", "检查发现隐患数", "隐患数", "发现隐患(项)", "发现隐患数(项)", "隐患数量"),
    ),
    "major_hazards_found": (
        "重大隐患数",
        ("重大隐患数", "重大事故隐患(项)", "其中重大隐患", "其中:重大隐患", "重大隐患(项)", "其中重大隐患(项)",
         "重大事故隐患", "其中重大隐患数", "其中:重大隐患数",
         # the second sub-column under a 发现隐患 group (发现隐患（项） over 合计 | 其中重大): "of which major"
         "其中重大", "其中:重大", "其中重大的"),
    ),
    "penalty": ("罚款金额", ("罚款金额", "处罚金额", "罚款(元)", "罚款(万元)", "罚款金额(元)", "罚款金额(万元)",
                           "处罚金额(元)", "处罚金额(万元)", "罚款")),
    "credit_code": ("统一社会信用代码", ("统一社会信用代码", "信用代码", "注册号", "社会信用代码")),
    "risk_level": ("风险等级", ("风险等级", "风险级别", "风险分级", "安全风险等级")),
    "seq": ("序号", ("序号", "序", "编号序号", "No", "No.")),
    "remarks": ("备注", ("备注", "说明")),
}

_SYNONYM_INDEX: dict[str, str] = {}
for _canon, (_label, _syns) in HEADER_SYNONYMS.items():
    for _s in _syns:
        _SYNONYM_INDEX.setdefault(norm_label(_s), _canon)


@lru_cache(maxsize=16384)
def match_header(text: str) -> str | None:
    """Canonical column for a header cell, or None."""
    key = norm_label(text)
    if not key:
        return None
    hit = _SYNONYM_INDEX.get(key)
    if hit:
        return hit
    # "罚款（万元）" with other bracket content, "发现日期（年月日）": drop one bracketed suffix
    stripped = re.sub(r"\([^)]*\)$", "", key)
    if stripped != key and stripped:
        hit = _SYNONYM_INDEX.get(stripped)
        if hit:
            return hit
    # a qualifier inside the name: "单位（场所）名称", "企业（单位）名称" are 单位名称 and 企业名称
    inner = re.sub(r"\([^)]*\)", "", key)
    if inner not in (key, stripped) and inner:
        return _SYNONYM_INDEX.get(inner)
    return None


# headers that contain a field's synonym but do not say which thing they name: 整改责任单位 is the unit that
# must rectify — the enterprise in some ledgers, a department in others — so it is left unread (reported as
# ignored; the analyst's column fix can read it), never taken as 责任单位's department.
# 属地责任单位 is the town's government (属地 = the territory), not a department.
_NOT_CONTAINED = frozenset(norm_label(v) for v in ("整改责任单位", "隐患整改责任单位", "整改责任单位名称", "属地责任单位"))
_CONTAINS_INDEX = sorted(((k, v) for k, v in _SYNONYM_INDEX.items() if len(k) >= 3 and v not in ("seq", "remarks")),
                         key=lambda kv: -len(kv[0]))


@lru_cache(maxsize=16384)
def match_header_contains(text: str) -> str | None:
    """A header that contains one field's synonym ("其中重大隐患数", "重大隐患（项）", "隐患整改责任人")
    is that field — unless it also contains another field's synonym that is not part of a longer
    one already found (then it is ambiguous and left for the analyst)."""
    key = norm_label(text)
    if not key or len(key) > 30 or key in _NOT_CONTAINED:
        return None
    hits: list[tuple[str, str]] = []
    for syn, canon in _CONTAINS_INDEX:
        if syn in key and not any(syn in longer for longer, _ in hits):
            hits.append((syn, canon))
    fields = {canon for _, canon in hits}
    return fields.pop() if len(fields) == 1 else None


def header_specificity(text: str, canon: str) -> int:
    """3 = the field's own name, 2 = a listed synonym, 1 = contains a synonym, 0 = none."""
    key = norm_label(text)
    if key == norm_label(HEADER_SYNONYMS[canon][0]) if canon in HEADER_SYNONYMS else False:
        return 3
    if match_header(text) == canon:
        return 2
    if match_header_contains(text) == canon:
        return 1
    return 0


def column_label(canon: str) -> str:
    return HEADER_SYNONYMS[canon][0] if canon in HEADER_SYNONYMS else canon


# Sector words: docs/DATA_CONTRACT.md §3 first, then what county 安委会 ledgers and the 行业领域 lists of
# provincial hazard systems write (e.g. 九小场所, 在建工地, 涉氨制冷, 场（厂）内机动车辆).
SECTORS: dict[str, tuple[str, ...]] = {
    "school": ("学校", "教育", "校园", "学校(幼儿园)", "幼儿园", "中小学", "校外培训机构", "教育系统",
               "托育机构", "培训机构", "职业学校", "高校"),
    "fire": ("消防", "火灾", "人员密集场所", "消防安全", "高层建筑", "商场市场",
             "九小场所", "三小场所", "小场所", "人员密集", "消防重点单位", "高层", "大型综合体", "商业综合体",
             "电动自行车", "沿街门店", "出租屋", "群租房",
             # a municipal hazard system's 行业与领域 list (ColinYu25/yhpc trouble_list_excel.jsp):
             # "三合一"场所 (living, work and storage under one roof) and 出租房 are fire-safety categories
             "三合一", "三合一场所", "出租房"),
    "traffic": ("道路交通", "交通", "道路运输", "交通运输", "公路", "道路交通安全",
                "道路", "客运", "货运", "校车", "客货运输", "公路运输",
                # road transport of dangerous goods is supervised by 交通运输 (道路危险货物运输管理规定)
                "危险货物运输", "危货运输", "道路危险货物运输"),
    "construction": ("建筑施工", "建筑", "施工", "住建", "房屋市政工程", "建设工程", "在建工程", "自建房",
                     "工地", "在建工地", "建筑工地", "在建项目", "房屋建筑", "市政工程", "城市建设", "农村自建房",
                     "经营性自建房", "既有建筑", "城乡建设", "房屋安全"),
    "hazchem": ("危险化学品", "危化品", "危险化学品企业", "化工", "烟花爆竹", "加油站",
                "危化", "危险品", "化学品", "成品油", "加气站", "油气", "民爆", "民用爆炸物品"),
    "gas": ("城镇燃气", "燃气", "液化石油气", "瓶装燃气", "餐饮燃气",
            "液化气", "天然气", "燃气管道", "瓶装液化气", "燃气安全"),
    "industry_trade": ("工贸", "工矿商贸", "冶金", "有色", "建材", "机械", "轻工", "纺织", "粉尘涉爆", "有限空间",
                       "工矿", "商贸", "涉爆粉尘", "涉氨制冷", "工业企业", "规上企业", "制造业", "冶金工贸",
                       "烟草", "商贸流通",
                       # 金属冶炼 is the 冶金/有色 of the 工贸 trades (its words contain neither)
                       "金属冶炼"),
    "special_equipment": ("特种设备", "电梯", "锅炉", "压力容器", "起重机械",
                          "起重", "叉车", "场(厂)内机动车辆", "厂内机动车辆", "游乐设施", "大型游乐设施", "压力管道",
                          "气瓶", "客运索道"),
    # 石油天然气开采企业 (yhpc's list) is supervised as a 非煤矿山, not as 燃气 (its 天然气 is not town gas)
    "mining": ("矿山", "非煤矿山", "煤矿", "尾矿库", "非煤", "采石场", "砂石场", "石油天然气开采", "油气开采",
               "陆上石油天然气"),
    "water": ("水上交通", "渔业船舶", "水上运输", "渔船", "水上交通和渔业船舶",
              "渔业", "水上", "船舶", "渡口", "渡船", "水运", "自用船"),
    # 娱乐场所 are licensed and inspected by 文化和旅游 departments (娱乐场所管理条例), as are 民宿 and 农家乐
    "tourism": ("文化旅游", "旅游", "景区", "文旅", "文化和旅游", "文化", "A级景区", "旅游景区", "乡村旅游",
                "娱乐场所", "民宿", "农家乐"),
    "other": ("其他", "其它"),
}
assert tuple(SECTORS) == SECTOR_CODES, "the sector codes are those of etl.contract, in its order"
# words that contain a sector variant but are not that sector ("农业机械" is not 工贸's 机械)
_SECTOR_NOT = ("农业机械", "农机", "文化站")
_SECTOR_INDEX = {norm_label(v): code for code, vs in SECTORS.items() for v in vs}
_SECTOR_BY_LEN = sorted(((v, c) for v, c in _SECTOR_INDEX.items() if c != "other"), key=lambda kv: -len(kv[0]))
_BRACKETS = re.compile(r"\(([^)]*)\)")


def _sector_contains(key: str) -> str | None:
    if any(w in key for w in _SECTOR_NOT):
        return None
    for variant, code in _SECTOR_BY_LEN:
        if len(variant) >= 2 and variant in key:
            return code
    return None


@lru_cache(maxsize=4096)
def sector_match(text: str) -> tuple[str, str | None]:
    """(code, how): how is 'exact' (a listed word), 'contains' (the word contains a listed variant;
    the longest wins; text in brackets is a qualifier tried after the main word) or None (unknown:
    'other', kept raw and reported)."""
    key = norm_label(text)
    if key in _SECTOR_INDEX:
        return _SECTOR_INDEX[key], "exact"
    if key in SECTORS:  # the code itself
        return key, "exact"
    main = _BRACKETS.sub("", key)
    for cand in (main, *_BRACKETS.findall(key)):
        if not cand:
            continue
        if _SECTOR_INDEX.get(cand, "other") != "other":
            return _SECTOR_INDEX[cand], "contains"
        code = _sector_contains(cand)
        if code:
            return code, "contains"
    if _SECTOR_INDEX.get(main) == "other":
        return "other", "exact"
    return "other", None


def match_sector(text: str) -> tuple[str, bool]:
    """(code, known). Unknown non-empty text maps to ('other', False): kept raw, warned."""
    code, how = sector_match(text)
    return code, how is not None


# A town column naming the town's government or the county before it (城关镇人民政府, 南山街道办事处, 安宁县城关镇)
# names the town: the dashboard counts one 城关镇, not three. The report lists each change.
_TOWN_GOVERNMENT = re.compile(r"(镇|乡|街道)(?:人民政府|政府|办事处|办)$")
_TOWN_COUNTY = re.compile(r"^[\u4e00-\u9fff]{1,6}?[县区市旗](?=[\u4e00-\u9fff]{2,8}(?:镇|乡|街道)$)")


@lru_cache(maxsize=4096)
def town_name(text: str) -> str:
    """The town a town cell names: white space and width normalised, a government suffix and a leading county
    dropped ("安宁县城关镇人民政府" → "城关镇"); anything else as written."""
    s = _TOWN_GOVERNMENT.sub(r"\1", norm_text(text))
    m = _TOWN_COUNTY.match(s)
    return s[m.end():] if m else s


# yes/no words of a flag column (是否…, a checklist's 是/否 or √/×)
_YES_NO = frozenset(norm_label(v).lower() for v in ("是", "否", "√", "×", "✓", "✗", "有", "无", "y", "n", "yes", "no"))


def is_yes_no(text: str) -> bool:
    return norm_label(text).lower() in _YES_NO


# What a clerk writes in a free-text cell that has nothing to say (a printed form's "/", "—", "无"): no value.
# Dates and numbers already read these as blank (etl/ingest/normalize.py); coded columns keep "无" (有/无 is a
# boolean). Matched after clean_value, so full-width ／ and － arrive as / and -.
PLACEHOLDERS = frozenset(("/", "\\", "-", "—", "——", "–", "--", "无", "暂无"))


# Levels (docs/DATA_CONTRACT.md §3 Level). Codes (1/2/3, Ⅰ/Ⅱ) are read per column (etl/ingest/legend.py).
_LEVEL_GENERAL = {norm_label(v) for v in ("一般", "一般隐患", "一般事故隐患", "一般性隐患", "general", "一般安全隐患",
                                           "一般问题", "轻微", "轻微隐患", "低")}
_LEVEL_MAJOR = {norm_label(v) for v in ("重大", "重大隐患", "重大事故隐患", "major", "重大安全隐患", "重大生产安全事故隐患")}
# grades between general and major (重点隐患 is a grade of some provincial systems): stored general,
# level_raw kept, reported
_LEVEL_BETWEEN = {norm_label(v) for v in ("较大", "较大隐患", "较大事故隐患", "重点隐患", "较重", "较重隐患", "中等",
                                           "中", "较大风险隐患")}
LEVEL_CODE = re.compile(r"^(?:\d{1,2}|[ⅠⅡⅢⅣⅤ]|[IV]{1,3})(?:级|类)?$")


@lru_cache(maxsize=1024)
def level_match(text: str) -> tuple[str, str]:
    """(level, how): how is 'exact', 'between' (较大 → general), 'words' (contains 重大/一般),
    'code' (a bare code: read by the column's legend) or 'unknown' (general, reported)."""
    key = norm_label(text).lower()
    if key.endswith(".0"):
        key = key[:-2]
    if key in _LEVEL_MAJOR:
        return "major", "exact"
    if key in _LEVEL_GENERAL:
        return "general", "exact"
    if key in _LEVEL_BETWEEN:
        return "general", "between"
    if LEVEL_CODE.match(key.upper()):
        return "general", "code"
    if "较大" in key or "重点" in key:
        return "general", "between"
    if "重大" in key:
        return "major", "words"
    if "一般" in key:
        return "general", "words"
    return "general", "unknown"


def match_level(text: str) -> tuple[str, bool]:
    """(level, known) — the v1 reading: 1 = general and 2 = major, other words general."""
    key = norm_label(text).lower().removesuffix(".0")
    if key in ("1", "2"):
        return ("general" if key == "1" else "major"), True
    level, how = level_match(text)
    return level, how in ("exact", "words")


_STATUS_RECTIFIED = {
    norm_label(v).lower()
    for v in ("已整改", "已完成", "完成", "已销号", "已闭环", "已验收", "整改完毕", "是", "√", "1", "y", "yes",
              "有", "✓", "✔", "rectified", "已整改完成", "整改完成",
              # v2 (docs/DATA_CONTRACT.md §3 Status)
              "已关闭", "已治理", "已完成整治", "已整改到位", "立行立改", "即查即改", "验收通过", "审核通过", "待验收",
              "已整改待验收", "已整改待审核",
              # hazard-system states: 待复检/待复查 (fixed, awaiting the re-check), 复检/复查 passed, 关闭
              "待复检", "待复查", "已复查", "已复检", "复查通过", "复检通过", "复查合格", "复检合格", "关闭", "已处理",
              "已消除", "已解决", "整改合格", "已整改完毕",
              # held-out set: 整改到位 (the contract's 已整改到位 without 已), 验收合格 written as the status
              "整改到位", "验收合格")
}
_STATUS_OPEN = {
    norm_label(v).lower()
    for v in ("未整改", "整改中", "正在整改", "待整改", "未完成", "逾期", "逾期未整改", "超期未整改", "否", "×",
              "0", "n", "no", "无", "✗", "✘", "x", "open", "未销号",
              # v2 (docs/DATA_CONTRACT.md §3 Status)
              "未治理", "治理中", "整治中", "审核中", "审核不通过", "验收不通过", "上报未整改", "责令未整改",
              "已通知待整改", "未采取整治措施",
              # hazard-system states: a failed re-check, pending, under way
              "复查不通过", "复检不通过", "复查不合格", "复检不合格", "验收不合格", "待处理", "处理中", "未处理", "未关闭",
              "限期整改", "待审核", "待治理", "未消除",
              # 闭环情况 / 销号情况 columns (held-out set): not yet closed
              "未闭环", "待闭环", "待销号")
}
# status words that also say the rectification was checked and accepted (docs/DATA_CONTRACT.md §3)
_STATUS_VERIFIED = {norm_label(v).lower() for v in ("已验收", "验收通过", "已销号", "复查通过", "复检通过", "复查合格",
                                                     "复检合格", "整改合格", "验收合格")}
# fixed on the spot: rectified on the found date
STATUS_ON_THE_SPOT = {norm_label(v).lower() for v in ("立行立改", "即查即改")}


@lru_cache(maxsize=1024)
def match_status(text: str) -> str | None:
    """'rectified', 'open', or None when the word is unknown."""
    key = norm_label(text).lower()
    if key.endswith(".0"):
        key = key[:-2]
    if key in _STATUS_RECTIFIED:
        return "rectified"
    if key in _STATUS_OPEN:
        return "open"
    return None


# Free text in a status column is decided by the words it contains (docs/DATA_CONTRACT.md §3 v2), and the
# load report lists every such decision. "Still open" words win over "done" words: 正在整改，预计6月底完成
# is open; 已完成整改并销号 is rectified; 已责令停业整改 is open (an order, not a result).
_OPEN_WORDS = ("未整改", "未完成", "未治理", "未销号", "未落实", "未消除", "未处理", "未到位", "正在", "整改中", "治理中",
               "整治中", "处理中", "待整改", "不通过", "不合格", "逾期", "超期", "责令", "停业整改", "停产整改", "预计",
               "计划", "督促", "部分整改", "尚未", "仍未", "暂未", "限期整改", "下达整改", "已通知", "拟于",
               # held-out set: partly done (已整改（部分）), under supervision, postponed, only a stopgap or a plan
               "部分", "督办中", "暂缓", "临时措施", "已制定")
_DONE_WORDS = ("已整改", "已完成", "完成整改", "整改完成", "已销号", "销号", "已闭环", "已治理", "已消除", "已处理",
               "已更换", "已清理", "已拆除", "已安装", "已配备", "已落实", "整改完毕", "已修复", "已维修", "已关闭",
               "验收通过", "已验收", "已解决", "已排除", "已张贴", "已设置", "已整治", "已到位", "已规范", "已补充",
               "已移除", "已撤除", "已封堵", "已停用", "已增设", "已加装", "已完善", "已改正", "已纠正", "已改造")


@lru_cache(maxsize=4096)
def status_by_words(text: str) -> str | None:
    """'open' / 'rectified' decided from the words of a free-text status, or None."""
    key = norm_label(text)
    if any(w in key for w in _OPEN_WORDS):
        return "open"
    if any(w in key for w in _DONE_WORDS):
        return "rectified"
    return None


@lru_cache(maxsize=1024)
def status_verifies(text: str) -> bool:
    """已验收 / 验收通过 / 已销号: the status word itself records a passed acceptance."""
    return norm_label(text).lower() in _STATUS_VERIFIED


@lru_cache(maxsize=1024)
def status_on_the_spot(text: str) -> bool:
    return norm_label(text).lower() in STATUS_ON_THE_SPOT


# 隐患类别 as hazard systems class a hazard: 人 / 物 / 管理 (人的不安全行为, 物的不安全状态, 管理上的缺陷 —
# ColinYu25/yhpc statistic/company_nomalDanger_list.ftl, ticked under a 隐患类别 group), 环境 (the fourth of the
# usual 人-物-环-管 factors), 基础管理类 / 现场管理类 (DB37/T 4085-2020 appendices). The category is kept as
# written; this list only lets a group of tick columns under 隐患类别 be read as the category.
HAZARD_CATEGORIES = frozenset(norm_label(v) for v in (
    "人", "物", "管理", "环境", "人的不安全行为", "物的不安全状态", "管理上的缺陷", "管理缺陷", "环境因素",
    "环境的不安全因素", "基础管理", "现场管理", "基础管理类", "现场管理类"))


def is_hazard_category(text: str) -> bool:
    return norm_label(text) in HAZARD_CATEGORIES


# 挂牌督办 levels (docs/DATA_CONTRACT.md §2 hazards.supervision_level)
_SUPERVISION = {
    "province": ("省级", "省", "省级挂牌", "省级督办", "省级挂牌督办", "省安委会", "省安委办", "省政府"),
    "city": ("市级", "市", "市级挂牌", "市级督办", "市级挂牌督办", "市安委会", "市安委办", "市政府", "州级", "地市级"),
    "county": ("县级", "县", "区级", "县(区)级", "县区级", "县级挂牌", "县级督办", "县级挂牌督办", "县安委会",
               "县安委办", "区安委会", "区安委办", "县政府", "区政府"),
    "town": ("乡镇", "乡镇级", "镇级", "乡级", "街道", "街道级", "乡镇(街道)", "乡镇(街道)级", "镇街级", "乡镇挂牌",
             "乡镇督办"),
}
_SUPERVISION_INDEX = {norm_label(v): code for code, vs in _SUPERVISION.items() for v in vs}


@lru_cache(maxsize=256)
def match_supervision_level(text: str) -> str | None:
    key = norm_label(text)
    return _SUPERVISION_INDEX.get(key) or (key if key in _SUPERVISION else None)


# 验收结论 (docs/DATA_CONTRACT.md §2 hazards.verification_result)
_VERIFICATION = {
    "passed": ("合格", "通过", "验收合格", "验收通过", "复查合格", "复查通过", "同意销号", "已销号", "已验收", "符合要求",
               "整改合格", "passed"),
    "failed": ("不合格", "不通过", "验收不合格", "验收不通过", "复查不合格", "复查不通过", "未通过", "不符合要求",
               "整改不合格", "failed"),
}
_VERIFICATION_INDEX = {norm_label(v).lower(): code for code, vs in _VERIFICATION.items() for v in vs}


@lru_cache(maxsize=256)
def match_verification(text: str) -> str | None:
    return _VERIFICATION_INDEX.get(norm_label(text).lower())


METHODS: dict[str, tuple[str, ...]] = {
    "unannounced": ("四不两直", "暗查暗访", "明查暗访", "暗访"),
    "routine": ("日常检查", "执法检查", "行政检查", "明查", "例行检查", "日常"),
    "special": ("专项检查", "专项整治", "专项排查", "安全生产大检查", "专项"),
    "spot": ("抽查", "部门抽查", "双随机", "随机抽查"),
    # 联合执法检查 contains 执法检查 (routine) as well: listed whole so the joint reading is not a tie
    "joint": ("联合检查", "联合执法", "多部门联合检查", "联合", "联合执法检查", "部门联合检查", "联合检查组"),
    "self": ("企业自查", "自查", "单位自查", "学校自查"),
    "mutual": ("互查", "交叉检查"),
    "supervision": ("督查", "督导检查", "上级督查", "考核巡查", "督导"),
    "report": ("举报", "群众举报", "投诉举报", "随手拍"),
}
_METHOD_INDEX = {norm_label(v): code for code, vs in METHODS.items() for v in vs}
_METHOD_BY_LEN = sorted(_METHOD_INDEX.items(), key=lambda kv: -len(kv[0]))


@lru_cache(maxsize=1024)
def match_method(text: str) -> str | None:
    key = norm_label(text)
    if key in _METHOD_INDEX:
        return _METHOD_INDEX[key]
    if key in METHODS:
        return key
    for variant, code in _METHOD_BY_LEN:
        if len(variant) >= 2 and variant in key:
            return code
    return None


_RISK = {
    "red": ("红", "红色", "重大风险", "重大", "红色风险", "1级", "一级"),
    "orange": ("橙", "橙色", "较大风险", "较大", "橙色风险", "2级", "二级"),
    "yellow": ("黄", "黄色", "一般风险", "一般", "黄色风险", "3级", "三级"),
    "blue": ("蓝", "蓝色", "低风险", "低", "蓝色风险", "4级", "四级"),
}
_RISK_INDEX = {norm_label(v): code for code, vs in _RISK.items() for v in vs}


@lru_cache(maxsize=256)
def match_risk(text: str) -> str | None:
    return _RISK_INDEX.get(norm_label(text))
