"""Held-out ledgers, continued: a GB18030 CSV, a wide system export, dates with times and acceptance
columns, 无隐患 rows, the level in the sheet name, merged data cells, the level as ticks. Sources as in
shapes.py."""

from __future__ import annotations

import datetime as dt
import random

from .book import Case, Hz, SheetSpec, csv_gb18030, xlsx
from .content import APRIL, CONTENT, DEPTS, PEOPLE, TOWNS, as_dt, day_in, later, pick, render_date

D = dt.date


# ------------------------------------------------------------------ 8. GB18030 CSV with yes/no columns


def gbk_csv_yes_no(rng: random.Random) -> Case:
    """A CSV as Excel on Chinese Windows saves it (GB18030): a title line, 镇街 / 行业 / 企业名称 / 隐患内容,
    是否重大隐患 and 是否整改 as 是/否, 排查日期 2025/4/3, 检查部门 the department; a 合计 line and a
    填表人 line; empty lines."""
    sh = SheetSpec("csv")
    sh.add(["2025年4月安全隐患排查情况表"])
    sh.add(["序号", "镇街", "行业", "企业名称", "隐患内容", "是否重大隐患", "排查日期", "整改期限", "是否整改", "整改日期",
            "检查部门"])
    n = rng.randint(6, 9)
    for i in range(n):
        code = rng.choice(["fire", "hazchem", "gas", "special_equipment", "tourism"])
        raw = {"fire": "消防", "hazchem": "危化品", "gas": "燃气", "special_equipment": "特种设备", "tourism": "旅游"}[code]
        unit, desc = pick(rng, code)
        town = rng.choice(TOWNS)
        found = day_in(rng, APRIL, 1, 20)
        major = rng.random() < 0.3
        status = rng.choice(["open", "rectified"])
        rect = later(found, rng, 1, 9) if status == "rectified" else None
        deadline = later(found, rng, 7, 30)
        hz = Hz(town=town, sector=code, sector_raw=raw, found=found, entity=unit, description=desc,
                level="major" if major else "general", level_raw="是" if major else "否", deadline=deadline,
                status=status, rectified=rect, department=DEPTS[code])
        sh.hazard([i + 1, town, raw, unit, desc, "是" if major else "否", render_date(found, "slash"),
                   render_date(deadline, "slash"), "是" if status == "rectified" else "否",
                   render_date(rect, "slash") if rect else "", DEPTS[code]], hz)
        if i == 2:
            sh.add([])
    sh.non_data(["合计", "", "", "", f"共{n}条"])
    sh.non_data(["填表人：杨帆", "", "", "", "联系电话：0839-7654321"])
    return Case("gbk_csv_yes_no", "隐患排查情况表_2025年4月.csv", csv_gb18030(sh), [sh],
                "DATA_CONTRACT §1 (GB18030 CSV), §1.1 booleans")


# ------------------------------------------------------------------ 9. many columns no field takes, shuffled


def wide_noise_columns(rng: random.Random) -> Case:
    """A system export with every column it has: contact, address, coordinates, photos, 检查依据, 整改要求,
    隐患部位, 备注 between the fields, in an order the seed shuffles; header cells with line breaks,
    full-width spaces, trailing colons and full-width brackets; a column-number row under the header;
    整改资金（万元）."""
    fields = [
        ("乡镇（街道）", "town"), ("行业\n领域", "sector_raw"), ("单位　名称", "entity"), ("隐患描述：", "description"),
        ("隐患\n等级", "level"), ("发现\n日期", "found"), ("整改期限（日期）", "deadline"), ("整改状态", "status"),
        ("整改完成日期", "rect"), ("整改资金（万元）", "funds"), ("整改责任人", "person"),
    ]
    noise = [("联系人", lambda r: rng.choice(PEOPLE)), ("联系电话", lambda r: f"139{rng.randint(10**7, 10**8 - 1)}"),
             ("地址", lambda r: "工业园区"), ("经度", lambda r: round(104 + rng.random(), 6)),
             ("纬度", lambda r: round(30 + rng.random(), 6)), ("整改前照片", lambda r: "IMG_0012.jpg"),
             ("整改后照片", lambda r: None), ("检查依据", lambda r: "《消防法》第十六条"),
             ("整改要求", lambda r: "限期整改"), ("隐患部位", lambda r: "仓库"), ("备注", lambda r: None)]
    cols = fields + [(h, f) for h, f in noise]
    rng.shuffle(cols)
    sh = SheetSpec("隐患明细")
    sh.add(["青石乡2025年4月隐患排查治理明细表"])
    sh.add([h for h, _ in cols])
    sh.non_data([str(i + 1) for i in range(len(cols))])
    n = rng.randint(6, 9)
    for _ in range(n):
        code = rng.choice(["fire", "industry_trade", "hazchem", "construction"])
        raw = {"fire": "消防", "industry_trade": "工贸", "hazchem": "危险化学品", "construction": "建筑施工"}[code]
        unit, desc = pick(rng, code)
        found = day_in(rng, APRIL, 1, 20)
        status = rng.choice(["open", "rectified"])
        rect = later(found, rng, 1, 9) if status == "rectified" else None
        funds = rng.choice([None, 0.2, 1.5, 6])
        deadline = later(found, rng, 10, 30)
        person = rng.choice(PEOPLE)
        town = rng.choice(TOWNS)
        hz = Hz(town=town, sector=code, sector_raw=raw, found=found, entity=unit, description=desc, level_raw="一般",
                deadline=deadline, status=status, rectified=rect, funds_yuan=funds * 10_000 if funds else None,
                person=person)
        values = {"town": town, "sector_raw": raw, "entity": unit, "description": desc, "level": "一般",
                  "found": as_dt(found), "deadline": as_dt(deadline), "status": "已整改" if rect else "整改中",
                  "rect": as_dt(rect) if rect else None, "funds": funds, "person": person}
        sh.hazard([values[f] if isinstance(f, str) else f(None) for _, f in cols], hz)
    return Case("wide_noise_columns", "隐患明细导出.xlsx", xlsx([sh]), [sh], "system exports; DATA_CONTRACT §1.1 headers")


