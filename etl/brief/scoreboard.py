"""考核通报 and 下月检查计划 in the briefing pack: slides 七 and one Word section, built
from the same scorecard and plan as the dashboard pages (``etl.read.scorecard``, ``etl.read.plan`` under
``config/scorecard.toml`` and ``config/plan.toml``), for the meeting month and scope.

``collect(q, scope)`` gathers them through the pack's query callable (BriefData.score);
``add_slides`` is registered in slides.EXTRA_SLIDES (etl/brief/__init__.py) and
``add_section`` is called from document.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from etl.read import config, plan, scorecard

from .fmt import fmt_month, fmt_pct
from .model import Query, Scope, add_months

SLIDE_TITLE = "考核通报与下月检查计划"
ROWS_PER_SLIDE = 8  # ranking rows per slide at the pack's 18 pt table type
LEFT_OUT_ZH = {
    "no_registry": "未导入监管对象名录，红橙单位检查覆盖率不参与考核",
    "no_verification": "台账尚无验收信息，验收销号率不参与考核",
    "no_inspections": "未导入检查记录，零发现检查占比不参与考核",
}
HEADERS = ["排名", "单位", "总分", "较上月", "提示"]


@dataclass
class ScoreBrief:
    month: Any
    plan_month: Any
    towns: pd.DataFrame  # 排名 单位 总分 较上月 提示 (display strings)
    departments: pd.DataFrame
    interview: dict[str, list[str]]  # 'town' / 'department' → units advised an interview
    plan_total: int
    plan_key_sectors: int
    plan_majors: int
    frequency_rate: float | None  # 高风险单位检查频次达标率 (None = no red/orange unit)
    notes: list[str] = field(default_factory=list)  # indicators left out, config problems
    window_months: int = 3
    # 'town' / 'department' → the ranked units (rank, unit, total, rank_change, bottom, interview),
    # best first: the slide show draws its 考核通报 slide from these in either language
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    interview_months: int = 2

    @property
    def has_ranking(self) -> bool:
        return any(not t.empty for t in self.tables.values())


def _change(x: object) -> str:
    if x is None or pd.isna(x):
        return "新"
    n = int(x)
    return f"↑{n}" if n > 0 else (f"↓{-n}" if n < 0 else "—")


def _ranked(card: scorecard.Scorecard, unit_type: str) -> pd.DataFrame:
    tbl = card.month_table(unit_type)
    cols = ["rank", "unit", "total", "rank_change", "bottom", "interview"]
    return tbl.loc[tbl["total"].notna(), cols].reset_index(drop=True)


def _ranking(tbl: pd.DataFrame) -> pd.DataFrame:
    """The pack's table (display strings) of a ``_ranked`` frame."""
    out = pd.DataFrame({
        "排名": [str(int(r)) for r in tbl["rank"]],
        "单位": tbl["unit"],
        "总分": [f"{v:.1f}" for v in tbl["total"]],
        "较上月": [_change(x) for x in tbl["rank_change"]],
        "提示": ["建议约谈" if i else ("末位" if b else "") for i, b in zip(tbl["interview"], tbl["bottom"], strict=True)],
    })  # fmt: skip
    return out.reset_index(drop=True)


def collect(q: Query, scope: Scope) -> ScoreBrief:
    filters = scope.params(None, None)
    sc_conf, sc_problems = config.load_scorecard()
    pl_conf, pl_problems = config.load_plan()
    raw = q("score_indicators", **scorecard.params_for(scope.month, sc_conf, filters))
    card = scorecard.from_frames(raw, q("score_status").iloc[0].to_dict(), scope.month, sc_conf)
    pp = plan.params_for(scope.month, filters)
    the_plan = plan.build_from(q("plan_units", **pp), pl_conf, pp["plan_start"])
    rows = the_plan.rows
    county = the_plan.frequency_by(None).iloc[0]
    tables = {u: _ranked(card, u) for u in ("town", "department")}
    towns, depts = _ranking(tables["town"]), _ranking(tables["department"])
    notes = [LEFT_OUT_ZH[r] for c, r in card.left_out.items() if sc_conf.indicator(c).weight > 0]
    ledger = card.left_out_visits("town")  # every visit has a town: the window's ledger visits left out
    if ledger and any(i.code == "zero_find_share" for i in card.indicators("town")):
        notes.append(f"零发现检查占比只计检查记录中的检查，另有 {ledger} 次检查来自隐患台账的“无隐患”记录，不计入")
    notes += [p.text("zh") for p in sc_problems + pl_problems]
    return ScoreBrief(
        month=scope.month,
        plan_month=add_months(scope.month, 1),
        towns=towns,
        departments=depts,
        interview={u: card.month_table(u).query("interview")["unit"].tolist() for u in ("town", "department")},
        plan_total=len(rows),
        plan_key_sectors=int(rows["sector"].isin(set(pl_conf.sector_weight)).sum()),
        plan_majors=int(((rows["major_overdue"] > 0) | (rows["major_due"] > 0)).sum()),
        frequency_rate=None if int(county["units"]) == 0 else float(county["rate"]),
        notes=notes,
        window_months=sc_conf.window_months,
        tables=tables,
        interview_months=sc_conf.interview_months,
    )


