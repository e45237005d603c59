"""The PowerPoint: native, editable charts and tables."""

from __future__ import annotations

import io

import pandas as pd

from ..textclean import clean_deep
from . import text as bt
from .fmt import fmt_date, fmt_int, fmt_month, fmt_pct
from .model import CJK_FONT, SLIDE_TITLES_ZH, BriefData, _missing

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

    data = clean_deep(data)  # a warehouse loaded before control characters were stripped

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
