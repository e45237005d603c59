"""Held-out ledgers: sheets shaped like what Chinese hazard systems and town offices export, built in
code from a seed, each with the truth of every row (bench/heldout/book.py). None of them copies a
fixture of tests/fixtures/; the point is to meet the loader with layouts and words it was not tuned on.

Where the shapes come from (public code and pages read for this set):

* ColinYu25/yhpc — 宁波市安全生产事故隐患排查治理信息系统 (a municipal hazard system):
  ``src/main/webapp/template/bigTrouble/trouble_list_excel.jsp`` exports 重大隐患.xls with 序号 | 地区 |
  行业与领域 | 单位名称 | 地址 | 隐患内容 | 落实治理目标任务 | 落实治理经费物资 | 落实治理机构人员 |
  落实治理时间要求 | 落实安全措施应急预案 | 时间, and writes 行业与领域 as words such as 金属非金属矿山企业,
  尾矿库, 冶金企业, 石油天然气开采企业, 使用危化品的化工企业, 道路运输企业和单位, 渔业企业, 学校,
  商场、市场等人员密集场所, 建筑施工企业, 民爆器材生产企业, 机械制造企业, 燃气, 旅游行业, "三合一"场所,
  出租房, 医院, 电力企业 (shapes ``guapai_five_measures``, ``county_free_text``).
  ``src/main/webapp/template/statistic/company_nomalDanger_list.ftl`` (企业一般事故隐患情况列表): 序号 |
  隐患描述 (or 无隐患) | 隐患类别 over 人 | 物 | 管理 with √ | 录入方式 over 自报 | 代报 | 治理状态 over
  未治理 | 已治理, and a 说明 row "隐患类别：“√”代表隐患所属的类别 …" (shape ``yhpc_company_marks``).
* dudu-du/msm ``web/src/main/resources/templates/check/dangerLedgerPage.ftl`` — 隐患治理信息台账: 序号 | 排查时间 |
  排查人 | 隐患部位 | 隐患名称 | 隐患等级 | 治理措施 | 完成时限 | 责任部门 | 责任人 | 复查时间 | 复查人 | 复查结果
  (shape ``msm_review_ledger``).
* Buxianz/security ``HidDangerDTO.java`` — 隐患处理状态 1 上报未整改 2 责令未整改 3 已通知待整改 4 已整改待审核
  5 审核通过 6 审核不通过 (status words and a status legend, shape ``legend_codes``).
* A hazard-report form spec found by the code search (隐患级别 7 一般隐患 / 6 重点隐患 / 5 重大隐患): codes
  that mean the reverse of the obvious reading, explained only by a legend (shape ``legend_codes``).
* bttkkrt/scysuper ``CommoTrouble_dataXz.jsp`` — the summary sheet of a 隐患 system: 所属地区 | 总企业数 |
  检查企业数 | 查出隐患数 | 完成隐患数 | 隐患整改率 | 重大隐患数 … (the 汇总 sheet of ``town_sheets_serials``).
* Ledger-content guides (fudaoke.com/exam/3048780.html, /3055405.html, /3015989.html): 六定 (项目, 措施, 资金,
  责任人, 时间, 复查人), 验收人 签字 and 日期, 重大隐患 挂牌督办, "3日内完成" style time limits.
* docs/DATA_CONTRACT.md §1.1 for the layout variations every office produces (title rows, 填报单位 line,
  merged two-row headers, units and column-number rows, 合计 and footer rows, hidden and summary sheets,
  GB18030 CSV, dates as serials, text and month-day, deadline phrases).

Every shape takes a ``random.Random`` and returns a :class:`~bench.heldout.book.Case`; the seed varies the
units, descriptions, dates, statuses, the order of rows and (where the shape allows) of columns.
"""


from __future__ import annotations

import datetime as dt
import random

from .book import Case, Hz, SheetSpec, xlsx
from .content import APRIL, DEPTS, PEOPLE, TOWNS, as_dt, day_in, later, no_year, pick, render_date

D = dt.date


# ------------------------------------------------------------------ 1. 重大事故隐患挂牌督办台账 (county)


