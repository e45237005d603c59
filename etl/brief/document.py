"""The Word report: the text of ``etl.brief.text`` (possibly edited) and the appendix tables."""

from __future__ import annotations

import io

from ..textclean import clean_deep
from . import text as bt
from .model import CJK_FONT, BriefData

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
    (the app passes the analyst's edited text); default: ``text.sections(data)``."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    data, sections = clean_deep(data), clean_deep(sections)  # controls would break the XML

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
