"""The Word report in the official-document layout a county office prints (GB/T 9704-2012):
A4, type area 156 mm × 225 mm (margins top 37, bottom 35, left 28, right 26 mm), 22 lines of
28 characters (line pitch on the grid, characters by a 0.2 pt condensed spacing), title in 小标宋 二号 (22 pt), body in 仿宋 三号 (16 pt), first-level headings in
黑体, second-level in 楷体, page numbers "— 1 —" in 宋体 四号 at the foot.

Fonts: the document names the office fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) and,
in its font table, the Noto CJK fonts as their alternates; a machine without the office fonts
(LibreOffice on Linux, the test renderer) shows Noto Serif/Sans CJK SC instead. ``FONT_NOTE``
says so and the CLI prints it."""

from __future__ import annotations

import io
import math

from etl.ingest.textclean import clean_deep

from . import followthrough, scoreboard
from . import text as bt
from .model import BriefData

TITLE_FONT, BODY_FONT, HEAD_FONT, HEAD2_FONT, TABLE_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"
ALTERNATES = {  # what a machine without the office fonts should use (w:altName in the font table)
    TITLE_FONT: "Noto Serif CJK SC",
    BODY_FONT: "Noto Serif CJK SC",
    HEAD_FONT: "Noto Sans CJK SC",
    HEAD2_FONT: "Noto Serif CJK SC",
    TABLE_FONT: "Noto Serif CJK SC",
}
FONT_NOTE = ("报告按公文格式使用方正小标宋简体、仿宋_GB2312、黑体、楷体_GB2312；未安装这些字体的电脑以 Noto CJK 字体代替显示。"
             " / The report names the official-document fonts; machines without them show Noto CJK instead.")  # fmt: skip
TITLE_PT, BODY_PT, TABLE_PT, FOOTER_PT = 22, 16, 12, 14
LINES, CHARS = 22, 28
TYPE_W_MM, TYPE_H_MM = 156, 225
MARGINS_MM = dict(top=37, bottom=35, left=28, right=26)


def _font(run_or_style, name: str, size: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = name
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), name)


def _page_setup(doc) -> None:
    """A4, the GB/T 9704 type area and the 22 × 28 document grid."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    sec.left_margin, sec.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    sec.footer_distance = Mm(28 - 7)  # the page number sits 7 mm below the type area
    sect = sec._sectPr  # noqa: SLF001 - python-docx has no API for the document grid
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = sect.makeelement(qn("w:docGrid"), {})
        sect.append(grid)
    pitch_twips = round(TYPE_H_MM / LINES / 25.4 * 1440)  # 579: 22 lines in 225 mm
    # Lines on the grid; the 28 characters come from a character spacing (see CHAR_SPACING_TWENTIETHS)
    # rather than a character grid, which LibreOffice applies to Latin digits and table cells too.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(pitch_twips))


# 28 characters of 16 pt in 156 mm: each character 15.79 pt wide, i.e. at most 15.79 pt: 16 pt less 0.25 pt (5/20 pt)
CHAR_SPACING_TWENTIETHS = math.floor((TYPE_W_MM / 25.4 * 72 / CHARS - BODY_PT) * 20)  # -5: 28 fit, not 27.99


def _condense(style) -> None:
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    sp = rpr.find(qn("w:spacing"))
    if sp is None:
        sp = rpr.makeelement(qn("w:spacing"), {})
        rpr.append(sp)
    sp.set(qn("w:val"), str(CHAR_SPACING_TWENTIETHS))


def _alternates(doc) -> None:
    """Name the Noto CJK fonts as the office fonts' alternates in the font table."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn
    from lxml import etree

    try:
        part = doc.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    xml_part = hasattr(part, "element")
    root = part.element if xml_part else etree.fromstring(part.blob)
    for name, alt in ALTERNATES.items():
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
    if not xml_part:
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # noqa: SLF001