def collect_or_note(q: Query, scope: Scope) -> ScoreBrief:
    """``collect``, or, when the warehouse cannot answer (e.g. an older one, or a query failing),
    empty rankings with a note saying so: the slide then says why it is empty, never nothing."""
    try:
        return collect(q, scope)
    except Exception as exc:  # noqa: BLE001 - the rest of the pack must still build
        reason = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
        empty = pd.DataFrame(columns=HEADERS)
        return ScoreBrief(scope.month, add_months(scope.month, 1), empty, empty, {"town": [], "department": []},
                          0, 0, 0, None, [f"考核通报无法计算（{reason}）"])  # fmt: skip


def lines(sb: ScoreBrief) -> list[str]:
    """The sentences of the slide's foot and of the Word section."""
    out = []
    names = [*sb.interview["town"], *sb.interview["department"]]
    out.append(f"建议约谈（连续排名末位）：{'、'.join(names)}。" if names else "本月没有连续排名末位、建议约谈的单位。")
    freq = "—" if sb.frequency_rate is None else fmt_pct(sb.frequency_rate)
    out.append(f"{fmt_month(sb.plan_month)}计划检查 {sb.plan_total} 家单位，其中学校、消防、交通、建筑施工等重点行业 "
               f"{sb.plan_key_sectors} 家，有重大隐患到期或逾期的 {sb.plan_majors} 家；"
               f"高风险单位检查频次达标率 {freq}。")  # fmt: skip
    out += [f"说明：{n}。" if not n.endswith("。") else f"说明：{n}" for n in sb.notes]
    return out


def add_slides(prs, data, slide) -> None:
    """Slides 七 (an ``EXTRA_SLIDES`` hook of slides.py): the 约谈 and plan sentences, then the
    town and department rankings, paged at the pack's table size. ``slide(title, subtitle)``
    makes a titled slide in the pack's style."""
    from pptx.util import Inches

    from .slides import _text, paged_table

    sb = data.score
    if sb is None:
        return
    sub = f"{fmt_month(sb.month)}考核排名：近{sb.window_months}个月发现的隐患和开展的检查，状态截至月末"
    s = slide(f"七、{SLIDE_TITLE}", sub)
    box = s.shapes.add_textbox(Inches(0.5), Inches(1.6), prs.slide_width - Inches(1.0), Inches(5.0))
    _text(box.text_frame, lines(sb), 22)
    for label, df in (("乡镇（街道）", sb.towns), ("县级部门", sb.departments)):
        if not df.empty:
            paged_table(prs, f"七、{SLIDE_TITLE}：{label}排名", sub, df, rows=ROWS_PER_SLIDE,
                        widths=[1.3, 5.0, 1.8, 1.8, 2.4])  # fmt: skip


def add_section(sb: ScoreBrief | None, *, heading, body) -> None:
    """The Word section's text in the report's own style (``heading(text)``/``body(text)`` write a
    paragraph); the rankings follow as appendix tables (``appendix``)."""
    if sb is None:
        return
    heading(SLIDE_TITLE)
    for line in lines(sb):
        body(line)


def appendix(sb: ScoreBrief | None, first: int) -> list[tuple[str, pd.DataFrame]]:
    """(title, table) of the two rankings, numbered 附表{first} and on."""
    if sb is None:
        return []
    return [
        (f"附表{first}  {fmt_month(sb.month)}乡镇（街道）考核排名", sb.towns),
        (f"附表{first + 1}  {fmt_month(sb.month)}县级部门考核排名", sb.departments),
    ]
