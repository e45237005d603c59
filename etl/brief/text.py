"""Text of the briefing pack: deterministic Chinese sentences and tables from ``BriefData``.

The report follows the usual shape of a county work-safety report:
一、主要工作和成效 / 二、存在的问题 / 三、下一步工作. Every number is taken from the data
model (which holds the warehouse query results), so the text, the slides and the dashboard
agree. Templates only: the same data always gives the same text; the analyst edits it in
the app before export when the meeting needs more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import followthrough
from .fmt import dept_name, fmt_date, fmt_int, fmt_month, fmt_pct, owner_name
from .model import RISK_ZH, BriefData, _date, _missing

MAX_NAMES = 5


def area_name(d: BriefData) -> str:
    """Whose pack this is: the selected towns (up to three named), else the county."""
    towns = d.scope.towns
    if not towns:
        return d.county
    return "、".join(towns) if len(towns) <= 3 else f"{'、'.join(towns[:2])}等{len(towns)}个乡镇"


def report_title(d: BriefData) -> str:
    return f"{area_name(d)}{fmt_month(d.month)}安全生产隐患排查治理情况报告"


def subtitle(d: BriefData) -> str:
    s = d.scope
    parts = [f"{fmt_month(d.month)}", f"数据截至 {fmt_date(d.as_of)}"]
    r = d.month_report
    if r is not None and r.expected:
        parts.append(f"本月台账已报 {r.reported}/{r.expected} 个乡镇（街道）" + ("，未报齐" if r.partial else ""))
    if s.towns:
        parts.append("范围：" + "、".join(s.towns))
    if s.sectors:
        parts.append("行业：" + "、".join(d.sector_name(c) for c in s.sectors))
    if s.level:
        parts.append("等级：" + ("重大隐患" if s.level == "major" else "一般隐患"))
    return "；".join(parts)


def names(items: list[str], unit: str = "乡镇（街道）", limit: int = MAX_NAMES) -> str:
    """'A、B、C' or 'A、B、C、D、E等 7 个乡镇（街道）'."""
    items = [str(x) for x in items]
    if len(items) <= limit:
        return "、".join(items)
    return "、".join(items[:limit]) + f"等 {len(items)} 个{unit}"


def change_pp(cur: Any, ref: Any) -> str | None:
    """'上升 2.5 个百分点' / '下降 …' / '持平'; None when either rate is undefined."""
    if _missing(cur) or _missing(ref):
        return None
    diff = (float(cur) - float(ref)) * 100
    if abs(diff) < 0.05:
        return "持平"
    return f"{'上升' if diff > 0 else '下降'} {abs(diff):.1f} 个百分点"


def change_count(cur: Any, ref: Any) -> str | None:
    if _missing(cur) or _missing(ref):
        return None
    diff = int(cur) - int(ref)
    if diff == 0:
        return "持平"
    pct = f"（{abs(diff) / int(ref) * 100:.1f}%）" if int(ref) else ""
    return f"{'增加' if diff > 0 else '减少'} {abs(diff)} 项{pct}"


@dataclass(frozen=True)
class KpiRow:
    label: str
    cur: str
    prev: str
    yoy: str
    note: str


def kpi_rows(d: BriefData) -> list[KpiRow]:
    k = d.kpi
    c, p, y, st, sp = k["cur"], k["prev"], k["yoy"], k["stock"], k["stock_prev"]

    def note(a, b, kind):
        f = change_pp if kind == "rate" else change_count
        s = f(a, b)
        return "—" if s is None else s

    if d.month_partial:  # the month's own figures are incomplete: no comparison, say why
        def note(a, b, kind):  # noqa: F811
            return "（本月未报齐，不作比较）"

    return [
        KpiRow("本月发现隐患（项）", fmt_int(c["total"]), fmt_int(p["total"]), fmt_int(y["total"]),
               "同比" + note(c["total"], y["total"], "count")),
        KpiRow("其中重大隐患（项）", fmt_int(c["major_total"]), fmt_int(p["major_total"]), fmt_int(y["major_total"]),
               "同比" + note(c["major_total"], y["major_total"], "count")),
        KpiRow("本月隐患整改率", fmt_pct(c["rect_rate"]), fmt_pct(p["rect_rate"]), fmt_pct(y["rect_rate"]),
               "同比" + note(c["rect_rate"], y["rect_rate"], "rate")),
        KpiRow("重大隐患整改率", fmt_pct(c["major_rect_rate"]), fmt_pct(p["major_rect_rate"]),
               fmt_pct(y["major_rect_rate"]), "同比" + note(c["major_rect_rate"], y["major_rect_rate"], "rate")),
        KpiRow("逾期未整改隐患（项，累计）", fmt_int(st["overdue"]), fmt_int(sp["overdue"]), "—",
               "较上月" + note(st["overdue"], sp["overdue"], "count")),
        KpiRow("其中重大隐患逾期（项）", fmt_int(st["overdue_major"]), fmt_int(sp["overdue_major"]), "—",
               "较上月" + note(st["overdue_major"], sp["overdue_major"], "count")),
    ]  # fmt: skip


def overdue_table(d: BriefData) -> pd.DataFrame:
    o = d.overdue
    return pd.DataFrame({
        "序号": range(1, len(o) + 1),
        "单位名称": o["entity_name"].fillna("—"),
        "乡镇（街道）": o["town"],
        "责任部门": [owner_name(dep, src) for dep, src in zip(o["owner_department"], o["owner_source"], strict=True)],
        "行业": o["sector"].map(d.sector_name),
        "隐患描述": o["description"].fillna("—"),
        "整改期限": [fmt_date(x) for x in o["deadline"]],
        "逾期天数": [f"{int(x)} 天" for x in o["days_overdue"]],
    })  # fmt: skip


def never_table(d: BriefData) -> pd.DataFrame:
    n = d.never
    return pd.DataFrame({
        "单位名称": n["entity_name"],
        "乡镇（街道）": n["town"],
        "行业": n["sector"].map(d.sector_name),
        "风险等级": n["risk_level"].map(lambda r: RISK_ZH.get(r, "未分级")),
        "最近一次监管检查": [fmt_date(x) if _date(x) else "无记录" for x in n["last_supervisory"]],
    })  # fmt: skip


def new_majors_table(d: BriefData) -> pd.DataFrame:
    n = d.new_majors
    return pd.DataFrame({
        "单位名称": n["entity_name"].fillna("—"),
        "乡镇（街道）": n["town"],
        "行业": n["sector"].map(d.sector_name),
        "隐患描述": n["description"].fillna("—"),
        "发现日期": [fmt_date(x) for x in n["found_date"]],
        "状态": ["已整改" if bool(x) else "未整改" for x in n["is_rect"]],
    })  # fmt: skip


def change_lines(d: BriefData) -> list[str]:
    lines = [
        f"新增重大隐患 {d.new_majors_total} 项（{fmt_month(d.month)}发现）。",
        f"本月整改销号隐患 {d.rectified_total} 项，其中重大隐患 {d.rectified_major} 项。",
    ]
    if not d.reporting_due:
        lines.append("本月尚未结束，暂不统计未报送的乡镇（街道）。")
    elif d.missing_towns:
        lines.append(f"未报送本月隐患排查台账的乡镇（街道）：{'、'.join(d.missing_towns)}。")
    else:
        lines.append("各乡镇（街道）均已报送本月隐患排查台账。")
    return lines


# ---- the report ----------------------------------------------------------------------------


def achievements(d: BriefData) -> list[str]:
    c, y, p = d.kpi["cur"], d.kpi["yoy"], d.kpi["prev"]
    out = []
    if d.month_partial:
        r = d.month_report
        out.append(f"说明：{fmt_month(d.month)}只有 {r.reported}/{r.expected} 个乡镇（街道）报送了隐患台账（或该月尚未结束），"
                   "以下本月数字不完整，与上月、去年同期的比较仅供参考。")
    s = f"{fmt_month(d.month)}，全县共排查隐患 {int(c['total'])} 项，其中重大隐患 {int(c['major_total'])} 项"
    if int(c["total"]):
        s += f"，整改率 {fmt_pct(c['rect_rate'])}"
        ch = change_pp(c["rect_rate"], y["rect_rate"])
        if ch and int(y["total"]) and not d.month_partial:
            s += f"，同比{ch}（去年同期 {fmt_pct(y['rect_rate'])}）" if ch != "持平" else "，与去年同期持平"
    s += "。"
    if d.scope.towns:
        s = s.replace("全县", "、".join(d.scope.towns), 1)
    out.append(s)
    ch = change_count(c["total"], p["total"])
    if ch is not None and int(p["total"]) and not d.month_partial:
        out.append(f"排查隐患数较上月{ch}；较去年同期{change_count(c['total'], y['total']) or '无可比数据'}。")
    out.append(f"本月整改销号隐患 {d.rectified_total} 项，其中重大隐患 {d.rectified_major} 项。")
    w = d.window
    if int(w["total"]):
        t = d.towns[d.towns["total"] > 0].dropna(subset=["rect_rate"])
        s = (f"近12个月（{fmt_month(d.scope.window_start)}至{fmt_month(d.month)}）共排查隐患 {int(w['total'])} 项，"
             f"已整改 {int(w['rectified'])} 项，整改率 {fmt_pct(w['rect_rate'])}")  # fmt: skip
        if len(t) > 1:  # with one town in scope it would be both the best and the worst
            best = t.sort_values(["rect_rate", "key"], ascending=[False, True]).iloc[0]
            s += f"；整改率最高的是{best['key']}（{fmt_pct(best['rect_rate'])}）"
        out.append(s + "。")
    if d.coverage_total is not None:
        out.append(f"近12个月对名录内监管对象的检查覆盖率为 {fmt_pct(d.coverage_total)}"
                   f"（{int(d.coverage['inspected'].sum())}/{int(d.coverage['units'].sum())} 家）。")  # fmt: skip
    return out


def problems(d: BriefData) -> list[str]:
    out: list[str] = []
    n = 0

    def item(text: str) -> None:
        nonlocal n
        n += 1
        out.append(f"（{'一二三四五六七八九十'[n - 1]}）{text}")

    if d.overdue_total:
        o = d.overdue
        towns = list(dict.fromkeys(o["town"]))
        worst = o.iloc[0]
        item(f"重大隐患逾期整改问题突出。截至{fmt_date(d.as_of)}，仍有 {d.overdue_total} 项重大隐患逾期未整改，"
             f"最长逾期 {int(worst['days_overdue'])} 天（{worst['town']}{worst['entity_name'] or ''}："
             f"{worst['description'] or '—'}），主要涉及{names(towns)}。")  # fmt: skip
    stock = d.kpi["stock"]
    general_overdue = int(stock["overdue"]) - int(stock["overdue_major"])
    if general_overdue > 0:
        item(f"一般隐患逾期未整改 {general_overdue} 项，整改闭环不够及时。")
    if d.missing_towns:
        item(f"隐患排查台账报送不及时。{'、'.join(d.missing_towns)}未按时报送{fmt_month(d.month)}隐患排查台账。")
    below = d.depts_below_average()
    if not below.empty:
        parts = [f"{dept_name(r.key)}（{fmt_pct(r.rect_rate)}）" for r in below.head(MAX_NAMES).itertuples()]
        more = f"等 {len(below)} 个部门" if len(below) > MAX_NAMES else ""
        item(f"部分行业部门整改推进偏慢。近12个月{'、'.join(parts)}{more}的隐患整改率低于全县平均水平"
             f"（{fmt_pct(d.window['rect_rate'])}）。")  # fmt: skip
    if d.never_high_total:
        cov = d.coverage_by_town()
        low = cov.head(3)["town"].tolist()
        lowest = f"检查覆盖率最低的是{names(low)}。" if len(cov) > 1 else f"检查覆盖率为 {fmt_pct(d.coverage_total)}。"
        item(f"监管覆盖存在盲区。近12个月有 {d.never_high_total} 家红色、橙色风险单位未被检查；{lowest}")
    for sentence in followthrough.problem_sentences(d):  # 层层递减, 宽松软虚, repeat after fix (issue 12)
        item(sentence)
    if not out:
        out.append("本月未发现突出问题。")
    return out


def next_steps(d: BriefData) -> list[str]:
    out: list[str] = []

    def item(text: str) -> None:
        out.append(f"{len(out) + 1}. {text}")

    if d.overdue_total:
        towns = list(dict.fromkeys(d.overdue["town"]))
        item(f"对 {d.overdue_total} 项逾期重大隐患实行挂牌督办，责成{names(towns)}及相关部门"
             f"明确责任人和整改时限，逐项整改销号，下次会议通报进展。")  # fmt: skip
    if d.missing_towns:
        item(f"督促{'、'.join(d.missing_towns)}立即补报{fmt_month(d.month)}隐患排查台账，并说明未按时报送原因。")
    below = d.depts_below_average()
    if not below.empty:
        item(f"提请{names([dept_name(x) for x in below['key']], '部门')}加强本行业领域隐患整改跟踪，提高整改率。")
    if d.never_high_total:
        item(f"将近12个月未检查的 {d.never_high_total} 家红色、橙色风险单位纳入下月检查计划，实现高风险单位检查全覆盖。")
    item("持续开展隐患排查治理，严格落实隐患排查、登记、整改、验收、销号闭环管理，按月通报整改情况。")
    return out


SECTION_TITLES = ("一、主要工作和成效", "二、存在的问题", "三、下一步工作")


def sections(d: BriefData) -> list[tuple[str, str]]:
    """(heading, text) pairs; text has one paragraph per line (editable in the app)."""
    return [
        (SECTION_TITLES[0], "\n".join(achievements(d))),
        (SECTION_TITLES[1], "\n".join(problems(d))),
        (SECTION_TITLES[2], "\n".join(next_steps(d))),
    ]


def appendix_tables(d: BriefData) -> list[tuple[str, pd.DataFrame]]:
    towns = d.towns[d.towns["total"] > 0].sort_values(["rect_rate", "key"], ascending=[False, True])
    t = pd.DataFrame({
        "乡镇（街道）": towns["key"],
        "隐患数": towns["total"].map(fmt_int),
        "已整改": towns["rectified"].map(fmt_int),
        "整改率": towns["rect_rate"].map(fmt_pct),
        "重大隐患": towns["major_total"].map(fmt_int),
        "逾期未整改": towns["overdue"].map(fmt_int),
    })  # fmt: skip
    board = overdue_table(d) if not d.overdue.empty else pd.DataFrame()
    return [
        (f"附表1  重大隐患逾期未整改清单（共 {d.overdue_total} 项"
         + (f"，列出前 {len(d.overdue)} 项）" if d.overdue_total > len(d.overdue) else "）"), board),
        (f"附表2  各乡镇（街道）隐患整改情况（近12个月，状态截至{fmt_date(d.as_of)}）", t),
    ]
