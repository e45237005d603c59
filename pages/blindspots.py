"""会商清单 Blind spots to settle: unregistered units with near-name candidates, the 三管三必须
matrix set against the data, mismatched and missing owners, and the agenda sheet (xlsx, an empty
会商意见 column) for the meeting. Layout only: rows from the ``blind_*`` named queries, the
matching and the agenda from ``etl.read.blindspots``, the matrix from config/responsibilities.toml."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from etl.read import blindspots, config
from pages._shared import agreements_ui, export, filters, theme, widgets
from pages._shared.data import query
from pages._shared.i18n import department_label, sector_label, t

LIMIT = 500

f = filters.current()
status = st.session_state["_status"]
lang = f.lang

if not widgets.page_header("blind.title", f, status):
    st.stop()
resp, problems = config.load_responsibilities()
widgets.settings_problems(problems, "blind.cfg.problem", lang)
st.caption(t("blind.intro"))

params = {**f.params(), "limit": LIMIT}


def sector_zh(code: str) -> str:
    return sector_label(code, "zh")


spots = blindspots.read(query, params, resp, sector_zh)
has_registry, unreg, near, by_sector = spots.has_registry, spots.unreg, spots.near, spots.by_sector
mismatches = spots.mismatches
unit_types, no_owner, agenda = spots.unit_types, spots.no_owner, spots.agenda

# ---- the agenda sheet ------------------------------------------------------------------------------
title = t("blind.download.title")
stamp = t("export.note", at=theme.fmt_datetime(dt.datetime.now(), lang), filters=f.describe())
st.download_button(
    t("blind.download"),
    data=lambda: export.to_xlsx(agenda, sheet="会商清单", title=title, note=stamp),
    file_name=f"{title}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="blind_agenda_xlsx",
    icon=":material/download:",
    type="primary",
)
st.caption(t("blind.download.count", n=len(agenda)))

# ---- 1 unregistered units --------------------------------------------------------------------------
st.subheader(t("blind.unreg.title"))
widgets.note(t("blind.unreg.explain"))
without = query("blind_towns_without_registry", towns=params["towns"])
if not has_registry:
    widgets.empty("blind.unreg.no_registry")
elif unreg.empty:
    widgets.empty("blind.unreg.none")
else:
    if int(unreg["total_rows"].iloc[0]) > len(unreg):
        st.caption(t("score.drill.more", n=f"{len(unreg):,}", total=f"{int(unreg['total_rows'].iloc[0]):,}"))
    shown = pd.DataFrame({
        t("col.town"): unreg["town"], t("col.entity_name"): unreg["entity_name"],
        t("col.sector"): [sector_label(s, lang) for s in unreg["sector"]],
        t("col.department"): [department_label(d, lang) for d in unreg["department"]],
        t("blind.col.hazards"): unreg["hazards"], t("blind.col.open"): unreg["open_hazards"],
        t("blind.col.visits"): unreg["visits"], t("blind.col.last_seen"): unreg["last_seen"],
        t("blind.col.candidates"): ["、".join(f"{n}（{s:.0f}）" for n, s in c) for c in near],
    })  # fmt: skip
    widgets.table(shown, key="blind_unreg", filename=t("blind.unreg.title"), f=f, title=t("blind.unreg.title"))
if has_registry and not without.empty:
    widgets.note(t("blind.unreg.towns_without", towns="、".join(without["town"])))

# ---- 2 三管三必须 ----------------------------------------------------------------------------------
st.subheader(t("blind.matrix.title"))
widgets.note(t("blind.matrix.explain"))
matrix = by_sector[(by_sector["hazards"] > 0) | (by_sector["units"] > 0) | (by_sector["lead"] != "")]
widgets.table(
    pd.DataFrame({
        t("col.sector"): [sector_label(s, lang) for s in matrix["sector"]],
        t("blind.col.lead"): [x or t("blind.no_lead") for x in matrix["lead"]],
        t("blind.col.also"): ["、".join(a) for a in matrix["also"]],
        t("blind.col.hazards"): matrix["hazards"], t("blind.col.hazards_no_owner"): matrix["hazards_no_owner"],
        t("blind.col.mismatch"): matrix["hazards_mismatch"],
        t("blind.col.units"): matrix["units"], t("blind.col.units_no_owner"): matrix["units_no_owner"],
    }),  # fmt: skip
    key="blind_matrix", filename=t("blind.matrix.title"), f=f, title=t("blind.matrix.title"),
)  # fmt: skip
agreed_hazards = int(matrix["hazards_agreed"].sum())  # ledger named no department, a 会商 agreed one
if agreed_hazards:
    st.caption(t("blind.matrix.agreed", n=f"{agreed_hazards:,}"))

st.markdown(f"**{t('blind.mismatch.title')}**")
if mismatches.empty:
    widgets.empty("blind.mismatch.none")
else:
    widgets.table(
        pd.DataFrame({
            t("col.sector"): [sector_label(s, lang) for s in mismatches["sector"]],
            t("blind.col.lead"): mismatches["lead"], t("blind.col.department_named"): mismatches["department"],
            t("blind.col.hazards"): mismatches["hazards"], t("blind.col.open"): mismatches["open_hazards"],
        }),  # fmt: skip
        key="blind_mismatch", filename=t("blind.mismatch.title"), f=f, title=t("blind.mismatch.title"),
    )  # fmt: skip

st.markdown(f"**{t('blind.types.title')}**")
if unit_types.empty:
    widgets.empty("blind.types.none")
else:
    widgets.table(
        pd.DataFrame({
            t("blind.col.type"): unit_types["sector_raw"], t("blind.col.hazards"): unit_types["hazards"],
            t("blind.col.hazards_no_owner"): unit_types["no_department"], t("blind.col.open"): unit_types["open_hazards"],
        }),  # fmt: skip
        key="blind_types", filename=t("blind.types.title"), f=f, title=t("blind.types.title"),
    )  # fmt: skip

# ---- 3 no owner, and what the meeting agreed -----------------------------------------------------
agreements_ui.agreed_table(f)
agreements_ui.uploader()
st.subheader(t("blind.owner.title"))
if agreed_hazards:
    st.caption(t("blind.owner.agreed", n=f"{agreed_hazards:,}"))
if no_owner.empty:
    widgets.empty("blind.owner.none")
else:
    widgets.table(
        pd.DataFrame({
            t("blind.col.kind"): [t(f"blind.kind.{k}") for k in no_owner["kind"]],
            t("col.town"): no_owner["town"], t("col.entity_name"): no_owner["entity_name"],
            t("col.sector"): [sector_label(s, lang) for s in no_owner["sector"]],
            t("blind.col.hazards"): no_owner["hazards"], t("blind.col.open"): no_owner["open_hazards"],
            t("blind.col.agreed"): no_owner["agreed_department"],
        }),  # fmt: skip
        key="blind_owner", filename=t("blind.owner.title"), f=f, title=t("blind.owner.title"),
    )  # fmt: skip