# ------------------------------------------------------------------ 10. dates with times; acceptance columns


def datetime_acceptance(rng: random.Random) -> Case:
    """A system's 隐患整改验收台账: dates with times (2025-04-03 14:30 text, datetime cells with a time,
    serials with a fraction, 2025/4/20 9:05), 验收日期 / 验收人 / 验收意见 (合格, 同意销号, 不合格), status
    words 待验收, 已验收, 整改中, 复查不通过."""
    sh = SheetSpec("验收台账")
    sh.add(["城关镇2025年4月隐患整改验收台账"])
    sh.add(["隐患编号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现时间", "整改期限", "整改状态", "实际完成时间",
            "验收日期", "验收人", "验收意见"])
    n = rng.randint(7, 9)
    kinds = ["pending", "accepted", "open", "failed", "pass_sign"]
    for i in range(n):
        code = rng.choice(["fire", "school", "special_equipment", "gas"])
        raw = {"fire": "消防安全", "school": "教育", "special_equipment": "特种设备", "gas": "城镇燃气"}[code]
        unit, desc = pick(rng, code)
        found = day_in(rng, APRIL, 1, 15)
        fstyle = rng.choice(["iso_time", "dt_time", "serial_time", "slash_time"])
        deadline = later(found, rng, 10, 20)
        kind = kinds[i % len(kinds)]
        rect = later(found, rng, 1, 5) if kind != "open" else None
        vdate = later(rect, rng, 1, 4) if kind in ("accepted", "failed", "pass_sign") else None
        word = {"pending": "待验收", "accepted": "已验收", "open": "整改中", "failed": "复查不通过", "pass_sign": "已整改"}[kind]
        opinion = {"accepted": "合格", "failed": "不合格", "pass_sign": "同意销号"}.get(kind)
        status = "open" if kind in ("open", "failed") else "rectified"
        verification = {"accepted": "passed", "failed": "failed", "pass_sign": "passed"}.get(kind)
        checker = rng.choice(PEOPLE) if vdate else None
        sid = f"YS{2504000 + i}"
        hz = Hz(town="城关镇", sector=code, sector_raw=raw, found=found, entity=unit, description=desc, sid=sid,
                level_raw="一般", deadline=deadline, status=status, rectified=rect, verified=vdate, verified_by=checker,
                verification=verification)
        sh.hazard([sid, raw, unit, desc, "一般", render_date(found, fstyle), render_date(deadline, "dt"), word,
                   render_date(rect, fstyle) if rect else None, render_date(vdate, "dt") if vdate else None, checker,
                   opinion], hz, "town_from_context",
                  # 复查不通过 beside a 实际完成时间: loaded open, the date not stored — a contradiction the report lists
                  *(("rectified_date_but_open",) if kind == "failed" else ()))
    return Case("datetime_acceptance", "城关镇验收台账.xlsx", xlsx([sh]), [sh],
                "msm 复查时间/复查人/复查结果; ledger guides (验收人 签字 and 日期)")


# ------------------------------------------------------------------ 11. 无隐患 rows of every kind


