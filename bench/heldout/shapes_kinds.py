"""Held-out sheets of the two other kinds: inspection logs (执法检查台账, a town's 安全检查记录表) and a registry
(企业名录) — each row a visit or a unit, with every field's truth. Sources: issue 11's inspection log with
其中重大隐患数; the ledger guides' 检查记录 (检查时间, 检查人员, 发现问题, 处罚); docs/DATA_CONTRACT.md §2
inspections and entities, §3 header synonyms (发现隐患数, 其中：重大隐患, 罚款（万元）, 风险等级)."""

from __future__ import annotations

import datetime as dt
import random

from .book import Case, SheetSpec, unit, visit, xlsx
from .content import DEPTS, PEOPLE, TOWNS, as_dt, day_in, pick, render_date

D = dt.date
APRIL = D(2025, 4, 1)
METHODS = [("双随机", "spot"), ("四不两直", "unannounced"), ("专项检查", "special"), ("联合执法", "joint"),
           ("日常检查", "routine")]
RAW = {"fire": "消防", "hazchem": "危险化学品", "industry_trade": "工贸", "gas": "燃气", "construction": "建筑施工"}


def enforcement_log(rng: random.Random) -> Case:
    """A county bureau's 执法检查台账: a two-row header whose 发现隐患（项） group spans 合计 | 其中重大 (the major
    count is the second sub-column, not a second "hazards found"); 罚款（万元） (× 10,000; blank = 0); visits
    that found nothing (0); 执法人员 as "张伟、王芳"; no department column (none stored)."""
    sh = SheetSpec("执法检查")
    sh.add(["安宁县应急管理局2025年4月执法检查台账"])
    h1 = sh.add(["序号", "检查时间", "被检查单位", "所属乡镇", "行业领域", "检查方式", "执法人员", "发现隐患（项）", None,
                 "罚款（万元）", "备注"])
    sh.add([None] * 7 + ["合计", "其中重大", None, None])
    for c in (1, 2, 3, 4, 5, 6, 7, 10, 11):
        sh.merge(h1, c, h1 + 1, c)
    sh.merge(h1, 8, h1, 9)
    for i in range(rng.randint(5, 8)):
        code = rng.choice(["fire", "hazchem", "industry_trade", "gas"])
        name, _ = pick(rng, code)
        town = rng.choice(TOWNS)
        day = day_in(rng, APRIL)
        mraw, method = rng.choice(METHODS)
        found = rng.choice([0, 0, 2, 3, 5])
        major = 1 if found >= 3 and rng.random() < 0.5 else 0
        fine = rng.choice([None, None, 0.5, 1.2])
        people = "、".join(rng.sample(PEOPLE, 2))
        expected = visit(inspection_date=day, town=town, sector=code, sector_raw=RAW[code], entity_name=name,
                         inspection_method=method, inspectors=people, hazards_found=found, major_hazards_found=major,
                         penalty_yuan=fine * 10_000 if fine else 0.0)
        sh.record([i + 1, as_dt(day), name, town, RAW[code], mraw, people, found, major, fine,
                   "未发现隐患" if found == 0 else None], expected)
    sh.non_data(["合计", None, None, None, None, None, None, "=SUM(H4:H20)"])
    return Case("enforcement_log", "执法检查台账2025年4月.xlsx", xlsx([sh]), [sh], "issue 11; DATA_CONTRACT §3",
                kind="inspection")


def town_check_records(rng: random.Random) -> Case:
    """A town's 安全生产检查记录表: the town in the title; 检查日期 typed 2025.4.3 or 4月3日 (no year: from the
    report month, counted); 检查组成员, 行业类别, 检查形式, 隐患数量, 重大隐患数, 处罚金额（元）, 检查部门."""
    sh = SheetSpec("检查记录")
    sh.add(["河西乡2025年4月安全生产检查记录表"])
    sh.add(["序号", "检查日期", "检查部门", "检查组成员", "被检查单位", "行业类别", "检查形式", "隐患数量", "重大隐患数",
            "处罚金额（元）"])
    for i in range(rng.randint(5, 8)):
        code = rng.choice(["fire", "gas", "construction"])
        name, _ = pick(rng, code)
        day = day_in(rng, APRIL)
        style = rng.choice(["dot", "md_cn", "md_dot"])
        mraw, method = rng.choice(METHODS)
        found = rng.choice([0, 1, 2, 4])
        fine = rng.choice([0, 0, 2000, 5000])
        people = f"{rng.choice(PEOPLE)} {rng.choice(PEOPLE)}"
        expected = visit(inspection_date=day, town="河西乡", sector=code, sector_raw=RAW[code], entity_name=name,
                         department=DEPTS[code], inspection_method=method, inspectors=people, hazards_found=found,
                         penalty_yuan=float(fine))
        decisions = ("date_without_year",) if style.startswith("md") else ()
        sh.record([i + 1, render_date(day, style), DEPTS[code], people, name, RAW[code], mraw, found, 0, fine], expected,
                  *decisions)
    sh.non_data(["检查人签字：", None, None, None, "被检查单位负责人签字："])
    return Case("town_check_records", "河西乡安全检查记录.xlsx", xlsx([sh]), [sh], "ledger guides (检查记录)",
                kind="inspection")


def registry_units(rng: random.Random) -> Case:
    """企业名录: 企业（单位）名称, 统一社会信用代码 typed in lower case with spaces, 所在乡镇, 行业类别, 行业主管部门,
    安全风险等级 written 重大风险 / 较大风险 / 一般风险 / 低风险 or 红 / 橙 / 黄 / 蓝."""
    sh = SheetSpec("名录")
    sh.add(["安宁县2025年生产经营单位安全风险分级名录"])
    sh.add(["序号", "企业（单位）名称", "统一社会信用代码", "所在乡镇", "行业类别", "行业主管部门", "安全风险等级"])
    risks = [("重大风险", "red"), ("较大风险", "orange"), ("一般风险", "yellow"), ("低风险", "blue"), ("红", "red"),
             ("蓝", "blue")]
    seen = set()
    for i in range(rng.randint(5, 8)):
        code = rng.choice(["fire", "hazchem", "industry_trade", "gas"])
        name, _ = pick(rng, code)
        name = f"{name}{i + 1}"
        if name in seen:
            continue
        seen.add(name)
        town = rng.choice(TOWNS)
        credit = f"91510000MA{rng.randint(10**7, 10**8 - 1)}"
        typed = credit.lower()[:8] + " " + credit.lower()[8:]
        rraw, risk = rng.choice(risks)
        expected = unit(entity_name=name, town=town, sector=code, sector_raw=RAW[code], department=DEPTS[code],
                        credit_code=credit.upper(), risk_level=risk)
        sh.record([i + 1, name, typed, town, RAW[code], DEPTS[code], rraw], expected)
    return Case("registry_units", "生产经营单位名录.xlsx", xlsx([sh]), [sh], "DATA_CONTRACT §2 entities",
                kind="registry")


KIND_SHAPES = (enforcement_log, town_check_records, registry_units)