def _footer(doc) -> None:
    """'— 1 —' centred at the foot of every page (a PAGE field)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), TABLE_FONT, FOOTER_PT)
    run = p.add_run()
    _font(run, TABLE_FONT, FOOTER_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)  # noqa: SLF001
    _font(p.add_run(" —"), TABLE_FONT, FOOTER_PT)


def _para(doc, text: str, font: str, size: float, *, bold: bool = False, center: bool = False, indent: bool = True):
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(TYPE_H_MM / LINES / 25.4 * 72)  # one grid line (28.95 pt)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        fmt.first_line_indent = Pt(BODY_PT * 2)  # two characters
    _font(p.add_run(text), font, size, bold)
    return p


def build_docx(data: BriefData, sections: list[tuple[str, str]] | None = None) -> bytes:
    """The written report. ``sections``: (heading, text) pairs, text one paragraph per line
    (the app passes the analyst's edited text); default: ``text.sections(data)``."""
    from docx import Document
    from docx.shared import Pt

    data, sections = clean_deep(data), clean_deep(sections)  # controls would break the XML

    sections = sections if sections is not None else bt.sections(data)
    doc = Document()
    doc.core_properties.title = bt.report_title(data)
    doc.core_properties.language = "zh-CN"
    doc.core_properties.comments = FONT_NOTE
    _page_setup(doc)
    _alternates(doc)
    _font(doc.styles["Normal"], BODY_FONT, BODY_PT)
    _condense(doc.styles["Normal"])
    _footer(doc)
    _para(doc, bt.report_title(data), TITLE_FONT, TITLE_PT, center=True)
    _para(doc, "", BODY_FONT, BODY_PT, indent=False)  # one blank line under the title
    _para(doc, bt.subtitle(data), HEAD2_FONT, BODY_PT, center=True)
    # 上次会议交办事项落实情况 (etl/brief/followthrough.py) opens the report
    followthrough.add_section(data.follow, heading=lambda x: _para(doc, x, HEAD_FONT, BODY_PT),
                              body=lambda x: _para(doc, x, BODY_FONT, BODY_PT))  # fmt: skip
    for heading, body in sections:
        _para(doc, heading, HEAD_FONT, BODY_PT)
        for line in str(body).splitlines():
            if line.strip():
                sub = line.strip().startswith("（")  # （一）… second-level items in 楷体
                _para(doc, line.strip(), HEAD2_FONT if sub and len(line) < 40 else BODY_FONT, BODY_PT)
    # 考核通报与下月检查计划 (etl/brief/scoreboard.py): its sentences here, its rankings as appendix tables
    scoreboard.add_section(data.score, heading=lambda x: _para(doc, x, HEAD_FONT, BODY_PT),
                           body=lambda x: _para(doc, x, BODY_FONT, BODY_PT))  # fmt: skip
    # appendix tables: the numbers behind the text, every row
    appendix = bt.appendix_tables(data)
    appendix += scoreboard.appendix(data.score, first=len(appendix) + 1)
    appendix += followthrough.appendix(data.follow, first=len(appendix) + 1)  # the chain behind 层层递减
    for title, table in appendix:
        doc.add_page_break()
        _para(doc, title, HEAD_FONT, BODY_PT, indent=False)
        if table.empty:
            _para(doc, "无。", BODY_FONT, BODY_PT)
            continue
        tbl = doc.add_table(rows=1, cols=len(table.columns))
        tbl.style = doc.styles["Table Grid"]
        for c, col in enumerate(table.columns):
            _font(tbl.rows[0].cells[c].paragraphs[0].add_run(str(col)), HEAD_FONT, TABLE_PT)
        for row in table.itertuples(index=False):
            cells = tbl.add_row().cells
            for c, value in enumerate(row):
                _font(cells[c].paragraphs[0].add_run("" if value is None else str(value)), TABLE_FONT, TABLE_PT)
        for r in tbl.rows:
            for cell in r.cells:
                cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