def nothing_found_rows(rng: random.Random) -> Case:
    """A town's monthly ledger where some units report nothing (无隐患, 未发现隐患, 经检查，未发现隐患, 本月
    排查无隐患) with a unit and a date, a second sheet that is only "本月无隐患", and real hazards."""
    a = SheetSpec("青石乡")
    a.add(["青石乡2025年4月隐患排查治理台账"])
    a.add(["序号", "单位名称", "行业领域", "检查日期", "隐患描述", "隐患等级", "整改状态", "整改期限"])
    nothing_words = ["无隐患", "未发现隐患", "经检查，未发现隐患", "本月排查无隐患", "无"]
    n = rng.randint(7, 9)
    for i in range(n):
        code = rng.choice(["fire", "mining", "industry_trade", "tourism"])
        raw = {"fire": "消防", "mining": "非煤矿山", "industry_trade": "工贸", "tourism": "景区"}[code]
        unit, desc = pick(rng, code)
        found = day_in(rng, APRIL)
        if i % 3 == 1:
            a.non_data([i + 1, unit, raw, as_dt(found), nothing_words[(i // 3) % len(nothing_words)], None, None, None])
            continue
        status = rng.choice(["open", "rectified"])
        deadline = later(found, rng, 5, 20)
        hz = Hz(town="青石乡", sector=code, sector_raw=raw, found=found, entity=unit, description=desc, level_raw="一般",
                deadline=deadline, status=status)
        # 已整改 without a rectified-date column: rectified, no date (nothing defaulted)
        a.hazard([i + 1, unit, raw, as_dt(found), desc, "一般", "已整改" if status == "rectified" else "未整改",
                  as_dt(deadline)], hz, "town_from_context")
    b = SheetSpec("白沙村")
    b.add(["青石乡白沙村2025年4月隐患排查治理台账"])
    b.add(["序号", "单位名称", "行业领域", "检查日期", "隐患描述", "隐患等级", "整改状态", "整改期限"])
    b.non_data(["本月无隐患"])
    return Case("nothing_found_rows", "青石乡2025年4月隐患台账.xlsx", xlsx([a, b]), [a, b],
                "yhpc company_nomalDanger_list.ftl (无隐患 rows); DATA_CONTRACT §1.1 v2")


# ------------------------------------------------------------------ 12. the level in the sheet name


def level_by_sheet_name(rng: random.Random) -> Case:
    """Two sheets named 一般隐患 and 重大隐患 and no level column: each sheet's rows take its level; a
    汇总表 sheet of counts per sector."""
    sheets = []
    for name, level in (("一般隐患", "general"), ("重大隐患", "major")):
        sh = SheetSpec(name)
        sh.add(["北坪镇2025年4月隐患整改台账"])
        sh.add(["隐患编号", "所属街镇", "行业领域", "单位名称", "隐患情况", "发现日期", "整改时限", "整改情况", "责任单位"])
        for i in range(rng.randint(3, 5)):
            code = rng.choice(["fire", "hazchem", "mining", "construction"])
            raw = {"fire": "消防", "hazchem": "危化品", "mining": "矿山", "construction": "建筑施工"}[code]
            unit, desc = pick(rng, code)
            found = day_in(rng, APRIL)
            sid = f"{'YB' if level == 'general' else 'ZD'}{i + 1:02d}"
            hz = Hz(town="北坪镇", sector=code, sector_raw=raw, found=found, entity=unit, description=desc, sid=sid,
                    level=level, deadline=later(found, rng, 10, 60), status="open", department=DEPTS[code])
            sh.hazard([sid, "北坪镇", raw, unit, desc, as_dt(found), as_dt(hz.deadline), "整改中", DEPTS[code]], hz,
                      "level_from_title")
        sheets.append(sh)
    summary = SheetSpec("汇总表")
    summary.add(["行业领域", "一般隐患（项）", "重大隐患（项）", "合计"])
    summary.add(["消防", 3, 1, 4])
    books = [*sheets, summary]
    return Case("level_by_sheet_name", "北坪镇隐患整改台账.xlsx", xlsx(books), books, "DATA_CONTRACT §1.1 v2 (level by title)")


# ------------------------------------------------------------------ 13. merged data cells, 整改情况 group


def merged_units(rng: random.Random) -> Case:
    """An inspection team's ledger: a unit's name, town, sector and inspection date merged down over its
    hazards; a two-row header with 整改情况 over 整改措施 | 整改期限 | 整改状态 | 完成日期; 隐患类别 (人 / 物 /
    管理 / 环境) left of 隐患等级; 检查方式 words (四不两直, 双随机抽查, 联合执法检查, 企业自查, 专项检查)."""
    sh = SheetSpec("检查发现隐患")
    sh.add(["安宁县应急管理局2025年4月执法检查发现隐患整改台账"])
    h1 = sh.add(["序号", "乡镇", "行业领域", "被检查单位", "检查日期", "检查方式", "隐患描述", "隐患类别", "隐患等级",
                 "整改情况", None, None, None])
    sh.add([None] * 9 + ["整改措施", "整改期限", "整改状态", "完成日期"])
    for c in range(1, 10):
        sh.merge(h1, c, h1 + 1, c)
    sh.merge(h1, 10, h1, 13)
    methods = [("四不两直", "unannounced"), ("双随机抽查", "spot"), ("联合执法检查", "joint"), ("企业自查", "self"),
               ("专项检查", "special")]
    seq = 0
    for _u in range(rng.randint(3, 4)):
        code = rng.choice(["industry_trade", "hazchem", "fire"])
        raw = {"industry_trade": "工贸", "hazchem": "危化", "fire": "消防"}[code]
        unit, _ = pick(rng, code)
        town = rng.choice(TOWNS)
        found = day_in(rng, APRIL, 1, 20)
        mraw, method = rng.choice(methods)
        k = rng.randint(2, 3)
        first = len(sh.rows) + 1
        seq += 1
        for j in range(k):
            _, desc = rng.choice(CONTENT[code])
            desc = f"{desc}（{j + 1}）"
            cat = rng.choice(["人", "物", "管理", "环境"])
            lvl_raw = rng.choice(["一般", "一般", "重大"])
            status = rng.choice(["open", "rectified"])
            rect = later(found, rng, 1, 6) if status == "rectified" else None
            deadline = later(found, rng, 7, 21)
            hz = Hz(town=town, sector=code, sector_raw=raw, found=found, entity=unit, description=desc,
                    level="major" if lvl_raw == "重大" else "general", level_raw=lvl_raw, category=cat,
                    deadline=deadline, status=status, rectified=rect, method=method, measures="责令限期整改",
                    department=None)
            lead = [seq, town, raw, unit, as_dt(found), mraw] if j == 0 else [None] * 6
            sh.hazard([*lead, desc, cat, lvl_raw, "责令限期整改", as_dt(deadline),
                       "已整改" if status == "rectified" else "整改中", as_dt(rect) if rect else None], hz)
        for c in range(1, 7):
            sh.merge(first, c, first + k - 1, c)
    return Case("merged_units", "执法检查隐患台账2025年4月.xlsx", xlsx([sh]), [sh],
                "DATA_CONTRACT §1.1 (merged data cells, grouped headers); inspection-method words")


# ------------------------------------------------------------------ 14. level as ticks; source as 隐患来源


def level_ticks_sources(rng: random.Random) -> Case:
    """隐患等级 as ticks under 一般 | 重大 (●), 隐患来源 as 随手拍 / 群众举报 / 日常检查 / 上级督查, rows of a May
    ledger that relist April hazards (found in April, status changed)."""
    sh = SheetSpec("2025年5月")
    sh.add(["河西乡2025年5月隐患排查整改台账"])
    h1 = sh.add(["隐患编号", "行业领域", "单位名称", "隐患描述", "隐患来源", "隐患等级", None, "发现日期", "整改状态",
                 "整改完成日期"])
    sh.add([None, None, None, None, None, "一般", "重大", None, None, None])
    for c in (1, 2, 3, 4, 5, 8, 9, 10):
        sh.merge(h1, c, h1 + 1, c)
    sh.merge(h1, 6, h1, 7)
    sources = [("随手拍", "report"), ("群众举报", "report"), ("日常检查", "routine"), ("上级督查", "supervision")]
    for i in range(rng.randint(6, 8)):
        code = rng.choice(["traffic", "water", "school", "gas"])
        raw = {"traffic": "道路交通", "water": "渔业船舶", "school": "学校", "gas": "燃气"}[code]
        unit, desc = pick(rng, code)
        month = D(2025, 4, 1) if i % 2 else D(2025, 5, 1)
        found = day_in(rng, month)
        major = rng.random() < 0.3
        sraw, method = rng.choice(sources)
        status = rng.choice(["open", "rectified"])
        rect = max(later(found, rng, 1, 9), found) if status == "rectified" else None
        if rect and rect > D(2025, 5, 31):
            rect = D(2025, 5, 31)
        sid = f"HX{i + 1:03d}"
        hz = Hz(town="河西乡", sector=code, sector_raw=raw, found=found, entity=unit, description=desc, sid=sid,
                level="major" if major else "general", level_raw="重大" if major else "一般", status=status,
                rectified=rect, method=method)
        sh.hazard([sid, raw, unit, desc, sraw, None if major else "●", "●" if major else None, as_dt(found),
                   "已整改" if rect else "未整改", as_dt(rect) if rect else None], hz, "town_from_context")
    return Case("level_ticks_sources", "河西乡5月隐患台账.xlsx", xlsx([sh]), [sh], "DATA_CONTRACT §1.1 v2 check marks")


OFFICE_SHAPES = (gbk_csv_yes_no, wide_noise_columns, datetime_acceptance, nothing_found_rows, level_by_sheet_name,
                 merged_units, level_ticks_sources)
