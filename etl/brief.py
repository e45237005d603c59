"""Monthly briefing pack (会议材料): one data model for the meeting, a PowerPoint and a Word report.

    python -m etl brief --month 2025-06 --out 会议材料.pptx [--asof 2025-06-30] [--county 安宁县]

Streamlit-free. ``collect(q, month, as_of, ...)`` gathers every number of the meeting through a
query callable ``q(name, **params) -> DataFrame`` (the CLI binds ``etl.queries.run`` to a
reader connection; the app passes ``pages/_shared/data.query``, cached per data version), so
the projection slides, the .pptx and the .docx show the same warehouse numbers.

Scope of the numbers (the month M, status as of ``as_of``, default the end of M):
* month KPIs: hazards FOUND in M (``kpis`` with start = end = M), compared with M-1 and M-12;
* stock KPIs: every hazard found up to ``as_of`` (open, overdue, overdue majors);
* trend, rectification by town/department, supervision gaps: the 12 months ending with M;
* what changed: majors found in M, hazards rectified during M, towns whose ledger for M is missing.

``build_pptx(data)`` writes native, editable charts and tables; ``build_docx(data, sections)``
writes the report text of ``etl/brief_text.py`` (the analyst may have edited it in the app).
CJK text names "Microsoft YaHei" (微软雅黑, on every Windows office machine) with
"Noto Sans CJK SC" as the Latin-side fallback, so the files open correctly offline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

Query = Callable[..., pd.DataFrame]

CJK_FONT = "Microsoft YaHei"  # 微软雅黑
CJK_FONT_ZH = "微软雅黑"
FALLBACK_FONT = "Noto Sans CJK SC"
COUNTY_ENV = "SAFETY_COUNTY"
DEFAULT_COUNTY = "全县"
WINDOW_MONTHS = 12
TOP_SECTORS = 5
REST = "_rest"  # the trend's "other sectors" bucket
BOARD_LIMIT = 12
LIST_LIMIT = 10
MIN_DEPT_HAZARDS = 5  # a department is compared with the average only with this many hazards

RISK_ZH = {"red": "红色（重大风险）", "orange": "橙色（较大风险）", "yellow": "黄色", "blue": "蓝色"}
SLIDES = ("kpi", "trend", "towns", "overdue", "gaps", "changes")
SLIDE_TITLES_ZH = {
    "kpi": "本月隐患排查治理主要指标",
    "trend": "近12个月各行业隐患趋势",
    "towns": "各乡镇（街道）隐患整改情况",
    "overdue": "重大隐患逾期未整改挂牌督办清单",
    "gaps": "监管盲区：检查覆盖与高风险单位",
    "changes": "与上次会议相比的变化",
}


# ---- dates -------------------------------------------------------------------------------


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def month_end(d: dt.date) -> dt.date:
    return add_months(d.replace(day=1), 1) - dt.timedelta(days=1)


def shift_as_of(as_of: dt.date, months: int) -> dt.date:
    """The as-of date ``months`` later (negative = earlier): a month end stays a month end."""
    first = add_months(as_of.replace(day=1), months)
    if as_of == month_end(as_of):
        return month_end(first)
    return first.replace(day=min(as_of.day, month_end(first).day))


def parse_month(text: str) -> dt.date:
    y, m = str(text).strip()[:7].split("-")
    return dt.date(int(y), int(m), 1)


def _date(x: Any) -> dt.date | None:
    if x is None or (isinstance(x, float) and pd.isna(x)) or x is pd.NaT:
        return None
    try:
        if pd.isna(x):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(x, pd.Timestamp):
        return x.date()
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    return dt.date.fromisoformat(str(x)[:10])


def default_month(q: Query, today: dt.date | None = None) -> dt.date | None:
    """The latest month a hazard ledger reported (else the month of the latest found date)."""
    row = q("present_months").iloc[0]
    m = _date(row["last_hazard_month"]) or _date(row["last_found"])
    if m is None:
        return None
    m = m.replace(day=1)
    today = today or dt.date.today()
    return min(m, today.replace(day=1))


def default_as_of(month: dt.date, today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return min(month_end(month), today)


# ---- the data model ----------------------------------------------------------------------


@dataclass
class Scope:
    """The meeting month, the as-of date and the optional narrowing filters."""

    month: dt.date
    as_of: dt.date
    towns: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    level: str | None = None

    @property
    def window_start(self) -> dt.date:
        return add_months(self.month, -(WINDOW_MONTHS - 1))

    def params(self, start: dt.date | None, end: dt.date | None, as_of: dt.date | None = None) -> dict[str, Any]:
        return {
            "start_month": start,
            "end_month": end,
            "towns": list(self.towns) or None,
            "sectors": list(self.sectors) or None,
            "departments": list(self.departments) or None,
            "level": self.level,
            "as_of": as_of or self.as_of,
        }

    def month_params(self, back: int = 0) -> dict[str, Any]:
        m = add_months(self.month, -back)
        return self.params(m, m, shift_as_of(self.as_of, -back) if back else self.as_of)

    def window_params(self) -> dict[str, Any]:
        return self.params(self.window_start, self.month)

    def stock_params(self, back: int = 0) -> dict[str, Any]:
        m = add_months(self.month, -back)
        return self.params(None, m, shift_as_of(self.as_of, -back) if back else self.as_of)


@dataclass
class BriefData:
    county: str
    scope: Scope
    generated: dt.datetime
    kpi: dict[str, pd.Series]  # cur, prev, yoy (month scope); stock, stock_prev (all open)
    trend: pd.DataFrame  # index: month (date), columns: sector codes (+ REST), values: found
    towns: pd.DataFrame  # rates_by town over the window
    window: pd.Series  # kpis over the window (county average)
    depts: pd.DataFrame  # rates_by department over the window
    overdue: pd.DataFrame  # overdue_majors (stock), at most BOARD_LIMIT rows
    coverage: pd.DataFrame  # gap_coverage over the window
    never: pd.DataFrame  # never-inspected red/orange units (at most LIST_LIMIT)
    never_high_total: int
    new_majors: pd.DataFrame
    new_majors_total: int
    rectified: pd.DataFrame  # present_newly_rectified, per town
    missing_towns: list[str]
    reporting_due: bool  # False when the month has not ended yet (nothing is late)
    sector_names: dict[str, str] = field(default_factory=dict)
    gaps_available: bool = True

    @property
    def month(self) -> dt.date:
        return self.scope.month

    @property
    def as_of(self) -> dt.date:
        return self.scope.as_of

    @property
    def has_data(self) -> bool:
        return int(self.kpi["stock"]["total"]) > 0

    @property
    def overdue_total(self) -> int:
        return int(self.kpi["stock"]["overdue_major"])

    @property
    def rectified_total(self) -> int:
        return int(self.rectified["rectified"].sum()) if not self.rectified.empty else 0

    @property
    def rectified_major(self) -> int:
        return int(self.rectified["major_rectified"].sum()) if not self.rectified.empty else 0

    def coverage_by_town(self) -> pd.DataFrame:
        """town, units, inspected, coverage, uninspected_high — ordered by coverage (worst first)."""
        if self.coverage.empty:
            return pd.DataFrame(columns=["town", "units", "inspected", "coverage", "uninspected_high"])
        g = self.coverage.groupby("town", as_index=False)[["units", "inspected", "uninspected_high"]].sum()
        g["coverage"] = g["inspected"] / g["units"]
        return g.sort_values(["coverage", "town"]).reset_index(drop=True)[
            ["town", "units", "inspected", "coverage", "uninspected_high"]
        ]

    @property
    def coverage_total(self) -> float | None:
        if self.coverage.empty or int(self.coverage["units"].sum()) == 0:
            return None
        return float(self.coverage["inspected"].sum()) / float(self.coverage["units"].sum())

    def depts_below_average(self) -> pd.DataFrame:
        avg = self.window["rect_rate"]
        if self.depts.empty or _missing(avg):
            return self.depts.iloc[0:0]
        d = self.depts[(self.depts["key"] != "") & (self.depts["total"] >= MIN_DEPT_HAZARDS)
                       & (self.depts["rect_rate"] < float(avg))]  # fmt: skip
        return d.sort_values(["rect_rate", "key"]).reset_index(drop=True)

    def sector_name(self, code: str) -> str:
        if code == REST:
            return "其余行业"
        return self.sector_names.get(code, code)


def _missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def trend_wide(df: pd.DataFrame, start: dt.date, end: dt.date, top: int = TOP_SECTORS) -> pd.DataFrame:
    """sector_monthly rows → months × (top sectors by volume, then REST); every month present."""
    months = []
    m = start
    while m <= end:
        months.append(m)
        m = add_months(m, 1)
    if df.empty:
        return pd.DataFrame(index=pd.Index(months, name="month"))
    d = df.assign(month=[_date(x) for x in df["period"]])
    totals = d.groupby("sector")["found"].sum().sort_values(ascending=False, kind="stable")
    totals = totals.groupby(level=0).sum().sort_values(ascending=False, kind="stable")
    keep = [s for s in totals.index if totals[s] > 0][:top]
    d["bucket"] = [s if s in keep else REST for s in d["sector"]]
    wide = d.pivot_table(index="month", columns="bucket", values="found", aggfunc="sum", fill_value=0)
    cols = keep + ([REST] if REST in wide.columns else [])
    wide = wide.reindex(index=months, columns=cols, fill_value=0).fillna(0).astype(int)
    wide.index.name = "month"
    return wide


def collect(q: Query, month: dt.date, as_of: dt.date | None = None, *, county: str | None = None,
            towns=(), sectors=(), departments=(), level: str | None = None,
            now: dt.datetime | None = None) -> BriefData:  # fmt: skip
    """Every number of the meeting for month ``month`` (first day), status as of ``as_of``."""
    month = month.replace(day=1)
    scope = Scope(month, as_of or default_as_of(month), tuple(towns or ()), tuple(sectors or ()),
                  tuple(departments or ()), level)  # fmt: skip
    kpi = {
        "cur": q("kpis", **scope.month_params()).iloc[0],
        "prev": q("kpis", **scope.month_params(1)).iloc[0],
        "yoy": q("kpis", **scope.month_params(12)).iloc[0],
        "stock": q("kpis", **scope.stock_params()).iloc[0],
        "stock_prev": q("kpis", **scope.stock_params(1)).iloc[0],
    }
    wp = scope.window_params()
    trend = trend_wide(q("sector_monthly", grain="month", **wp), scope.window_start, month)
    window = q("kpis", **wp).iloc[0]
    towns_df = q("rates_by", dim="town", **wp)
    depts = q("rates_by", dim="department", **wp)
    overdue = q("overdue_majors", limit=BOARD_LIMIT, **scope.stock_params())
    gaps_available = True
    try:
        coverage = q("gap_coverage", **wp)
        never_all = q("gap_never_inspected", limit=LIST_LIMIT, **wp)
        reporting = q("gap_reporting", **wp)
    except Exception:  # noqa: BLE001 - an older warehouse without the gap migration: say so on the slide
        gaps_available = False
        coverage = pd.DataFrame(columns=["town", "sector", "units", "inspected", "uninspected", "coverage",
                                         "uninspected_high"])  # fmt: skip
        never_all = pd.DataFrame(columns=["entity_name", "town", "sector", "department", "risk_level", "risk_order",
                                          "last_inspection", "open_hazards", "total_rows"])  # fmt: skip
        reporting = pd.DataFrame(columns=["reporter_type", "reporter", "month", "reported"])
    never = never_all[never_all["risk_order"] <= 2].reset_index(drop=True) if not never_all.empty else never_all
    never_high_total = int(coverage["uninspected_high"].sum()) if not coverage.empty else 0
    new_majors = q("present_new_majors", limit=LIST_LIMIT, **scope.month_params())
    new_majors_total = int(new_majors["total_rows"].iloc[0]) if not new_majors.empty else 0
    rectified = q("present_newly_rectified", **scope.month_params())
    rep_m = reporting[(reporting["reporter_type"] == "town")] if not reporting.empty else reporting
    due_rows = rep_m[[(_date(x) == month) for x in rep_m["month"]]] if not rep_m.empty else rep_m
    reporting_due = not due_rows.empty
    missing = sorted(due_rows.loc[~due_rows["reported"].astype(bool), "reporter"].tolist()) if reporting_due else []
    sectors_lookup = q("brief_sectors")
    return BriefData(
        county=county or os.environ.get(COUNTY_ENV) or DEFAULT_COUNTY,
        scope=scope,
        generated=now or dt.datetime.now().replace(microsecond=0),
        kpi=kpi,
        trend=trend,
        towns=towns_df,
        window=window,
        depts=depts,
        overdue=overdue,
        coverage=coverage,
        never=never,
        never_high_total=never_high_total,
        new_majors=new_majors,
        new_majors_total=new_majors_total,
        rectified=rectified,
        missing_towns=missing,
        reporting_due=reporting_due,
        sector_names=dict(zip(sectors_lookup["code"], sectors_lookup["name_zh"], strict=True)),
        gaps_available=gaps_available,
    )


# ---- formatting (Chinese; the pack is a Chinese document) --------------------------------


def fmt_month(d: dt.date) -> str:
    return f"{d.year}年{d.month}月"


def fmt_date(d: Any) -> str:
    x = _date(d)
    return "—" if x is None else f"{x.year}年{x.month}月{x.day}日"


def fmt_pct(x: Any, digits: int = 1) -> str:
    return "—" if _missing(x) else f"{float(x) * 100:.{digits}f}%"


def fmt_int(x: Any) -> str:
    return "—" if _missing(x) else f"{int(x):,}"


def dept_name(d: Any) -> str:
    return d if isinstance(d, str) and d else "未注明部门"


# ---- PowerPoint --------------------------------------------------------------------------


def _pptx_font(font, size: float | None = None, bold: bool | None = None, rgb: tuple[int, int, int] | None = None):
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if rgb:
        font.color.rgb = RGBColor(*rgb)
    font.name = CJK_FONT
    rpr = font._rPr  # noqa: SLF001 - python-pptx has no API for the East Asian typeface
    for tag in ("a:ea", "a:cs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            latin = rpr.find(qn("a:latin"))
            latin.addnext(el) if tag == "a:ea" else rpr.find(qn("a:ea")).addnext(el)
        el.set("typeface", CJK_FONT)


def _text(frame, lines: list[str] | str, size: float = 18, bold: bool = False, rgb=(0x1F, 0x23, 0x28)) -> None:
    lines = [lines] if isinstance(lines, str) else lines
    frame.clear()
    frame.word_wrap = True
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        _pptx_font(run.font, size, bold, rgb)


NAVY = (0x0B, 0x3D, 0x6E)
GREY = (0x57, 0x60, 0x6A)


def _slide(prs, title: str, subtitle: str):
    from pptx.util import Emu, Inches

    s = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only": shapes.title is the slide title
    t = s.shapes.title
    t.left, t.top, t.width, t.height = Inches(0.5), Inches(0.25), prs.slide_width - Inches(1.0), Inches(0.8)
    _text(t.text_frame, title, 30, True, NAVY)
    box = s.shapes.add_textbox(Inches(0.5), Inches(1.0), prs.slide_width - Inches(1.0), Inches(0.4))
    _text(box.text_frame, subtitle, 14, False, GREY)
    s._body_top = Emu(Inches(1.5))  # noqa: SLF001 - layout hint for the builders below
    return s


def _table(slide, df: pd.DataFrame, headers: list[str], x, y, w, h, size: float = 12):
    from pptx.util import Pt

    rows, cols = len(df) + 1, len(headers)
    shape = slide.shapes.add_table(rows, cols, x, y, w, h)
    tbl = shape.table
    for c, head in enumerate(headers):
        _text(tbl.cell(0, c).text_frame, head, size, True, (0xFF, 0xFF, 0xFF))
    for r, row in enumerate(df.itertuples(index=False), start=1):
        for c, value in enumerate(row):
            _text(tbl.cell(r, c).text_frame, "" if value is None else str(value), size)
            tbl.cell(r, c).margin_top = tbl.cell(r, c).margin_bottom = Pt(2)
    return shape


def _chart_fonts(chart, size: float = 12) -> None:
    _pptx_font(chart.font, size)


def build_pptx(data: BriefData) -> bytes:
    """The meeting slides as a .pptx: title slide + the six slides, native charts and tables."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Inches

    from . import brief_text as bt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    prs.core_properties.title = f"{data.county}{fmt_month(data.month)}安全生产隐患排查治理会议材料"
    prs.core_properties.language = "zh-CN"
    W = prs.slide_width
    left, top, width, height = Inches(0.5), Inches(1.5), W - Inches(1.0), Inches(5.7)
    sub = bt.subtitle(data)

    # title slide
    s = prs.slides.add_slide(prs.slide_layouts[0])
    s.shapes.title.left, s.shapes.title.width = Inches(0.75), W - Inches(1.5)
    _text(s.shapes.title.text_frame, f"{data.county}安全生产隐患排查治理情况", 40, True, NAVY)
    body = s.placeholders[1]
    body.left, body.width = Inches(0.75), W - Inches(1.5)
    _text(body.text_frame, [f"{fmt_month(data.month)}月度安全生产工作会议材料", f"数据截至 {fmt_date(data.as_of)}",
                            f"生成时间 {fmt_date(data.generated)} {data.generated:%H:%M}"], 22, False, GREY)  # fmt: skip

    # 1 KPIs: a table (month, last month, a year ago) and a native chart of the counts
    s = _slide(prs, "一、" + SLIDE_TITLES_ZH["kpi"], sub)
    rows = bt.kpi_rows(data)
    df = pd.DataFrame([(r.label, r.cur, r.prev, r.yoy, r.note) for r in rows])
    _table(s, df, ["指标", fmt_month(data.month), "上月", "去年同期", "变化"], left, top, Inches(8.2),
           Inches(0.5) * (len(rows) + 1), 14)  # fmt: skip
    cd = CategoryChartData()
    cd.categories = ["本月发现隐患", "其中重大隐患"]
    for key, name in (("cur", fmt_month(data.month)), ("prev", "上月"), ("yoy", "去年同期")):
        k = data.kpi[key]
        cd.add_series(name, (int(k["total"]), int(k["major_total"])))
    ch = s.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(8.9), top, Inches(3.95), Inches(4.5), cd).chart
    ch.has_legend, ch.legend.position, ch.legend.include_in_layout = True, XL_LEGEND_POSITION.BOTTOM, False
    ch.plots[0].has_data_labels = True
    _chart_fonts(ch)

    # 2 trend by sector: stacked columns, months × sectors
    s = _slide(prs, "二、" + SLIDE_TITLES_ZH["trend"], sub)
    if data.trend.empty or data.trend.shape[1] == 0 or int(data.trend.to_numpy().sum()) == 0:
        _empty_note(s, left, top, width)
    else:
        cd = CategoryChartData()
        cd.categories = [fmt_month(m) for m in data.trend.index]
        for col in data.trend.columns:
            cd.add_series(data.sector_name(col), [int(v) for v in data.trend[col]])
        ch = s.shapes.add_chart(XL_CHART_TYPE.COLUMN_STACKED, left, top, width, height, cd).chart
        ch.has_legend, ch.legend.position, ch.legend.include_in_layout = True, XL_LEGEND_POSITION.BOTTOM, False
        ch.value_axis.has_title = True
        _text(ch.value_axis.axis_title.text_frame, "隐患数（项）", 12)
        _chart_fonts(ch)

    # 3 rectification by town: bars of the rate (fraction, shown as %), + counts table
    s = _slide(prs, "三、" + SLIDE_TITLES_ZH["towns"], sub)
    towns = data.towns.sort_values(["rect_rate", "key"], ascending=[True, True], na_position="first")
    towns = towns[towns["total"] > 0]
    if towns.empty:
        _empty_note(s, left, top, width)
    else:
        cd = CategoryChartData(number_format="0.0%")
        cd.categories = towns["key"].tolist()
        cd.add_series("整改率", [None if _missing(v) else float(v) for v in towns["rect_rate"]])
        ch = s.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, Inches(7.4), height, cd).chart
        ch.has_legend = False
        plot = ch.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format, plot.data_labels.number_format_is_linked = "0.0%", False
        ch.value_axis.maximum_scale, ch.value_axis.minimum_scale = 1.0, 0.0
        ch.value_axis.tick_labels.number_format, ch.value_axis.tick_labels.number_format_is_linked = "0%", False
        _chart_fonts(ch, 11)
        tdf = towns.sort_values(["rect_rate", "key"], ascending=[False, True], na_position="last")
        tt = pd.DataFrame({"乡镇": tdf["key"], "隐患": tdf["total"].map(fmt_int), "已整改": tdf["rectified"].map(fmt_int),
                           "整改率": tdf["rect_rate"].map(fmt_pct), "逾期": tdf["overdue"].map(fmt_int)})  # fmt: skip
        _table(s, tt, list(tt.columns), Inches(8.1), top, Inches(4.7), Inches(0.3) * (len(tt) + 1), 10)
        note = s.shapes.add_textbox(left, Inches(7.15), width, Inches(0.3))
        _text(note.text_frame, f"全县平均整改率 {fmt_pct(data.window['rect_rate'])}（近12个月发现的隐患，状态截至"
                               f"{fmt_date(data.as_of)}）", 11, False, GREY)  # fmt: skip

    # 4 overdue majors board
    s = _slide(prs, "四、" + SLIDE_TITLES_ZH["overdue"], sub + f"；共 {data.overdue_total} 项")
    if data.overdue.empty:
        _empty_note(s, left, top, width, "截至统计日，没有逾期未整改的重大隐患。")
    else:
        board = bt.overdue_table(data)
        _table(s, board, list(board.columns), left, top, width, Inches(0.4) * (len(board) + 1), 12)
        if data.overdue_total > len(data.overdue):
            note = s.shapes.add_textbox(left, Inches(7.0), width, Inches(0.3))
            _text(note.text_frame, f"另有 {data.overdue_total - len(data.overdue)} 项未列出，见看板“整改情况”页。", 11,
                  False, GREY)  # fmt: skip

    # 5 supervision gaps: coverage by town (chart) + never-inspected high-risk units (table)
    s = _slide(prs, "五、" + SLIDE_TITLES_ZH["gaps"], sub)
    cov = data.coverage_by_town()
    if cov.empty:
        _empty_note(s, left, top, width, "没有监管对象名录或检查记录，无法计算检查覆盖率。")
    else:
        cd = CategoryChartData(number_format="0.0%")
        cd.categories = cov["town"].tolist()
        cd.add_series("检查覆盖率", [float(v) for v in cov["coverage"]])
        ch = s.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, Inches(5.6), height, cd).chart
        ch.has_legend = False
        ch.plots[0].has_data_labels = True
        ch.plots[0].data_labels.number_format, ch.plots[0].data_labels.number_format_is_linked = "0.0%", False
        ch.value_axis.maximum_scale, ch.value_axis.minimum_scale = 1.0, 0.0
        ch.value_axis.tick_labels.number_format, ch.value_axis.tick_labels.number_format_is_linked = "0%", False
        ch.has_title = True
        _text(ch.chart_title.text_frame, f"近12个月检查覆盖率（全县 {fmt_pct(data.coverage_total)}）", 13, True)
        _chart_fonts(ch, 11)
        box = s.shapes.add_textbox(Inches(6.3), top, Inches(6.5), Inches(0.4))
        _text(box.text_frame, f"近12个月未被检查的红色/橙色风险单位：{data.never_high_total} 家", 14, True, NAVY)
        if not data.never.empty:
            nt = bt.never_table(data)
            _table(s, nt, list(nt.columns), Inches(6.3), Inches(2.0), Inches(6.5), Inches(0.36) * (len(nt) + 1), 11)

    # 6 what changed since the last meeting
    s = _slide(prs, "六、" + SLIDE_TITLES_ZH["changes"], sub)
    box = s.shapes.add_textbox(left, top, width, Inches(1.3))
    _text(box.text_frame, bt.change_lines(data), 16, False, (0x1F, 0x23, 0x28))
    if not data.new_majors.empty:
        nm = bt.new_majors_table(data)
        _table(s, nm, list(nm.columns), left, Inches(3.0), width, Inches(0.36) * (len(nm) + 1), 11)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _empty_note(slide, x, y, w, text: str = "本期没有数据。") -> None:
    from pptx.util import Inches

    box = slide.shapes.add_textbox(x, y, w, Inches(1))
    _text(box.text_frame, text, 20, False, GREY)