def guapai_five_measures(rng: random.Random) -> Case:
    """The county office's 重大事故隐患挂牌督办台账: title and 填报单位 line; a two-row header whose groups
    挂牌督办 (督办级别 | 督办单位) and 五落实 (治理目标任务 | 经费物资（万元） | 整改责任人 | 时间要求 |
    安全措施和应急预案) are merged; 地区 is the town (yhpc's export); no level column — every row major by the
    title; no 责任部门 — 督办单位 fills it; 经费物资 in 万元; 时间要求 as a date or a phrase; 整改进展 as free
    text; a note row and a signature row at the foot."""
    sh = SheetSpec("挂牌督办")
    sh.add(["安宁县重大事故隐患挂牌督办台账（2025年4月）"])
    sh.add(["填报单位：安宁县安全生产委员会办公室　　　　填报日期：2025年5月6日"])
    top = ["序号", "地区", "行业与领域", "单位名称", "地址", "隐患内容", "发现时间", "挂牌督办", None,
           "五落实", None, None, None, None, "整改进展", "销号时间"]
    sub = [None, None, None, None, None, None, None, "督办级别", "督办单位",
           "治理目标任务", "经费物资（万元）", "整改责任人", "时间要求", "安全措施和应急预案", None, None]
    h1 = sh.add(top)
    sh.add(sub)
    for c in (1, 2, 3, 4, 5, 6, 7, 15, 16):
        sh.merge(h1, c, h1 + 1, c)
    sh.merge(h1, 8, h1, 9)
    sh.merge(h1, 10, h1, 14)
    levels = [("省级挂牌督办", "province", "省安委办"), ("市级", "city", "市安委会"), ("县级", "county", "县安委办"),
              ("县级挂牌", "county", "县政府")]
    sectors = [("金属非金属矿山企业", "mining"), ("使用危化品的化工企业", "hazchem"), ("建筑施工企业", "construction"),
               ("燃气", "gas"), ("商场、市场等人员密集场所", "fire"), ("尾矿库", "mining")]
    progress = [("正在整改", "open", ()), ("已完成整改，待验收", "rectified", ("status_by_words",)),
                ("已整改", "rectified", ()), ("设备已停用，正在制定改造方案", "open", ("status_by_words",)),
                ("未整改", "open", ())]
    n = rng.randint(5, 7)
    for i in range(n):
        raw_sector, code = sectors[i % len(sectors)]
        unit, desc = pick(rng, code)
        town = rng.choice(TOWNS)
        found = day_in(rng, APRIL)
        lvl_raw, lvl, sup = rng.choice(levels)
        funds_wan = rng.choice([0.5, 2, 12.5, 30, 3.8])
        deadline = later(found, rng, 30, 90)
        decisions = ["level_from_title", "department_from_supervisor"]
        dl_style = rng.choice(["dt", "phrase", "month_end"])
        if dl_style == "phrase":
            dl_cell = f"{deadline.year}年{deadline.month}月{deadline.day}日前"
            decisions.append("deadline_phrase")
        elif dl_style == "month_end":
            deadline = (deadline.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            dl_cell = f"{deadline.month}月底前"
            decisions.append("deadline_phrase")
        else:
            dl_cell = as_dt(deadline)
        words, status, more = progress[i % len(progress)]
        decisions += more
        rect = later(found, rng, 5, 20) if status == "rectified" else None
        person = rng.choice(PEOPLE)
        hz = Hz(town=town, sector=code, sector_raw=raw_sector, found=found, entity=unit, description=desc,
                level="major", deadline=deadline, status=status, rectified=rect, department=sup, supervisor=sup,
                supervision_level=lvl, measures="停产整改，更换设备", funds_yuan=funds_wan * 10_000, person=person,
                plan="设置警戒区，制定专项应急预案")
        sh.hazard([i + 1, town, raw_sector, unit, f"{town}{unit}附近", desc, as_dt(found), lvl_raw, sup,
                   "停产整改，更换设备", funds_wan, person, dl_cell, "设置警戒区，制定专项应急预案", words,
                   as_dt(rect) if rect else None], hz, *decisions)
    sh.non_data(["注：经费物资以万元为单位；时间要求为五落实中的整改完成时限。"])
    sh.non_data(["填表人：刘洋", None, None, "审核人：陈静", None, None, "联系电话：0839-1234567"])
    return Case("guapai_five_measures", "安宁县重大事故隐患挂牌督办台账.xlsx", xlsx([sh]), [sh],
                "ColinYu25/yhpc bigTrouble/trouble_list_excel.jsp; DATA_CONTRACT v2 五落实")


# ------------------------------------------------------------------ 2. yhpc company list with tick matrices


def yhpc_company_marks(rng: random.Random) -> Case:
    """企业一般事故隐患情况列表 as the yhpc system lays it out: a title that says every row is general; a
    banner row (area | period); 隐患类别 over 人 | 物 | 管理 (ticks: the category), 录入方式 over 自报 | 代报
    (ticks no field takes: ignored), 治理状态 over 未治理 | 已治理 (ticks: the status); 无隐患 rows; the
    system's 说明 row at the foot. The town comes from the file name; the sheet is one sector's (工贸企业)."""
    sh = SheetSpec("工贸企业")
    sh.add(["企业一般事故隐患情况列表"])
    sh.add(["北坪镇", None, None, "2025年第2季度4月"])
    h1 = sh.add(["序号", "单位名称", "隐患描述", "隐患类别", None, None, "排查日期", "录入方式", None, "治理状态", None])
    sh.add([None, None, None, "人", "物", "管理", None, "自报", "代报", "未治理", "已治理"])
    for c in (1, 2, 3, 7):
        sh.merge(h1, c, h1 + 1, c)
    sh.merge(h1, 4, h1, 6)
    sh.merge(h1, 8, h1, 9)
    sh.merge(h1, 10, h1, 11)
    n = rng.randint(6, 9)
    seq = 0
    nothing_at = {2, 5}
    for i in range(n):
        seq += 1
        unit, desc = pick(rng, "industry_trade")
        found = day_in(rng, APRIL)
        if i in nothing_at:
            sh.non_data([seq, f"{unit}{i}", "无隐患", None, None, None, as_dt(found), "√", None, None, None])
            continue
        cat = rng.choice(["人", "物", "管理"])
        status = rng.choice(["open", "rectified"])
        ticks = [("√" if cat == c else None) for c in ("人", "物", "管理")]
        entry = ["√", None] if rng.random() < 0.5 else [None, "√"]
        st = ["√", None] if status == "open" else [None, "√"]
        hz = Hz(town="北坪镇", sector="industry_trade", found=found, entity=f"{unit}{i}", description=desc,
                level="general", status=status, category=cat)
        # status ticks with no rectified-date column: the tick decides, nothing defaulted
        sh.hazard([seq, f"{unit}{i}", desc, *ticks, as_dt(found), *entry, *st], hz, "level_from_title",
                  "town_from_context", "sector_from_sheet")
    sh.non_data(["说明：隐患类别：“√”代表隐患所属的类别。人：人的不安全行为；管理：管理上的缺陷；物：物的不安全状态。"])
    return Case("yhpc_company_marks", "北坪镇_企业隐患情况_2025年4月.xlsx", xlsx([sh]), [sh],
                "ColinYu25/yhpc statistic/company_nomalDanger_list.ftl")


# ------------------------------------------------------------------ 3. msm 隐患治理信息台账, one sheet per sector


def msm_review_ledger(rng: random.Random) -> Case:
    """隐患治理信息台账 (dudu-du/msm's columns): one sheet per sector (消防, 燃气, 特种设备), the town in the
    title; 隐患部位 (a location, no field), 隐患名称 the description, no unit and no status column: 复查时间
    fills the rectified date, and the status follows from it (a default the report counts); dates typed
    2025.4.3 / 2025/4/3; 复查结果 合格 → passed."""
    sheets = []
    for name, code in (("消防", "fire"), ("燃气", "gas"), ("特种设备", "special_equipment")):
        sh = SheetSpec(name)
        sh.add(["河西乡隐患治理信息台账（2025年4月）"])
        sh.add(["序号", "排查时间", "排查人", "隐患部位", "隐患名称", "隐患等级", "治理措施", "完成时限", "责任部门",
                "责任人", "复查时间", "复查人", "复查结果"])
        for i in range(rng.randint(3, 5)):
            _, desc = pick(rng, code)
            found = day_in(rng, APRIL, 1, 15)
            fstyle = rng.choice(["dot", "slash", "iso"])
            deadline = later(found, rng, 7, 30)
            lvl_raw = rng.choice(["一般隐患", "一般隐患", "重大隐患", "较大隐患"])
            level = "major" if lvl_raw == "重大隐患" else "general"
            decisions = ["town_from_context", "sector_from_sheet", "status_defaulted"]
            if lvl_raw == "较大隐患":
                decisions.append("level_between")
            reviewed = rng.random() < 0.5
            vdate = later(found, rng, 1, 10) if reviewed else None
            if reviewed:
                decisions.append("rectified_from_verified")
            person, checker = rng.choice(PEOPLE), rng.choice(PEOPLE)
            dept = DEPTS[code]
            hz = Hz(town="河西乡", sector=code, found=found, description=desc, level=level, level_raw=lvl_raw,
                    deadline=deadline, status="rectified" if reviewed else "open", rectified=vdate, department=dept,
                    measures="立即维修更换", person=person, verified=vdate, verified_by=checker if reviewed else None,
                    verification="passed" if reviewed else None)
            sh.hazard([i + 1, render_date(found, fstyle), rng.choice(PEOPLE), rng.choice(["一楼大厅", "后厨", "配电房"]),
                       desc, lvl_raw, "立即维修更换", render_date(deadline, fstyle), dept, person,
                       render_date(vdate, fstyle) if vdate else None, checker if reviewed else None,
                       "合格" if reviewed else None], hz, *decisions)
        sheets.append(sh)
    return Case("msm_review_ledger", "河西乡隐患治理台账.xlsx", xlsx(sheets), sheets,
                "dudu-du/msm templates/check/dangerLedgerPage.ftl")


# ------------------------------------------------------------------ 4. one sheet per town, serial dates, footers


def town_sheets_serials(rng: random.Random) -> Case:
    """A county file with one sheet per town (the town only in the sheet name), a 汇总 sheet of counts per
    town, a 填表说明 sheet and a hidden scratch sheet holding hazard-like rows (none may load). Found
    dates as Excel serials or 20250403; a blank row inside the table; 合　计, 以下空白, 填表人 / 审核人 rows."""
    sheets = []
    summary = SheetSpec("汇总")
    summary.add(["所属地区", "总企业数", "检查企业数", "查出隐患数", "完成隐患数", "隐患整改率", "重大隐患数"])
    for town in ("城关镇", "东湖镇"):
        sh = SheetSpec(town)
        sh.add([f"{town}2025年4月安全隐患清单"])
        sh.add(["序号", "隐患编号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改期限", "整改状态",
                "整改完成日期", "责任部门"])
        k = rng.randint(4, 6)
        done = 0
        for i in range(k):
            code = rng.choice(["fire", "school", "gas", "industry_trade", "traffic"])
            raw = {"fire": "消防", "school": "学校", "gas": "燃气", "industry_trade": "工贸", "traffic": "道路交通"}[code]
            unit, desc = pick(rng, code)
            found = day_in(rng, APRIL)
            style = rng.choice(["serial", "compact", "compact_int"])
            deadline = later(found, rng, 10, 40)
            status = rng.choice(["open", "rectified"])
            rect = later(found, rng, 1, 9) if status == "rectified" else None
            done += status == "rectified"
            sid = f"{'CG' if town == '城关镇' else 'DH'}-2504-{i + 1:03d}"
            hz = Hz(town=town, sector=code, sector_raw=raw, found=found, entity=unit, description=desc, sid=sid,
                    level_raw="一般", deadline=deadline, status=status, rectified=rect, department=DEPTS[code])
            sh.hazard([i + 1, sid, raw, unit, desc, "一般", render_date(found, style), render_date(deadline, style),
                       "已整改" if status == "rectified" else "整改中", render_date(rect, style) if rect else None,
                       DEPTS[code]], hz, "town_from_context")
            if i == 1:
                sh.add([])
        sh.non_data(["合　计", None, None, None, f"{k}项", None, None, None, f"已整改{done}项"])
        sh.non_data(["以下空白"])
        sh.non_data(["填表人：王芳", None, None, None, "审核人：张伟", None, None, "填报日期：2025年5月5日"])
        summary.add([town, 40, 12, k, done, f"{done / k:.0%}", 0])
        sheets.append(sh)
    instructions = SheetSpec("填表说明")
    instructions.add(["1. 发现日期填写格式为 20250401。"])
    instructions.add(["2. 整改状态填写：未整改 / 整改中 / 已整改。"])
    scratch = SheetSpec("Sheet3", state="hidden")
    scratch.add(["序号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期"])
    scratch.add([1, "消防", "草稿单位", "草稿隐患", "一般", as_dt(D(2025, 4, 2))])
    books = [*sheets, summary, instructions, scratch]
    return Case("town_sheets_serials", "2025年4月各乡镇隐患清单.xlsx", xlsx(books), books,
                "DATA_CONTRACT §1.1 (sheets per town, summary, hidden); bttkkrt/scysuper CommoTrouble_dataXz.jsp")


# ------------------------------------------------------------------ 5. codes explained by a 说明 sheet and a note row


def legend_codes(rng: random.Random) -> Case:
    """Level codes that mean the reverse of the 1 = 一般 habit (1 = 重大隐患, 2 = 一般隐患, given in a 说明
    sheet as "1=重大隐患；2=一般隐患"), and 隐患处理状态 as codes 1-6 (Buxianz/security's states) explained
    by a note row under the table. A row with a status code the legend does not give is rejected."""
    sh = SheetSpec("隐患台账")
    sh.add(["南山街道2025年4月隐患排查治理台账"])
    sh.add(["序号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "隐患处理状态", "整改完成日期"])
    states = {1: ("上报未整改", "open"), 2: ("责令未整改", "open"), 3: ("已通知待整改", "open"),
              4: ("已整改待审核", "rectified"), 5: ("审核通过", "rectified"), 6: ("审核不通过", "open")}
    n = rng.randint(6, 8)
    for i in range(n):
        code = rng.choice(["fire", "gas", "construction", "industry_trade"])
        raw = {"fire": "消防", "gas": "燃气", "construction": "建筑施工", "industry_trade": "工贸"}[code]
        unit, desc = pick(rng, code)
        found = day_in(rng, APRIL, 1, 20)
        lvl_code = rng.choice([1, 2, 2, 2])
        st_code = rng.randint(1, 6)
        status = states[st_code][1]
        rect = later(found, rng, 1, 7) if status == "rectified" else None
        hz = Hz(town="南山街道", sector=code, sector_raw=raw, found=found, entity=unit, description=desc,
                level="major" if lvl_code == 1 else "general", level_raw=str(lvl_code), status=status, rectified=rect)
        sh.hazard([i + 1, raw, unit, desc, lvl_code, as_dt(found), st_code, as_dt(rect) if rect else None], hz,
                  "town_from_context", "level_by_legend", "codes_by_legend")
    unit, desc = pick(rng, "fire")
    sh.rejected([n + 1, "消防", unit, desc, 2, as_dt(D(2025, 4, 9)), 9, None], "隐患处理状态")
    sh.non_data(["注：隐患处理状态 1-上报未整改 2-责令未整改 3-已通知待整改 4-已整改待审核 5-审核通过 6-审核不通过"])
    legend = SheetSpec("说明")
    legend.add(["隐患等级：1=重大隐患；2=一般隐患"])
    legend.add(["发现日期按年月日填写"])
    return Case("legend_codes", "南山街道隐患台账2025年4月.xlsx", xlsx([sh, legend]), [sh, legend],
                "Buxianz/security HidDangerDTO.java (states); a 隐患级别 form spec with reversed codes")


# ------------------------------------------------------------------ 6. a clerk's hand-typed dates and phrases


def clerk_month_day(rng: random.Random) -> Case:
    """A town office's ledger typed by hand: found dates without a year (4月3日, 4.3, the number 4.15),
    with a year in Chinese or full-width digits; deadlines 4月底前 / 5月15日前 / 立即整改 / 长期坚持 / 15日内 /
    2025.5.20; rectified dates 4.18. The title gives town and month."""
    sh = SheetSpec("4月")
    sh.add(["东湖镇2025年4月份安全生产隐患排查整改台账"])
    sh.add(["填报单位：东湖镇人民政府"])
    sh.add(["序号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改期限", "整改状态", "整改完成日期"])
    n = rng.randint(8, 11)
    for i in range(n):
        code = rng.choice(["fire", "gas", "school", "industry_trade", "construction"])
        raw = {"fire": "消防", "gas": "燃气", "school": "学校", "industry_trade": "工贸", "construction": "建筑施工"}[code]
        unit, desc = pick(rng, code)
        found = day_in(rng, APRIL, 1, 20)
        decisions = ["town_from_context"]
        fstyle = rng.choice(["md_cn", "md_dot", "md_float", "cn", "fw", "dt"])
        if no_year(fstyle):
            decisions.append("date_without_year")
        kind = i % 6
        if kind == 0:
            deadline = D(2025, 4, 30)
            dl = "4月底前"
            decisions.append("deadline_phrase")
        elif kind == 1:
            deadline = D(2025, 5, 15)
            dl = "5月15日前"
            decisions.append("deadline_phrase")
        elif kind == 2:
            deadline, dl = found, "立即整改"
            decisions.append("deadline_immediate")
        elif kind == 3:
            deadline, dl = None, "长期坚持"
            decisions.append("deadline_long_term")
        elif kind == 4:
            deadline, dl = found + dt.timedelta(days=15), "15日内"
            decisions.append("deadline_phrase")
        else:
            deadline = later(found, rng, 10, 30)
            dl = render_date(deadline, "dot")
        status = rng.choice(["open", "rectified"])
        rect = None
        rect_cell = None
        if status == "rectified":
            rect = min(later(found, rng, 1, 8), D(2025, 4, 30))
            rect_cell = render_date(rect, "md_dot")
            if "date_without_year" not in decisions:
                decisions.append("date_without_year")
        hz = Hz(town="东湖镇", sector=code, sector_raw=raw, found=found, entity=unit, description=desc,
                level_raw="一般", deadline=deadline, status=status, rectified=rect)
        sh.hazard([i + 1, raw, unit, desc, "一般", render_date(found, fstyle), dl,
                   "已整改" if status == "rectified" else "未整改", rect_cell], hz, *decisions)
    sh.non_data(["填表人：黄敏　　　审核人：周涛　　　联系电话：13800000000"])
    return Case("clerk_month_day", "东湖镇4月台账.xlsx", xlsx([sh]), [sh], "DATA_CONTRACT §1.1 v2 dates; ledger guides")


# ------------------------------------------------------------------ 7. county ledger: system sector words, free text


def county_free_text(rng: random.Random) -> Case:
    """A county-wide ledger whose 行业类别 holds the hazard system's long sector words (yhpc's list), whose
    整改完成情况 is free text, and whose 隐患级别 is written 一般隐患 / 重大事故隐患 / 较大隐患."""
    sh = SheetSpec("Sheet1")
    sh.add(["安宁县2025年4月安全生产隐患排查整改台账"])
    sh.add(["序号", "所属乡镇", "行业类别", "单位名称", "存在问题", "隐患级别", "检查日期", "整改时限", "整改完成情况",
            "整改完成时间", "监管部门"])
    words = [("金属非金属矿山企业", "mining"), ("使用危化品的化工企业", "hazchem"), ("道路运输企业和单位", "traffic"),
             ("渔业企业", "water"), ("机械制造企业", "industry_trade"), ("\"三合一\"场所", "fire"),
             ("旅游行业", "tourism"), ("冶金企业", "industry_trade"), ("石油天然气开采企业", "mining"),
             ("民爆器材生产企业", "hazchem"), ("出租房", "fire"), ("医院", "other"), ("电力企业", "other"),
             ("建筑施工企业", "construction"), ("商场、市场等人员密集场所", "fire")]
    texts = [("已更换老化线路", "rectified", True), ("正在整改，已下达整改通知书", "open", True),
             ("完成整改，待复查", "rectified", True), ("已拆除违章搭建", "rectified", True),
             ("督促整改中", "open", True), ("已整改", "rectified", False), ("未整改", "open", False)]
    rng.shuffle(words)
    for i, (raw, code) in enumerate(words):
        unit, desc = pick(rng, code)
        town = rng.choice(TOWNS)
        found = day_in(rng, APRIL, 1, 20)
        lvl_raw = rng.choice(["一般隐患", "一般隐患", "重大事故隐患", "较大隐患"])
        level = "major" if lvl_raw == "重大事故隐患" else "general"
        decisions = []
        if code == "other":
            decisions.append("sector_other")
        if lvl_raw == "较大隐患":
            decisions.append("level_between")
        text, status, free = texts[i % len(texts)]
        if free:
            decisions.append("status_by_words")
        rect = later(found, rng, 1, 9) if status == "rectified" else None
        deadline = later(found, rng, 10, 30)
        hz = Hz(town=town, sector=code, sector_raw=raw, found=found, entity=unit, description=desc, level=level,
                level_raw=lvl_raw, deadline=deadline, status=status, rectified=rect, department=DEPTS[code])
        sh.hazard([i + 1, town, raw, unit, desc, lvl_raw, as_dt(found), as_dt(deadline), text,
                   as_dt(rect) if rect else None, DEPTS[code]], hz, *decisions)
    return Case("county_free_text", "安宁县4月隐患台账.xlsx", xlsx([sh]), [sh], "ColinYu25/yhpc tradeType words")


SYSTEM_SHAPES = (guapai_five_measures, yhpc_company_marks, msm_review_ledger, town_sheets_serials, legend_codes,
                 clerk_month_day, county_free_text)
