"""Held-out ledgers, second batch: what printed and hand-kept ledgers add to a system export — a quarter's
period line, section rows (一、一般隐患), 小计 rows and a header repeated at a page break; placeholders
("/", "—", "无") in empty cells; a time limit written as a number of days; a counts sheet that no name
marks as a summary; a status column holding dates and remarks. Sources as in shapes.py (the ledger guides'
"3日内完成" limits; docs/DATA_CONTRACT.md §1.1 period lines, 合计/小计 and footers)."""

from __future__ import annotations

import datetime as dt
import random

from .book import Case, Hz, SheetSpec, html_xls, spreadsheet_xml, xls, xlsx
from .content import DEPTS, PEOPLE, TOWNS, as_dt, day_in, later, pick, render_date

D = dt.date
RAW = {"fire": "消防", "gas": "燃气", "school": "学校", "industry_trade": "工贸", "construction": "建筑施工",
       "hazchem": "危化品", "traffic": "道路交通", "special_equipment": "特种设备"}


def quarter_sections(rng: random.Random) -> Case:
    """A quarter's ledger: title, 填报单位 line, period line （2025年1月-3月）, a units line; section rows
    一、一般隐患 / 二、重大隐患 inside the table (the level column is still filled); a 小计 row after each
    section; the header printed again after a page break; month-day dates whose year follows the period's
    end (12.28 in a ledger ending in March is 2024)."""
    sh = SheetSpec("一季度")
    sh.add(["城关镇2025年第一季度安全生产隐患排查治理台账"])
    sh.add(["填报单位：城关镇安监站", None, None, None, None, "填报日期：2025年4月2日"])
    sh.add(["（2025年1月-3月）"])
    header = ["序号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改期限", "整改状态", "整改完成日期"]
    sh.add(header)
    seq = 0
    for section, level in (("一、一般隐患", "general"), ("二、重大隐患", "major")):
        k = rng.randint(3, 5)
        sh.non_data([f"{section}（{k}项）"])
        for i in range(k):
            seq += 1
            code = rng.choice(list(RAW))
            unit, desc = pick(rng, code)
            found = rng.choice([D(2024, 12, 28), D(2025, 1, 15), D(2025, 2, 11), D(2025, 3, 5), D(2025, 3, 19)])
            deadline = later(found, rng, 10, 40)
            status = rng.choice(["open", "rectified"])
            rect = min(later(found, rng, 1, 8), D(2025, 3, 31)) if status == "rectified" else None
            decisions = ["town_from_context", "date_without_year"]
            hz = Hz(town="城关镇", sector=code, sector_raw=RAW[code], found=found, entity=unit, description=desc,
                    level=level, level_raw="一般" if level == "general" else "重大", deadline=deadline,
                    status=status, rectified=rect)
            sh.hazard([seq, RAW[code], unit, desc, "一般" if level == "general" else "重大",
                       render_date(found, "md_dot"), render_date(deadline, "dot"),
                       "已整改" if rect else "整改中", render_date(rect, "md_dot") if rect else None], hz, *decisions)
            if level == "general" and i == 1:
                sh.non_data(list(header))  # the header printed again after a page break
        sh.non_data(["小计", None, None, f"{k}项"])
    sh.non_data(["合计", None, None, f"{seq}项"])
    sh.non_data(["注：本表每季度末报送县安委办。"])
    return Case("quarter_sections", "城关镇一季度隐患台账.xlsx", xlsx([sh]), [sh],
                "DATA_CONTRACT §1.1 (period line, 合计/小计, header repeat)")


