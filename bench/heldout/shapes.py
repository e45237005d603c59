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

from .book import Case, Hz, SheetSpec, clean, csv_gb18030, serial, xlsx

D = dt.date
APRIL = D(2025, 4, 1)

TOWNS = ("城关镇", "河西乡", "北坪镇", "南山街道", "东湖镇", "青石乡")

# (code, unit, description) by sector, for content
CONTENT = {
    "fire": [("城关商贸城", "疏散通道堆放杂物"), ("红星宾馆", "应急照明灯损坏"), ("好运来超市", "灭火器压力不足"),
             ("金色年华KTV", "安全出口上锁"), ("百姓大药房", "电动自行车室内充电")],
    "school": [("城关第二小学", "食堂燃气管道老化"), ("育才幼儿园", "消防栓无水"), ("县职业中学", "实验室危化品未双人双锁")],
    "construction": [("滨江花园三期工地", "脚手架连墙件缺失"), ("县医院门诊楼工地", "塔吊限位失灵"),
                     ("安置房二标段", "临边防护缺失")],
    "hazchem": [("宏达化工有限公司", "储罐区防火堤破损"), ("中石化城关加油站", "卸油区静电接地损坏")],
    "gas": [("老街火锅店", "未安装燃气泄漏报警器"), ("便民液化气站", "气瓶超期未检")],
    "industry_trade": [("兴旺机械厂", "砂轮机无防护罩"), ("恒达木业", "除尘系统未接地"), ("鑫源纺织厂", "配电柜前堆放杂物")],
    "special_equipment": [("城关商厦", "电梯超期未检"), ("华丰食品厂", "锅炉安全阀未校验")],
    "mining": [("青石采石场", "边坡超高超陡"), ("白沙尾矿库", "排洪设施淤堵")],
    "traffic": [("顺达客运公司", "客车安全带损坏"), ("通达物流", "货车超载")],
    "water": [("河西渡口", "渡船救生衣不足"), ("东湖渔业合作社", "渔船未配备AIS")],
    "tourism": [("青龙山景区", "玻璃栈道护栏松动"), ("古镇游客中心", "应急广播故障")],
    "other": [("县人民医院", "氧气间无警示标识"), ("城关供电所", "变压器围栏破损")],
}
DEPTS = {"fire": "县消防救援大队", "school": "县教育局", "construction": "县住建局", "hazchem": "县应急管理局",
         "gas": "县住建局", "industry_trade": "县应急管理局", "special_equipment": "县市场监管局", "mining": "县应急管理局",
         "traffic": "县交通运输局", "water": "县农业农村局", "tourism": "县文旅局", "other": "县卫健局"}
PEOPLE = ("张伟", "王芳", "李强", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周涛", "吴霞")


def pick(rng: random.Random, sector: str) -> tuple[str, str]:
    return rng.choice(CONTENT[sector])


def day_in(rng: random.Random, month: D, lo: int = 1, hi: int = 28) -> D:
    return month.replace(day=rng.randint(lo, hi))


def later(d: D, rng: random.Random, lo: int, hi: int) -> D:
    return d + dt.timedelta(days=rng.randint(lo, hi))


def as_dt(d: D, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day, hour, minute)


FW = str.maketrans("0123456789", "０１２３４５６７８９")


def render_date(d: D, style: str) -> object:
    """A date as a clerk or a system writes it; 'md*' styles carry no year."""
    return {
        "dt": lambda: as_dt(d),
        "dt_time": lambda: as_dt(d, 9, 30),
        "serial": lambda: serial(d),
        "serial_time": lambda: serial(d) + 0.5,
        "iso": lambda: d.isoformat(),
        "iso_time": lambda: f"{d.isoformat()} 14:30",
        "slash": lambda: f"{d.year}/{d.month}/{d.day}",
        "slash_time": lambda: f"{d.year}/{d.month}/{d.day} 9:05",
        "dot": lambda: f"{d.year}.{d.month}.{d.day}",
        "cn": lambda: f"{d.year}年{d.month}月{d.day}日",
        "fw": lambda: f"{d.year}年{d.month}月{d.day}日".translate(FW),
        "compact": lambda: f"{d:%Y%m%d}",
        "compact_int": lambda: int(f"{d:%Y%m%d}"),
        "md_cn": lambda: f"{d.month}月{d.day}日",
        "md_dot": lambda: f"{d.month}.{d.day}",
        "md_float": lambda: float(f"{d.month}.{d.day:02d}") if d.day % 10 else f"{d.month}.{d.day}",
    }[style]()


def no_year(style: str) -> bool:
    return style.startswith("md")


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
                   opinion], hz, "town_from_context")
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


SHAPES = (guapai_five_measures, yhpc_company_marks, msm_review_ledger, town_sheets_serials, legend_codes,
          clerk_month_day, county_free_text, gbk_csv_yes_no, wide_noise_columns, datetime_acceptance,
          nothing_found_rows, level_by_sheet_name, merged_units, level_ticks_sources)


def build(seed: int = 2025, shapes=SHAPES) -> list[Case]:
    """Every shape once for ``seed`` (each shape its own generator, so adding one changes no other)."""
    return [shape(random.Random(f"{seed}:{shape.__name__}")) for shape in shapes]


__all__ = ["SHAPES", "build", "clean"]
