"""The PowerPoint: native, editable charts and tables."""

from __future__ import annotations

import io

import pandas as pd

from etl.ingest.textclean import clean_deep

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
    box = s.shapes.add_textbox(Inches(0.5), Inches(1.0), prs.slide_width - Inches(1.0), Inches(0.45))
    _text(box.text_frame, subtitle, 16, False, GREY)
    s._body_top = Emu(Inches(1.5))  # noqa: SLF001 - layout hint for the builders below
    return s


TABLE_PT = 18  # read from the back of a meeting room (issue 16: 10-12 pt could not be read)


def _table(slide, df: pd.DataFrame, headers: list[str], x, y, w, h, size: float = TABLE_PT, widths=None):
    from pptx.util import Emu, Pt

    rows, cols = len(df) + 1, len(headers)
    shape = slide.shapes.add_table(rows, cols, x, y, w, h)
    tbl = shape.table
    if widths:
        total = float(sum(widths))
        for c, part in enumerate(widths):
            tbl.columns[c].width = Emu(int(w * part / total))
    for c, head in enumerate(headers):
        _text(tbl.cell(0, c).text_frame, head, size, True, (0xFF, 0xFF, 0xFF))
    for r, row in enumerate(df.itertuples(index=False), start=1):
        for c, value in enumerate(row):
            _text(tbl.cell(r, c).text_frame, "" if value is None else str(value), size)
            tbl.cell(r, c).margin_top = tbl.cell(r, c).margin_bottom = Pt(2)
    return shape


