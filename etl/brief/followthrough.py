"""The loop in the briefing pack (issue 12): 上次会议交办事项落实情况 — a slide right after the title,
a report section before 一、 — and one sentence each for 层层递减, 宽松软虚 and repeat-after-fix in
the report's problem section and on a slide, only when the figure crosses its threshold.

``collect_or_note(q, scope)`` gathers both through the pack's query callable (BriefData.follow):
assignments from ``assignment_status`` (status as of the meeting's as-of date), the gap figures
from the supervision-gap page's own queries over the pack's 12-month window. ``add_first_slides``
is registered in ``slides.FIRST_SLIDES``, ``add_gap_slide`` in ``slides.EXTRA_SLIDES``;
``add_section`` is called from document.py and ``problem_sentences`` from text.problems.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from etl.read.assignments import figure_evidence
from etl.read.levels import LEVEL_RATIO, chain_pairs, chain_rows

from .fmt import dept_name, fmt_date, fmt_pct
from .model import Query, Scope

TITLE = "上次会议交办事项落实情况"
GAP_TITLE = "压力传导与整改闭环"
STATUS_ZH = {"done": "已完成", "in_progress": "推进中", "overdue": "逾期未完成", "withdrawn": "来源已撤回"}
# When a gap figure is worth a sentence at the meeting (the gap page shows every figure):
LEVEL_ZH = {"county": "县级部门", "town": "乡镇（街道）", "village": "村（社区）"}
LEVEL_NAME = {"higher": "上级督查", **LEVEL_ZH, "self": "单位自查"}
ZERO_SHARE = 0.5  # 宽松软虚: half or more of the supervisory visits found nothing, or …
PENALTY_RATE = 0.3  # … under 30 % of the visits that found a major hazard led to a penalty
PENALTY_MIN_VISITS = 5  # (with at least this many such visits)
REPEAT_SHARE = 0.05  # repeat after fix: 5 % or more of the hazards at named units are repeats …
REPEAT_MIN = 10  # … and at least this many
ROWS_PER_SLIDE = 8
HEADERS = ["交办对象", "交办内容", "完成期限", "落实情况", "依据"]


@dataclass
class FollowBrief:
    as_of: dt.date
    items: pd.DataFrame  # HEADERS, display strings: the last meeting's items and earlier ones not done
    counts: dict[str, int]  # status → count over ``items``
    by_assignee: pd.DataFrame  # 交办对象, 已完成, 推进中, 逾期未完成, 来源已撤回
    last_meeting: dt.date | None
    gap_lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    levels: pd.DataFrame | None = None  # gap_levels over the pack's 12-month window (the slide show's 层层递减 slide)

    @property
    def has_items(self) -> bool:
        return not self.items.empty

    @property
    def has_chain(self) -> bool:
        """Enough visits at two adjacent levels (county → town → village) to hold one against the other."""
        return self.levels is not None and bool(chain_pairs(self.levels))


def _evidence(r: Any) -> str:
    if r.kind == "figure":
        return figure_evidence(r, "zh")
    if r.kind == "hazard":
        if r.status == "withdrawn":
            return "所交办隐患的来源台账已撤回"
        return f"{r.hazard_town}{r.hazard_entity or ''}：{r.hazard_description or '—'}"
    return r.note if isinstance(r.note, str) and r.note else "—"


def assignments(q: Query, as_of: dt.date) -> tuple[pd.DataFrame, dt.date | None]:
    """The rows the meeting reviews: every item of the latest meeting held by ``as_of``, and
    items of earlier meetings that are not done yet (status as of ``as_of``)."""
    rows = q("assignment_status", as_of=as_of, meeting_before=None)
    if rows.empty:
        return rows, None
    meetings = [x.date() if hasattr(x, "date") else x for x in rows["meeting_date"]]
    last = max(meetings)
    keep = [(m == last) or (s != "done") for m, s in zip(meetings, rows["status"], strict=True)]
    return rows[keep].reset_index(drop=True), last


def _who(r: Any) -> str:
    return dept_name(r.assignee) if r.assignee_kind == "department" else r.assignee


def _left_out(n: int) -> str:
    """What a per-visit sentence says of the hazard ledgers' 无隐患 visits its figures leave out
    (inspection-log visits only: macro intensity_visit, migration 012)."""
    return f"另有 {n} 次检查来自隐患台账的“无隐患”记录，不计入上述比例。" if n else ""


def gap_sentences(q: Query, scope: Scope, levels: pd.DataFrame | None = None) -> list[str]:
    """One sentence each for 层层递减, 宽松软虚 and repeat-after-fix when over its threshold. Per-visit
    figures count inspection-log visits only; each sentence says how many ledger visits it left out.
    ``levels``: gap_levels over the window, when the caller has it already."""
    wp = scope.window_params()
    out: list[str] = []
    if levels is None:
        levels = q("gap_levels", **wp)
    lv = levels.set_index("who_level")
    clauses, left = [], 0
    for pair in (p for p in chain_pairs(levels) if p.weak):
        up, low = lv.loc[pair.upper], lv.loc[pair.lower]
        left += int(low["ledger_visits"]) + (int(up["ledger_visits"]) if not clauses else 0)
        clauses.append(f"{LEVEL_ZH[pair.lower]}检查 {int(low['inspections'])} 次，平均每次发现隐患 "
                       f"{float(low['hazards_per_insp']):.2f} 项，仅为{LEVEL_ZH[pair.upper]}检查"
                       f"（{float(up['hazards_per_insp']):.2f} 项）的 {fmt_pct(pair.ratio)}")  # fmt: skip
    if clauses:
        out.append(f"压力传导层层递减。近12个月{'；'.join(clauses)}。{_left_out(left)}")
    enf = q("gap_enforcement_kpis", **wp).iloc[0]
    zero = enf["zero_share"]
    pen = enf["major_penalty_rate"]
    lax_zero = not pd.isna(zero) and float(zero) >= ZERO_SHARE
    lax_pen = not pd.isna(pen) and int(enf["major_visits"]) >= PENALTY_MIN_VISITS and float(pen) < PENALTY_RATE
    if lax_zero or lax_pen:
        parts = []
        if lax_zero:
            parts.append(f"监督检查 {int(enf['inspections'])} 次中 {fmt_pct(zero)} 未发现任何隐患")
        if lax_pen:
            parts.append(f"发现重大隐患的 {int(enf['major_visits'])} 次检查中仅 {fmt_pct(pen)} 作出处罚")
        out.append(f"执法检查宽松软虚。近12个月{'，'.join(parts)}。{_left_out(int(enf['ledger_visits']))}")
    rep = q("gap_repeat_sectors", **wp)
    hazards, repeats = int(rep["hazards"].sum()), int(rep["repeats"].sum())
    if repeats >= REPEAT_MIN and hazards and repeats / hazards >= REPEAT_SHARE:
        units = int(rep["units_with_repeat"].sum())
        out.append(f"整改不到位、问题反弹。近12个月有 {repeats} 项隐患是同一单位整改后12个月内再次查出的同类隐患"
                   f"（占有单位名称隐患的 {fmt_pct(repeats / hazards)}），涉及 {units} 家单位。")  # fmt: skip
    return out


def collect(q: Query, scope: Scope) -> FollowBrief:
    rows, last = assignments(q, scope.as_of)
    items = pd.DataFrame({
        "交办对象": [_who(r) for r in rows.itertuples()],
        "交办内容": rows["title"] if not rows.empty else [],
        "完成期限": [fmt_date(x) for x in rows["due_date"]],
        "落实情况": [STATUS_ZH[s] for s in rows["status"]],
        "依据": [_evidence(r) for r in rows.itertuples()],
    }, columns=HEADERS)  # fmt: skip
    counts = {s: int((rows["status"] == s).sum()) if not rows.empty else 0 for s in STATUS_ZH}
    by = (items.groupby("交办对象")["落实情况"].value_counts().unstack(fill_value=0)
          .reindex(columns=list(STATUS_ZH.values()), fill_value=0).reset_index()) if not items.empty else pd.DataFrame(
        columns=["交办对象", *STATUS_ZH.values()])  # fmt: skip
    levels = q("gap_levels", **scope.window_params())
    return FollowBrief(scope.as_of, items, counts, by, last, gap_sentences(q, scope, levels), levels=levels)


def collect_or_note(q: Query, scope: Scope) -> FollowBrief:
    """``collect``, or, when the warehouse cannot answer (an older one, a query failing), an
    empty follow-through with a note saying why: the rest of the pack must still build."""
    try:
        return collect(q, scope)
    except Exception as exc:  # noqa: BLE001
        reason = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
        empty = pd.DataFrame(columns=HEADERS)
        return FollowBrief(scope.as_of, empty, dict.fromkeys(STATUS_ZH, 0), pd.DataFrame(), None, [],
                           [f"交办事项落实情况无法计算（{reason}）"])  # fmt: skip


def summary(fb: FollowBrief) -> list[str]:
    """The counts sentence and one line per town/department."""
    c = fb.counts
    n = sum(c.values())
    out = [f"上次会议（{fmt_date(fb.last_meeting)}）及以前会议交办、尚需跟踪的事项共 {n} 项，截至{fmt_date(fb.as_of)}："
           f"已完成 {c['done']} 项，推进中 {c['in_progress']} 项，逾期未完成 {c['overdue']} 项"
           + (f"，来源已撤回 {c['withdrawn']} 项" if c["withdrawn"] else "") + "。"]  # fmt: skip
    for r in fb.by_assignee.itertuples(index=False):
        parts = [f"{name} {int(v)} 项" for name, v in zip(STATUS_ZH.values(), r[1:], strict=True) if int(v)]
        out.append(f"{r[0]}：{'，'.join(parts)}。")
    return out + [f"说明：{x}。" for x in fb.notes]


def add_first_slides(prs, data, slide) -> None:
    """The first slide after the title (a ``FIRST_SLIDES`` hook of slides.py), when there are items."""
    from pptx.util import Inches

    from .slides import _text, paged_table

    fb = getattr(data, "follow", None)
    if fb is None or not (fb.has_items or fb.notes):
        return
    sub = f"状态截至 {fmt_date(fb.as_of)}；隐患类事项整改（重大隐患须验收合格）即完成，指标类事项达到目标即完成"
    s = slide(TITLE, sub)
    box = s.shapes.add_textbox(Inches(0.5), Inches(1.6), prs.slide_width - Inches(1.0), Inches(5.0))
    _text(box.text_frame, summary(fb), 22)
    if fb.has_items:
        paged_table(prs, f"{TITLE}（清单）", sub, fb.items, rows=ROWS_PER_SLIDE, widths=[1.6, 3.2, 2.2, 1.6, 3.7])


def add_gap_slide(prs, data, slide) -> None:
    """The 层层递减 / 宽松软虚 / repeat-after-fix sentences (an ``EXTRA_SLIDES`` hook), with the
    chain's chart (hazards found per visit by who inspected) beside them when two adjacent levels
    can be compared (``has_chain``: the slide show's 层层递减 slide); no slide when neither."""
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    from .slides import _chart_fonts, _text

    fb = getattr(data, "follow", None)
    if fb is None or not (fb.gap_lines or fb.has_chain):
        return
    s = slide(GAP_TITLE, "近12个月监管链条上的薄弱环节（详见看板“监管盲区与薄弱环节”页）")
    lines = list(fb.gap_lines) or [f"近12个月各级检查平均每次发现隐患未见逐级明显递减（均高于上一级的 {fmt_pct(LEVEL_RATIO)}）。"]
    text_w = Inches(5.6) if fb.has_chain else prs.slide_width - Inches(1.0)
    box = s.shapes.add_textbox(Inches(0.5), Inches(1.6), text_w, Inches(5.0))
    _text(box.text_frame, lines, 20 if fb.has_chain else 22)
    if not fb.has_chain:
        return
    rows = chain_rows(fb.levels)
    weak = {p.lower for p in chain_pairs(fb.levels) if p.weak}
    cd = CategoryChartData(number_format="0.00")
    cd.categories = [LEVEL_NAME[lv] + ("（▼递减）" if lv in weak else "") for lv in rows["who_level"]]
    cd.add_series("平均每次检查发现隐患（项）", [float(v) for v in rows["hazards_per_insp"]])
    left = Inches(0.5) + text_w + Inches(0.3)
    ch = s.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, Inches(1.5), prs.slide_width - left - Inches(0.4),
                            Inches(5.3), cd).chart  # fmt: skip
    ch.has_legend = False
    ch.has_title = True
    _text(ch.chart_title.text_frame, "各级检查平均每次发现隐患（项，检查记录）", 16, True)
    ch.category_axis.reverse_order = True  # the top level on top
    plot = ch.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format, plot.data_labels.number_format_is_linked = "0.00", False
    for point, lv in zip(plot.series[0].points, rows["who_level"], strict=True):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = RGBColor(0xD5, 0x5E, 0x00) if lv in weak else RGBColor(0x1F, 0x5F, 0xA8)
    _chart_fonts(ch, 16)