def placeholders(rng: random.Random) -> Case:
    """Empty cells written as "/", "—", "无", "／" (how clerks fill a printed form): a placeholder is no
    value — no department named "/", no deadline, no funds, no measures."""
    sh = SheetSpec("Sheet1")
    sh.add(["河西乡2025年4月隐患排查整改台账"])
    sh.add(["序号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改期限", "整改状态", "整改完成日期",
            "责任部门", "整改措施", "整改资金（万元）", "整改责任人"])
    marks = ["/", "—", "无", "／", "-"]
    for i in range(rng.randint(6, 8)):
        code = rng.choice(["fire", "gas", "school", "industry_trade"])
        unit, desc = pick(rng, code)
        found = day_in(rng, D(2025, 4, 1), 1, 20)
        status = rng.choice(["open", "rectified"])
        rect = later(found, rng, 1, 8) if status == "rectified" else None
        has_deadline = rng.random() < 0.5
        deadline = later(found, rng, 7, 20) if has_deadline else None
        m = marks[i % len(marks)]
        hz = Hz(town="河西乡", sector=code, sector_raw=RAW[code], found=found, entity=unit, description=desc,
                level_raw="一般", deadline=deadline, status=status, rectified=rect)
        sh.hazard([i + 1, RAW[code], unit, desc, "一般", as_dt(found), as_dt(deadline) if deadline else m,
                   "已整改" if rect else "整改中", as_dt(rect) if rect else m, m, m, m, m], hz, "town_from_context")
    return Case("placeholders", "河西乡隐患台账.xlsx", xlsx([sh]), [sh], "printed-form habits (/, —, 无)")


def days_limit(rng: random.Random) -> Case:
    """整改时限（天） holding a number of days (3, 7, 15, 30): the deadline is the found date plus that many
    days, as the ledger guides' "3日内完成" says in words."""
    sh = SheetSpec("隐患")
    sh.add(["南山街道2025年4月隐患整改台账"])
    sh.add(["序号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改时限（天）", "整改状态"])
    for i in range(rng.randint(5, 7)):
        code = rng.choice(["fire", "construction", "special_equipment"])
        unit, desc = pick(rng, code)
        found = day_in(rng, D(2025, 4, 1), 1, 20)
        days = rng.choice([3, 7, 15, 30])
        status = rng.choice(["open", "rectified"])
        hz = Hz(town="南山街道", sector=code, sector_raw=RAW[code], found=found, entity=unit, description=desc,
                level_raw="一般", deadline=found + dt.timedelta(days=days), status=status)
        sh.hazard([i + 1, RAW[code], unit, desc, "一般", as_dt(found), days, "已整改" if status == "rectified" else "未整改"],
                  hz, "town_from_context", "deadline_days")
    return Case("days_limit", "南山街道4月隐患台账.xlsx", xlsx([sh]), [sh], "ledger guides (3日内完成)")


