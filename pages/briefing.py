"""会议材料 briefing page: pick the month, edit the generated report text, download .pptx /
.docx / both, start the slide show (``?mode=present``, see ``pages/_shared/slideshow.py``).

Numbers come from ``etl.brief.collect`` (the same model the CLI's .pptx/.docx use).
"""

from __future__ import annotations

import streamlit as st

from etl import brief
from pages._shared import briefing_scope, data, theme
from pages._shared.i18n import t
from pages._shared.present_slides import md_escape

# ---- the briefing page (a navigation page) --------------------------------------------------------


def briefing_page() -> None:
    from pages._shared import filters

    f = filters.current()
    lang = f.lang
    st.title(t("brief.title"))
    st.caption(t("brief.intro"))
    month, as_of = f.headline, f.as_of
    if month is None or not f.has_data:
        st.info(t("brief.no_data"), icon="ℹ️")
        return
    # One scope: the sidebar's headline month, as-of date and filters (no second month or date here).
    c3, c4 = st.columns([1, 1])
    county = c3.text_input(t("brief.county"), value=brief.DEFAULT_COUNTY, key="brief_county", max_chars=20)
    interval = c4.number_input(t("brief.interval"), min_value=2, max_value=600, value=20, step=1, key="brief_interval")
    d = brief.collect(data.query, month, as_of, county=county.strip() or None, towns=f.towns, sectors=f.sectors,
                      departments=f.departments, level=f.level)  # fmt: skip
    briefing_scope.explain(f, d)
    k, stock = d.kpi["cur"], d.kpi["stock"]
    st.markdown(md_escape(t("brief.headline", month=theme.fmt_month(d.month, lang), found=theme.fmt_int(k["total"], lang),
                            major=theme.fmt_int(k["major_total"], lang), overdue=theme.fmt_int(stock["overdue"], lang),
                            overdue_major=theme.fmt_int(stock["overdue_major"], lang),
                            rate=theme.fmt_pct(d.window["rect_rate"], lang))))  # fmt: skip
    link = briefing_scope.present_link(f, int(interval))
    st.link_button(t("brief.present_link"), link, icon=":material/slideshow:")

    from etl.brief import text as brief_text

    st.subheader(t("brief.text_header"))
    generated = brief_text.sections(d)
    sig = f"{data.data_version()}|{month}|{as_of}|{county}|{f.towns}|{f.sectors}|{f.departments}|{f.level}"
    if st.session_state.get("brief_sig") != sig:  # new scope or new data: start from the generated text
        st.session_state["brief_sig"] = sig
        for i, (_, text) in enumerate(generated):
            st.session_state[f"brief_text_{i}"] = text

    def _reset() -> None:
        for i, (_, text) in enumerate(generated):
            st.session_state[f"brief_text_{i}"] = text

    edited = []
    for i, (heading, _) in enumerate(generated):
        edited.append((heading, st.text_area(heading, key=f"brief_text_{i}", height=180)))
    st.button(t("brief.reset"), on_click=_reset, icon=":material/restart_alt:")
    stem = brief.file_stem(d)
    b1, b2, b3 = st.columns(3)
    b1.download_button(t("brief.download_zip"), data=lambda: brief.build_zip(d, edited), file_name=f"{stem}.zip",
                       mime="application/zip", icon=":material/download:", type="primary", key="brief_zip")  # fmt: skip
    b2.download_button(t("brief.download_pptx"), data=lambda: brief.build_pptx(d), file_name=f"{stem}.pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       icon=":material/slideshow:", key="brief_pptx")  # fmt: skip
    b3.download_button(t("brief.download_docx"), data=lambda: brief.build_docx(d, edited), file_name=f"{stem}.docx",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       icon=":material/description:", key="brief_docx")  # fmt: skip

    from pages._shared import assignments_ui  # issue 12: 会议交办事项

    assignments_ui.render(f)


if __name__ == "__main__":  # run by st.navigation as the 会议材料 page
    briefing_page()