# ---- Word ----------------------------------------------------------------------------------


def _docx_font(run_or_style, size: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = CJK_FONT
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    el = run_or_style.element
    rpr = el.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), CJK_FONT)
    rfonts.set(qn("w:ascii"), CJK_FONT)
    rfonts.set(qn("w:hAnsi"), CJK_FONT)


def build_docx(data: BriefData, sections: list[tuple[str, str]] | None = None) -> bytes:
    """The written report. ``sections``: (heading, text) pairs, text one paragraph per line
    (the app passes the analyst's edited text); default: ``brief_text.sections(data)``."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from . import brief_text as bt

    sections = sections if sections is not None else bt.sections(data)
    doc = Document()
    doc.core_properties.title = bt.report_title(data)
    doc.core_properties.language = "zh-CN"
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
        try:
            _docx_font(doc.styles[name])
        except KeyError:
            continue
    _docx_font(doc.styles["Normal"], 12)
    doc.styles["Normal"].paragraph_format.space_after = Pt(6)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_font(head.add_run(bt.report_title(data)), 18, True)
    meta = doc.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_font(meta.add_run(bt.subtitle(data)), 10.5)
    for heading, text in sections:
        h = doc.add_heading(level=1)
        _docx_font(h.add_run(heading), 15, True)
        for line in str(text).splitlines():
            if line.strip():
                p = doc.add_paragraph()
                p.paragraph_format.first_line_indent = Pt(24)
                _docx_font(p.add_run(line.strip()), 12)
    # appendix tables: the numbers behind the text
    for title, table in bt.appendix_tables(data):
        h = doc.add_heading(level=2)
        _docx_font(h.add_run(title), 13, True)
        if table.empty:
            _docx_font(doc.add_paragraph().add_run("无。"), 12)
            continue
        tbl = doc.add_table(rows=1, cols=len(table.columns))
        tbl.style = doc.styles["Table Grid"]
        for c, col in enumerate(table.columns):
            _docx_font(tbl.rows[0].cells[c].paragraphs[0].add_run(str(col)), 10.5, True)
        for row in table.itertuples(index=False):
            cells = tbl.add_row().cells
            for c, value in enumerate(row):
                _docx_font(cells[c].paragraphs[0].add_run("" if value is None else str(value)), 10.5)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def file_stem(data: BriefData) -> str:
    return f"{data.county}{data.month.year}年{data.month.month:02d}月隐患排查治理会议材料"


def build_zip(data: BriefData, sections: list[tuple[str, str]] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{file_stem(data)}.pptx", build_pptx(data))
        z.writestr(f"{file_stem(data)}.docx", build_docx(data, sections))
    return out.getvalue()


# ---- CLI: python -m etl brief ----------------------------------------------------------------


def _month_arg(text: str) -> dt.date:
    try:
        return parse_month(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"月份应写成 YYYY-MM，例如 2025-05（收到 '{text}'）/ month must be YYYY-MM") from None


def _date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD（收到 '{text}'）/ date must be YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", type=_month_arg, help="会议月份 YYYY-MM（默认：最近报送的月份）/ meeting month")
    parser.add_argument("--out", required=True,
                        help="输出文件 x.pptx 或 x.docx（两者都会生成，同名）或文件夹 / output file (both .pptx and "
                             ".docx are written, same stem) or folder")  # fmt: skip
    parser.add_argument("--asof", type=_date_arg, help="截至日期（默认该月月末）/ as-of date (default: month end)")
    parser.add_argument("--county", help=f"县名（默认 ${COUNTY_ENV} 或“全县”）/ county name")
    parser.add_argument("--town", action="append", default=[], help="只统计这些乡镇（可重复）/ restrict to towns")


def output_paths(out: str | os.PathLike[str], data: BriefData) -> tuple[Path, Path]:
    p = Path(out)
    if p.suffix.lower() in (".pptx", ".docx"):
        return p.with_suffix(".pptx"), p.with_suffix(".docx")
    return p / f"{file_stem(data)}.pptx", p / f"{file_stem(data)}.docx"


def run(args: argparse.Namespace) -> int:
    from . import db as dbmod
    from . import queries

    path = dbmod.resolve_path(args.db)
    if not dbmod.snapshot_path(path).exists() and not path.exists():
        print(f"找不到仓库 {path}。/ No warehouse at {path}.")
        return 3
    con = dbmod.open_reader(path)
    try:
        def q(name: str, **params: Any) -> pd.DataFrame:
            return queries.run(con.cursor(), name, **params)

        month = args.month or default_month(q)
        if month is None:
            print("仓库中还没有隐患数据，无法生成会议材料。/ The warehouse has no hazards yet; nothing to brief.")
            return 1
        data = collect(q, month, args.asof, county=args.county, towns=args.town)
    finally:
        con.close()
    pptx_path, docx_path = output_paths(args.out, data)
    pptx_path.parent.mkdir(parents=True, exist_ok=True)
    pptx_path.write_bytes(build_pptx(data))
    docx_path.write_bytes(build_docx(data))
    print(f"已生成会议材料 / briefing pack written ({fmt_month(data.month)}，数据截至 {fmt_date(data.as_of)}):")
    print(f"  {pptx_path}")
    print(f"  {docx_path}")
    return 0