def counts_sheet_unnamed(rng: random.Random) -> Case:
    """A data sheet and a counts table on a sheet called Sheet2 (乡镇 | 排查隐患数 | 已整改数 | 整改率 | 重大隐患数,
    one row per town and a 合计): only the data sheet loads. Its 乡镇 column sometimes reads 城关镇人民政府 or
    安宁县城关镇: the town 城关镇 (counted)."""
    sh = SheetSpec("Sheet1")
    sh.add(["2025年4月隐患排查整改台账"])
    sh.add(["隐患编号", "乡镇", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态", "责任部门"])
    for i in range(rng.randint(5, 7)):
        code = rng.choice(["fire", "hazchem", "traffic", "gas"])
        unit, desc = pick(rng, code)
        town = rng.choice(TOWNS)
        found = day_in(rng, D(2025, 4, 1))
        sid = f"2025-04-{i + 1:04d}"
        # the town column sometimes names the town's government or the county before it: still the town
        written = rng.choice([town, town, f"{town}人民政府", f"安宁县{town}", f"{town}政府"])
        hz = Hz(town=town, sector=code, sector_raw=RAW[code], found=found, entity=unit, description=desc, sid=sid,
                level_raw="一般", status="open", department=DEPTS[code])
        sh.hazard([sid, written, RAW[code], unit, desc, "一般", as_dt(found), "整改中", DEPTS[code]], hz,
                  *(("town_normalised",) if written != town else ()))
    counts = SheetSpec("Sheet2")
    counts.add(["乡镇", "排查隐患数", "已整改数", "整改率", "重大隐患数"])
    for town in TOWNS[:4]:
        n = rng.randint(3, 12)
        counts.add([town, n, n - 1, f"{(n - 1) / n:.1%}", rng.randint(0, 1)])
    counts.add(["合计", 30, 26, "86.7%", 2])
    return Case("counts_sheet_unnamed", "4月隐患台账.xlsx", xlsx([sh, counts]), [sh, counts],
                "bttkkrt/scysuper CommoTrouble_dataXz.jsp (a counts table)")


def status_dates_remarks(rng: random.Random) -> Case:
    """整改情况 holding a date (the day it was rectified), 已整改（附照片）, 整改完成, 已验收 (rectified and accepted:
    verification passed, though the sheet has no acceptance column) and 未整改; 备注 with
    remarks; a rectified-date column left empty where the status carries the date."""
    sh = SheetSpec("台账")
    sh.add(["东湖镇2025年4月隐患排查整改台账"])
    sh.add(["序号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改情况", "整改完成日期", "备注"])
    for i in range(rng.randint(6, 8)):
        code = rng.choice(["fire", "gas", "school"])
        unit, desc = pick(rng, code)
        found = day_in(rng, D(2025, 4, 1), 1, 20)
        kind = i % 5
        decisions = ["town_from_context"]
        verification = None
        if kind == 0:  # the status cell is the rectification date
            rect = later(found, rng, 1, 7)
            cells = [render_date(rect, "dot"), None]
            status = "rectified"
        elif kind == 1:
            rect = later(found, rng, 1, 7)
            cells = ["已整改（附照片）", as_dt(rect)]
            status = "rectified"
            decisions.append("status_by_words")
        elif kind == 2:
            rect = later(found, rng, 1, 7)
            cells = ["整改完成", as_dt(rect)]
            status = "rectified"
        elif kind == 3:  # the status word records the acceptance too (DATA_CONTRACT §3 Status)
            rect = later(found, rng, 1, 7)
            cells = ["已验收", as_dt(rect)]
            status, verification = "rectified", "passed"
        else:
            rect = None
            cells = ["未整改", None]
            status = "open"
        hz = Hz(town="东湖镇", sector=code, sector_raw=RAW[code], found=found, entity=unit, description=desc,
                level_raw="一般", status=status, rectified=rect, verification=verification)
        sh.hazard([i + 1, RAW[code], unit, desc, "一般", as_dt(found), *cells,
                   rng.choice([None, "已督促", f"联系人{rng.choice(PEOPLE)}"])], hz, *decisions)
    return Case("status_dates_remarks", "东湖镇台账2025年4月.xlsx", xlsx([sh]), [sh], "town-office ledgers")


def header_variants(rng: random.Random) -> Case:
    """Headers as county templates word them: 属地乡镇, 单位（场所）名称, 隐患具体描述, 隐患类型（一般/重大）,
    发现隐患时间, 计划整改完成时间 (the deadline, though it contains 整改完成时间), 是否销号 (是/否) or 闭环情况
    (已闭环/未闭环) as the status, 整改到位时间, 责任监管部门; and 整改责任单位 — the unit that must rectify, an
    enterprise here — which names no field for certain and is left unread (reported as ignored)."""
    sheets = []
    for name, status_head in (("销号", "是否销号"), ("闭环", "闭环情况")):
        sh = SheetSpec(name)
        sh.add(["2025年4月安全生产隐患排查治理台账"])
        sh.add(["序号", "属地乡镇", "行业领域", "单位（场所）名称", "隐患具体描述", "隐患类型（一般/重大）", "发现隐患时间",
                "计划整改完成时间", status_head, "整改到位时间", "整改责任单位", "责任监管部门"])
        for i in range(rng.randint(4, 6)):
            code = rng.choice(["fire", "gas", "hazchem", "construction"])
            unit, desc = pick(rng, code)
            town = rng.choice(TOWNS)
            found = day_in(rng, D(2025, 4, 1), 1, 20)
            major = rng.random() < 0.3
            status = rng.choice(["open", "rectified"])
            rect = later(found, rng, 1, 8) if status == "rectified" else None
            deadline = later(found, rng, 10, 30)
            word = {("是否销号", "open"): "否", ("是否销号", "rectified"): "是", ("闭环情况", "open"): "未闭环",
                    ("闭环情况", "rectified"): "已闭环"}[(status_head, status)]
            hz = Hz(town=town, sector=code, sector_raw=RAW[code], found=found, entity=unit, description=desc,
                    level="major" if major else "general", level_raw="重大" if major else "一般", deadline=deadline,
                    status=status, rectified=rect, department=DEPTS[code])
            sh.hazard([i + 1, town, RAW[code], unit, desc, "重大" if major else "一般", as_dt(found), as_dt(deadline), word,
                       as_dt(rect) if rect else None, unit, DEPTS[code]], hz)
        sheets.append(sh)
    return Case("header_variants", "4月隐患排查治理台账.xlsx", xlsx(sheets), sheets, "county templates (header wording)")


def html_export(rng: random.Random) -> Case:
    """重大隐患.xls as yhpc's trouble_list_excel.jsp writes it: an HTML page, not a workbook. Columns 序号 | 地区 |
    行业与领域 | 单位名称 | 地址 | 隐患内容 | 发现时间 (added: the export has only the month) | 落实治理目标任务 |
    落实治理经费物资 | 落实治理机构人员 | 落实治理时间要求 | 落实安全措施应急预案 (是/否: whether each of the 五落实
    is in place — flags, not the measures, funds, deadline or plan) | 时间 (the month). Every row major by the title;
    no status column: open (a default the report counts)."""
    sh = SheetSpec("重大隐患")
    sh.add(["重大隐患列表"])
    sh.add(["序号", "地区", "行业与领域", "单位名称", "地址", "隐患内容", "发现时间", "落实治理目标任务", "落实治理经费物资",
            "落实治理机构人员", "落实治理时间要求", "落实安全措施应急预案", "时间"])
    words = [("金属非金属矿山企业", "mining"), ("尾矿库", "mining"), ("使用危化品的化工企业", "hazchem"),
             ("建筑施工企业", "construction"), ("燃气", "gas"), ("学校", "school")]
    for i in range(rng.randint(4, 6)):
        raw, code = rng.choice(words)
        unit, desc = pick(rng, code)
        town = rng.choice(TOWNS)
        found = day_in(rng, D(2025, 4, 1))
        flags = [rng.choice(["是", "否"]) for _ in range(5)]
        hz = Hz(town=town, sector=code, sector_raw=raw, found=found, entity=unit, description=desc, level="major")
        sh.hazard([i + 1, town, raw, unit, f"{town}工业园", desc, found.isoformat(), *flags, "2025-04"], hz,
                  "level_from_title", "status_defaulted")
    return Case("html_export", "重大隐患.xls", html_xls(sh), [sh], "ColinYu25/yhpc bigTrouble/trouble_list_excel.jsp")


def mixed_kinds(rng: random.Random) -> Case:
    """A town's monthly package in one workbook: the 隐患台账 sheet, a 安全检查记录 sheet (visits: 检查日期,
    被检查单位, 发现隐患数, 其中重大隐患数) and a 监管对象名录 sheet. The hazards load; no visit and no unit is
    loaded as a hazard (the two other sheets are reported as another kind, to load on their own)."""
    haz = SheetSpec("隐患台账")
    haz.add(["北坪镇2025年4月隐患排查整改台账"])
    haz.add(["隐患编号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态"])
    for i in range(rng.randint(3, 5)):
        code = rng.choice(["fire", "gas", "industry_trade"])
        unit, desc = pick(rng, code)
        found = day_in(rng, D(2025, 4, 1))
        status = rng.choice(["open", "rectified"])
        sid = f"BP-{i + 1:03d}"
        hz = Hz(town="北坪镇", sector=code, sector_raw=RAW[code], found=found, entity=unit, description=desc, sid=sid,
                level_raw="一般", status=status)
        haz.hazard([sid, RAW[code], unit, desc, "一般", as_dt(found), "已整改" if status == "rectified" else "未整改"], hz,
                   "town_from_context")
    ins = SheetSpec("检查记录")
    ins.add(["北坪镇2025年4月安全检查记录"])
    ins.add(["检查日期", "被检查单位", "行业领域", "检查人员", "发现隐患数", "其中重大隐患数", "检查方式"])
    for _ in range(rng.randint(3, 5)):
        code = rng.choice(["fire", "hazchem"])
        unit, _ = pick(rng, code)
        ins.add([as_dt(day_in(rng, D(2025, 4, 1))), unit, RAW[code], rng.choice(PEOPLE), rng.randint(0, 4), 0, "日常检查"])
    reg = SheetSpec("企业名录")
    reg.add(["北坪镇监管对象名录"])
    reg.add(["单位名称", "行业领域", "乡镇", "统一社会信用代码", "风险等级"])
    for j in range(3):
        code = rng.choice(["fire", "hazchem"])
        unit, _ = pick(rng, code)
        reg.add([unit, RAW[code], "北坪镇", f"91510000MA0000{j:04d}", rng.choice(["红", "橙", "黄", "蓝"])])
    books = [haz, ins, reg]
    return Case("mixed_kinds", "北坪镇2025年4月报送.xlsx", xlsx(books), books, "a town's monthly package")


def spoken_dates(rng: random.Random) -> Case:
    """Dates as people say them: 4月3号 / 2025年4月3号 (号 for 日), 2025年4月3日（星期四）/ 4月3日（周四） (Excel's
    Chinese long date as text), 2025年4月3日上午; deadlines 本月底前, 下月底前, 一周内, 两周内,
    十五天内, 2025年5月10号前; and 7个工作日内 — working days the loader cannot count: no deadline, reported."""
    sh = SheetSpec("Sheet1")
    sh.add(["青石乡2025年4月隐患排查整改台账"])
    sh.add(["序号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改期限", "整改状态"])
    phrases = [("本月底前", lambda f: D(2025, 4, 30), "deadline_phrase"),
               ("下月底前", lambda f: D(2025, 5, 31), "deadline_phrase"),
               ("一周内", lambda f: f + dt.timedelta(days=7), "deadline_phrase"),
               ("两周内", lambda f: f + dt.timedelta(days=14), "deadline_phrase"),
               ("十五天内", lambda f: f + dt.timedelta(days=15), "deadline_phrase"),
               ("2025年5月10号前", lambda f: D(2025, 5, 10), "deadline_phrase"),
               ("7个工作日内", lambda f: None, "deadline_unrecognised")]
    for i in range(rng.randint(6, 9)):
        code = rng.choice(["fire", "gas", "school", "industry_trade"])
        unit, desc = pick(rng, code)
        found = day_in(rng, D(2025, 4, 1), 1, 20)
        spoken, make, notice = phrases[i % len(phrases)]
        style = rng.choice(["hao_year", "hao", "cn_week", "md_week", "cn_morning"])
        with_year = style not in ("hao", "md_week")
        found_cell = {"hao_year": f"2025年{found.month}月{found.day}号", "hao": f"{found.month}月{found.day}号"}.get(
            style) or render_date(found, style)
        decisions = ["town_from_context", notice] + ([] if with_year else ["date_without_year"])
        hz = Hz(town="青石乡", sector=code, sector_raw=RAW[code], found=found, entity=unit, description=desc,
                level_raw="一般", deadline=make(found))
        sh.hazard([i + 1, RAW[code], unit, desc, "一般", found_cell, spoken, "未整改"], hz, *decisions)
    return Case("spoken_dates", "青石乡4月隐患台账.xlsx", xlsx([sh]), [sh], "town-office ledgers (spoken dates)")


def old_office_xls(rng: random.Random) -> Case:
    """An older office's Excel 97-2003 .xls: a merged title, 整改情况 merged over 整改状态 | 完成日期, date cells and
    typed 4.5 dates, a 合计 row."""
    sh = SheetSpec("南山街道")
    sh.add(["南山街道2025年4月隐患排查整改台账"])
    h1 = sh.add(["隐患编号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改情况", None])
    sh.add([None] * 6 + ["整改状态", "完成日期"])
    sh.merges.append("A1:H1")
    for c in range(1, 7):
        sh.merge(h1, c, h1 + 1, c)
    sh.merge(h1, 7, h1, 8)
    n = rng.randint(4, 6)
    for i in range(n):
        code = rng.choice(["fire", "gas", "special_equipment"])
        unit, desc = pick(rng, code)
        found = day_in(rng, D(2025, 4, 1), 1, 20)
        typed = rng.random() < 0.4
        status = rng.choice(["open", "rectified"])
        rect = later(found, rng, 1, 8) if status == "rectified" else None
        major = rng.random() < 0.2
        sid = f"NS{i + 1:02d}"
        hz = Hz(town="南山街道", sector=code, sector_raw=RAW[code], found=found, entity=unit, description=desc, sid=sid,
                level="major" if major else "general", level_raw="重大" if major else "一般", status=status, rectified=rect)
        decisions = ["town_from_context"] + (["date_without_year"] if typed else [])
        sh.hazard([sid, RAW[code], unit, desc, "重大" if major else "一般",
                   f"{found.month}.{found.day}" if typed else found, "已整改" if rect else "整改中", rect], hz, *decisions)
    sh.non_data(["合计", None, None, f"{n}项"])
    return Case("old_office_xls", "南山街道4月台账.xls", xls([sh]), [sh], "DATA_CONTRACT §1 (.xls from older offices)")


def county_headers_more(rng: random.Random) -> Case:
    """More county-template wording: 乡镇/街道, 行业分类, 检查对象名称, 问题描述, 隐患分级, 巡查时间, 限期整改时间 (the
    deadline, though it contains 整改时间), 是否完成整改 (是/否), 完成整改日期, 主管单位, 复查情况 (合格) and 复查日期;
    and 属地责任单位 — the town's government, not a department — left unread."""
    sh = SheetSpec("Sheet1")
    sh.add(["2025年4月安全隐患排查整改情况表"])
    sh.add(["序号", "乡镇/街道", "行业分类", "检查对象名称", "问题描述", "隐患分级", "巡查时间", "限期整改时间", "是否完成整改",
            "完成整改日期", "主管单位", "属地责任单位", "复查情况", "复查日期"])
    for i in range(rng.randint(5, 7)):
        code = rng.choice(["fire", "hazchem", "construction", "gas"])
        unit, desc = pick(rng, code)
        town = rng.choice(TOWNS)
        found = day_in(rng, D(2025, 4, 1), 1, 20)
        done = rng.random() < 0.5
        rect = later(found, rng, 1, 6) if done else None
        vdate = later(rect, rng, 1, 3) if done else None
        deadline = later(found, rng, 7, 30)
        major = rng.random() < 0.25
        hz = Hz(town=town, sector=code, sector_raw=RAW[code], found=found, entity=unit, description=desc,
                level="major" if major else "general", level_raw="重大隐患" if major else "一般隐患", deadline=deadline,
                status="rectified" if done else "open", rectified=rect, department=DEPTS[code], verified=vdate,
                verification="passed" if done else None)
        sh.hazard([i + 1, town, RAW[code], unit, desc, "重大隐患" if major else "一般隐患", as_dt(found), as_dt(deadline),
                   "是" if done else "否", as_dt(rect) if rect else None, DEPTS[code], f"{town}人民政府",
                   "合格" if done else None, as_dt(vdate) if vdate else None], hz)
    return Case("county_headers_more", "隐患排查整改情况表.xlsx", xlsx([sh]), [sh], "county templates (header wording)")


def filler_line_units_row(rng: random.Random) -> Case:
    """The town only in the 填报单位 line (北坪镇人民政府), a units row under the header ((年/月/日), (万元)), an
    empty column between the fields, 整改资金 in 万元 by the units row."""
    sh = SheetSpec("Sheet1")
    sh.add(["2025年4月隐患排查整改台账"])
    sh.add(["填报单位：北坪镇人民政府　　　　填报日期：2025年5月6日"])
    sh.add(["序号", "行业领域", None, "单位名称", "隐患描述", "隐患等级", "发现日期", "整改期限", "整改资金", "整改状态"])
    sh.non_data([None, None, None, None, None, None, "（年/月/日）", "（年/月/日）", "（万元）", None])
    for i in range(rng.randint(4, 6)):
        code = rng.choice(["fire", "gas", "industry_trade"])
        unit, desc = pick(rng, code)
        found = day_in(rng, D(2025, 4, 1), 1, 20)
        deadline = later(found, rng, 7, 30)
        funds = rng.choice([None, 0.5, 2])
        status = rng.choice(["open", "rectified"])
        hz = Hz(town="北坪镇", sector=code, sector_raw=RAW[code], found=found, entity=unit, description=desc,
                level_raw="一般", deadline=deadline, status=status, funds_yuan=funds * 10_000 if funds else None)
        sh.hazard([i + 1, RAW[code], None, unit, desc, "一般", as_dt(found), as_dt(deadline), funds,
                   "已整改" if status == "rectified" else "未整改"], hz, "town_from_context")
    return Case("filler_line_units_row", "隐患排查整改台账.xlsx", xlsx([sh]), [sh], "DATA_CONTRACT §1.1")


def xml2003_export(rng: random.Random) -> Case:
    """隐患台账.xls that is an Excel 2003 XML Spreadsheet (an older Java/.NET system's export): a merged title, 整改情况
    merged over 整改状态 | 整改完成日期, typed DateTime and Number cells, skipped empty cells (ss:Index), a hidden
    sheet of scratch rows that must not load."""
    sh = SheetSpec("隐患台账")
    sh.add(["东湖镇2025年4月隐患排查治理台账"])
    h1 = sh.add(["隐患编号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改情况", None, "整改资金（元）"])
    sh.add([None] * 6 + ["整改状态", "整改完成日期", None])
    sh.merges.append("A1:I1")
    for c in (1, 2, 3, 4, 5, 6, 9):
        sh.merge(h1, c, h1 + 1, c)
    sh.merge(h1, 7, h1, 8)
    for i in range(rng.randint(4, 6)):
        code = rng.choice(["fire", "gas", "industry_trade", "construction"])
        unit, desc = pick(rng, code)
        found = day_in(rng, D(2025, 4, 1), 1, 20)
        status = rng.choice(["open", "rectified"])
        rect = later(found, rng, 1, 8) if status == "rectified" else None
        funds = rng.choice([None, 500, 3000])
        sid = f"DH-{i + 1:03d}"
        hz = Hz(town="东湖镇", sector=code, sector_raw=RAW[code], found=found, entity=unit, description=desc, sid=sid,
                level_raw="一般", status=status, rectified=rect, funds_yuan=float(funds) if funds else None)
        sh.hazard([sid, RAW[code], unit, desc, "一般", found, "已整改" if rect else "整改中", rect, funds], hz,
                  "town_from_context")
    scratch = SheetSpec("草稿", state="hidden")
    scratch.add(["隐患编号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期"])
    scratch.add(["X-1", "消防", "草稿单位", "草稿隐患", "一般", D(2025, 4, 2)])
    books = [sh, scratch]
    return Case("xml2003_export", "隐患台账.xls", spreadsheet_xml(books), books, "Excel 2003 XML exports of older systems")


MORE = (quarter_sections, placeholders, days_limit, counts_sheet_unnamed, status_dates_remarks, header_variants,
        html_export, mixed_kinds, spoken_dates, old_office_xls, county_headers_more, filler_line_units_row,
        xml2003_export)