def paged_table(prs, title: str, subtitle: str, df: pd.DataFrame, *, rows: int, widths=None,
                row_height: float = 0.55, note: str | None = None) -> int:
    """``df`` on as many slides as it needs, ``rows`` rows each, at ``TABLE_PT``; later slides are
    titled "（续）" and say which rows they hold. Returns the number of slides added."""
    from pptx.util import Inches

    W = prs.slide_width
    pages = max(1, -(-len(df) // rows))
    for i in range(pages):
        part = df.iloc[i * rows : (i + 1) * rows]
        head = title if i == 0 else f"{title}（续）"
        sub = subtitle if pages == 1 else f"{subtitle}；第 {i * rows + 1}–{i * rows + len(part)} 项，共 {len(df)} 项"
        s = _slide(prs, head, sub)
        _table(s, part, list(df.columns), Inches(0.5), Inches(1.5), W - Inches(1.0),
               Inches(row_height) * (len(part) + 1), widths=widths)  # fmt: skip
        if note and i == pages - 1:
            box = s.shapes.add_textbox(Inches(0.5), Inches(6.85), W - Inches(1.0), Inches(0.5))
            _text(box.text_frame, note, 16, False, GREY)
    return pages


# Slides other workstreams add after the six (e.g. the meeting's assignments): each is called
# with (prs, data, slide) where ``slide(title, subtitle)`` makes a titled slide in this style.
EXTRA_SLIDES: list = []
# Slides shown first, right after the title slide (the last meeting's assignments), same call.
FIRST_SLIDES: list = []


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
    # explicit boxes: the layout's placeholders, moved, kept a zero height at the slide's top edge
    ttl = s.shapes.title
    ttl.left, ttl.top, ttl.width, ttl.height = Inches(0.75), Inches(1.9), W - Inches(1.5), Inches(1.6)
    _text(ttl.text_frame, f"{bt.area_name(data)}安全生产隐患排查治理情况", 40, True, NAVY)
    body = s.placeholders[1]
    body.left, body.top, body.width, body.height = Inches(0.75), Inches(3.8), W - Inches(1.5), Inches(2.4)
    _text(body.text_frame, [f"{fmt_month(data.month)}月度安全生产工作会议材料", f"数据截至 {fmt_date(data.as_of)}",
                            f"生成时间 {fmt_date(data.generated)} {data.generated:%H:%M}"], 22, False, GREY)  # fmt: skip
    for first in FIRST_SLIDES:
        first(prs, data, lambda title, subtitle: _slide(prs, title, subtitle))

    # 1 KPIs: one table (month, last month, a year ago, change) across the slide, 18 pt
    s = _slide(prs, "一、" + SLIDE_TITLES_ZH["kpi"], sub)
    rows = bt.kpi_rows(data)
    df = pd.DataFrame([(r.label, r.cur, r.prev, r.yoy, r.note) for r in rows])
    _table(s, df, ["指标", fmt_month(data.month), "上月", "去年同期", "变化"], left, top, width,
           Inches(0.62) * (len(rows) + 1), widths=[3.6, 1.8, 1.5, 1.5, 3.9])  # fmt: skip

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
        _text(ch.value_axis.axis_title.text_frame, "隐患数（项）", 16)
        _chart_fonts(ch, 16)

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
        ch = s.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, width, Inches(5.3), cd).chart
        ch.has_legend = False
        plot = ch.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format, plot.data_labels.number_format_is_linked = "0.0%", False
        # rates of 85-96 % on a 0-100 axis all look alike: start the axis below the lowest, and say so
        rates = [float(v) for v in towns["rect_rate"] if not _missing(v)]
        low = max(0.0, int((min(rates) - 0.05) * 10) / 10) if rates else 0.0
        ch.value_axis.maximum_scale, ch.value_axis.minimum_scale = 1.0, low
        ch.value_axis.tick_labels.number_format, ch.value_axis.tick_labels.number_format_is_linked = "0%", False
        if low > 0:
            ch.value_axis.has_title = True
            _text(ch.value_axis.axis_title.text_frame, f"整改率（横轴从 {low:.0%} 起）", 16)
        _chart_fonts(ch, 16)
        note = s.shapes.add_textbox(left, Inches(6.85), width, Inches(0.5))
        _text(note.text_frame, f"{bt.area_name(data)}平均整改率 {fmt_pct(data.window['rect_rate'])}（近12个月发现的隐患，"
                               f"状态截至{fmt_date(data.as_of)}）", 16, False, GREY)  # fmt: skip
        tdf = towns.sort_values(["rect_rate", "key"], ascending=[False, True], na_position="last")
        tt = pd.DataFrame({"乡镇（街道）": tdf["key"], "隐患": tdf["total"].map(fmt_int),
                           "已整改": tdf["rectified"].map(fmt_int), "整改率": tdf["rect_rate"].map(fmt_pct),
                           "逾期未整改": tdf["overdue"].map(fmt_int)})  # fmt: skip
        paged_table(prs, "三、" + SLIDE_TITLES_ZH["towns"] + "（明细）", sub, tt, rows=8, widths=[3, 2, 2, 2, 2])

    # 4 overdue majors board: every item, continued over as many slides as needed
    title4 = "四、" + SLIDE_TITLES_ZH["overdue"]
    if data.overdue.empty:
        s = _slide(prs, title4, sub + "；共 0 项")
        _empty_note(s, left, top, width, "截至统计日，没有逾期未整改的重大隐患。")
    else:
        board = bt.overdue_table(data)[["序号", "单位名称", "乡镇（街道）", "责任部门", "隐患描述", "逾期天数"]]
        unlisted = data.overdue_total - len(board)
        paged_table(prs, title4, sub + f"；共 {data.overdue_total} 项", board, rows=6, row_height=0.75,
                    widths=[0.8, 2.6, 1.7, 2.0, 4.0, 1.3],
                    note=f"另有 {unlisted} 项未列出，见看板“整改情况”页。" if unlisted > 0 else None)  # fmt: skip

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
        _text(ch.chart_title.text_frame, f"近12个月检查覆盖率（{bt.area_name(data)} {fmt_pct(data.coverage_total)}）",
              18, True)  # fmt: skip
        _chart_fonts(ch, 16)
        box = s.shapes.add_textbox(Inches(6.3), top, Inches(6.5), Inches(1.2))
        _text(box.text_frame, f"近12个月未被检查的红色/橙色风险单位：{data.never_high_total} 家", 24, True, NAVY)
        if not data.never.empty:
            nt = bt.never_table(data)
            more = data.never_high_total - len(nt)
            paged_table(prs, "五、" + SLIDE_TITLES_ZH["gaps"] + "（未检查的高风险单位）", sub, nt, rows=8,
                        widths=[3.2, 1.8, 1.6, 2.2, 1.8],
                        note=f"另有 {more} 家未列出，见看板“监管盲区”页。" if more > 0 else None)  # fmt: skip

    # 6 this month: new majors, rectified, towns' ledgers (no comparison with a previous meeting)
    s = _slide(prs, "六、" + SLIDE_TITLES_ZH["changes"], sub)
    box = s.shapes.add_textbox(left, top, width, Inches(2.4))
    _text(box.text_frame, bt.change_lines(data), 22, False, (0x1F, 0x23, 0x28))
    if not data.new_majors.empty:
        nm = bt.new_majors_table(data)
        more = data.new_majors_total - len(nm)
        paged_table(prs, "六、" + SLIDE_TITLES_ZH["changes"] + "（新增重大隐患）", sub, nm, rows=7,
                    widths=[2.6, 1.6, 1.4, 3.6, 1.6, 1.3],
                    note=f"另有 {more} 项未列出，见看板“隐患明细”页。" if more > 0 else None)  # fmt: skip
    for extra in EXTRA_SLIDES:
        extra(prs, data, lambda title, subtitle: _slide(prs, title, subtitle))
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _empty_note(slide, x, y, w, text: str = "本期没有数据。") -> None:
    from pptx.util import Inches

    box = slide.shapes.add_textbox(x, y, w, Inches(1))
    _text(box.text_frame, text, 24, False, GREY)