def appendix(fb: FollowBrief | None, first: int) -> list[tuple[str, pd.DataFrame]]:
    """(title, table) of the chain behind the 层层递减 sentence, numbered 附表{first}: each level's
    inspection-log visits, hazards found, hazards per visit and the share of the level above."""
    if fb is None or not fb.has_chain:
        return []
    rows = chain_rows(fb.levels)
    pairs = {p.lower: p for p in chain_pairs(fb.levels)}

    def versus(level: str) -> str:
        p = pairs.get(level)
        if p is None or p.ratio is None:
            return ""
        return f"为{LEVEL_NAME[p.upper]}的 {fmt_pct(p.ratio)}" + ("（▼递减）" if p.weak else "")

    table = pd.DataFrame({
        "检查层级": [LEVEL_NAME[lv] for lv in rows["who_level"]],
        "检查次数": [f"{int(n):,}" for n in rows["inspections"]],
        "发现隐患（项）": [f"{int(n):,}" for n in rows["hazards_found"]],
        "平均每次发现（项）": [f"{float(v):.2f}" for v in rows["hazards_per_insp"]],
        "与上一级相比": [versus(lv) for lv in rows["who_level"]],
    })  # fmt: skip
    return [(f"附表{first}  近12个月各级检查发现隐患情况（检查记录，不含台账“无隐患”记录）", table)]


def add_section(fb: FollowBrief | None, *, heading, body) -> None:
    """The report section before 一、 (``heading(text)``/``body(text)`` write a paragraph)."""
    if fb is None or not (fb.has_items or fb.notes):
        return
    heading(TITLE)
    for line in summary(fb):
        body(line)
    for i, r in enumerate(fb.items.itertuples(index=False), start=1):
        body(f"{i}. {r[0]}：{r[1]}（期限 {r[2]}）—— {r[3]}。{r[4]}")


def problem_sentences(data) -> list[str]:
    fb = getattr(data, "follow", None)
    return list(fb.gap_lines) if fb is not None else []
