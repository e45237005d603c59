"""The reading report on the upload page: per data sheet, source column → field and how it was
decided, legends, titles and 无隐患 rows (etl.ingest.reading_report builds it; this only lays it out)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl.ingest.reading_report import column_rows, sheet_lines
from pages._shared.i18n import t
from pages._shared.safe import md, t_md


def noteworthy(analysis) -> bool:
    """Anything beyond plain names and synonyms: a contest, ticks, a legend, a title, a 'contains'."""
    for s in analysis.sheets if analysis else []:
        r = s.reading
        if r.losers or r.marks or r.legends or r.title or r.nothing_found:
            return True
        if any(how not in ("exact", "synonym") for _, _, how in r.columns):
            return True
    return False


def render(analysis, lang: str) -> None:
    """One table per data sheet, then its legend/title/无隐患 lines (cell text escaped)."""
    if analysis is None:
        return
    st.caption(t("reading.help"))
    for s in analysis.sheets:
        if s.role != "data":
            continue
        st.markdown(t_md("reading.sheet", sheet=s.name, row=s.header_row))
        rows = column_rows(s, lang)
        frame = pd.DataFrame(  # st.table renders Markdown in cells: every cell escaped
            [{t("reading.col.column"): md(r["column"]), t("reading.col.field"): md(r["field"]),
              t("reading.col.how"): md(r["how"])} for r in rows])
        st.table(frame, hide_index=True, border="horizontal")
        for line in sheet_lines(s, lang):
            st.markdown(f"- {md(line)}")
