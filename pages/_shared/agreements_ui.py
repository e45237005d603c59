"""会商明确 on the 会商清单 page: the owners agreed at the meeting (everyone sees them) and, for
analysts, loading the filled-in sheet back (etl/ingest/agreements.py). No SQL here."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from etl.ingest import agreements
from etl.problems import RefusedFile

from . import auth, data, safe, theme, widgets
from .filters import Filters
from .i18n import sector_label, t

MAX_BYTES = 5 * 1024 * 1024  # an agenda sheet is small; anything bigger is not one


def agreed_table(f: Filters) -> pd.DataFrame:
    agreed = data.query("blind_agreed", towns=list(f.towns) or None)
    st.subheader(t("agree.title"))
    if agreed.empty:
        widgets.empty("agree.none")
        return agreed
    shown = pd.DataFrame({
        t("agree.col.item"): [t(f"agree.item.{k}") for k in agreed["item_type"]],
        t("col.town"): agreed["town"].fillna(""), t("col.entity_name"): agreed["entity_name"].fillna(""),
        t("col.sector"): [sector_label(s, f.lang) if isinstance(s, str) and s else "" for s in agreed["sector"]],
        t("blind.col.type"): agreed["sector_raw"].fillna(""),
        t("agree.col.department"): agreed["department"],
        t("agree.col.filled"): agreed["hazards_filled"].astype(int),
    })  # fmt: skip
    widgets.table(shown, key="agree_tbl", filename=t("agree.title"), f=f, title=t("agree.title"))
    return agreed


def uploader() -> None:
    """Analysts only: load the filled-in 会商清单; the role is checked again at the write."""
    if not auth.has_role("analyst"):
        st.caption(t("agree.login"))
        return
    up = st.file_uploader(t("agree.upload"), type=["xlsx"], key="agree_file")
    if up is None:
        return
    if not st.button(t("agree.load"), key="agree_load", type="primary"):
        return
    who = auth.current_user()
    if who is None or not auth.has_role("analyst"):  # re-read at the write: a demoted session stops here
        st.error(t("agree.login"))
        return
    blob = up.getvalue()
    if len(blob) > MAX_BYTES or not blob:
        st.error(t("agree.too_big"))
        return
    try:
        rep = agreements.load_agreements(blob, Path(up.name).name, db=Path(data.warehouse_path()), actor=who)
    except PermissionError:
        st.error(t("agree.login"))
        return
    except RefusedFile as exc:
        st.error(safe.md(exc.message_zh if st.session_state.get("lang", "zh") == "zh" else exc.message_en))
        return
    st.success(t("agree.done", id=rep.upload_id, read=rep.rows_read, loaded=rep.loaded, rejected=rep.rows_rejected,
                 skipped=rep.non_data))  # fmt: skip
    if rep.rejected:
        st.dataframe(pd.DataFrame([{t("agree.col.row"): p.row, t("agree.col.column"): p.column,
                                    t("agree.col.value"): p.raw_value, t("agree.col.reason"): p.reason}
                                   for p in rep.rejected]), hide_index=True, placeholder=theme.BLANK)  # fmt: skip
