"""The 会议交办事项 section of the 会议材料 page: the list with computed status for everyone, and
for analysts/admins the forms to record an item (from the overdue majors, a paper closure, a
town/department figure, or free text) and to close a free item.

Writes go through ``etl.store.assignments`` with the session from ``auth`` (re-read from the accounts
file on every run): a viewer's crafted widget messages reach ``users.require`` and are refused
there, whatever the page showed. Refusals are one sentence (``st.error``), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import zlib

import pandas as pd
import streamlit as st

from etl.store import assignments as asg
from pages._shared import auth, data, safe, theme, widgets
from pages._shared.i18n import current_lang, department_label, t

SOURCES = ("free", "overdue", "paper", "figure")
PICK_LIMIT = 200
FLASH = "_asg_flash"  # the sentence to show after the rerun that follows a save


def progress_text(r: pd.Series, lang: str) -> str:
    if r["kind"] == "figure":
        return asg.figure_evidence(r, lang)
    if r["kind"] == "hazard" and isinstance(r["hazard_town"], str):
        return t("asg.progress.hazard", town=r["hazard_town"], unit=r["hazard_entity"] or "—",
                 desc=r["hazard_description"] or "—")  # fmt: skip
    return r["note"] if isinstance(r["note"], str) else ""


def status_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("asg.col.id"): rows["assignment_id"],
            t("asg.col.meeting"): rows["meeting_date"],
            t("asg.col.assignee"): [
                department_label(a, lang) if k == "department" else a
                for a, k in zip(rows["assignee"], rows["assignee_kind"], strict=True)
            ],  # fmt: skip
            t("asg.col.title"): rows["title"],
            t("asg.col.due"): rows["due_date"],
            t("asg.col.status"): [t(f"asg.status.{s}") for s in rows["status"]],
            t("asg.col.progress"): [progress_text(r, lang) for _, r in rows.iterrows()],
            t("asg.col.version"): [f"v{v}" for v in rows["version"]],
            t("asg.col.by"): rows["changed_by"],
        }
    )


def render(f, as_of: dt.date | None = None) -> None:
    """The section for the filters ``f``. The list is every assignment with its status as of
    ``as_of`` (default today: the page is where items are recorded and followed up, so an item
    from a meeting after the briefing's own as-of date must still show; the pack and the slide
    show use the briefing's as-of date)."""
    lang = f.lang
    as_of = as_of or dt.date.today()
    st.subheader(t("asg.header"))
    st.caption(t("asg.intro"))
    if FLASH in st.session_state:
        st.success(st.session_state.pop(FLASH), icon=":material/check_circle:")
    rows = data.query("assignment_status", as_of=as_of, meeting_before=None)
    if rows.empty:
        widgets.empty("asg.none")
    else:
        n = rows["status"].value_counts()
        st.markdown(t("asg.counts", asof=theme.fmt_date(as_of, lang), n=len(rows), done=int(n.get("done", 0)),
                      progress=int(n.get("in_progress", 0)), overdue=int(n.get("overdue", 0)),
                      withdrawn=int(n.get("withdrawn", 0))))  # fmt: skip
        if rows["concurrent"].any():
            st.caption(t("asg.concurrent", n=int(rows["concurrent"].sum())))
        widgets.table(status_table(rows, lang), key="asg_table", filename=t("asg.header"), f=f, title=t("asg.header"),
                      height=min(420, 38 + 35 * len(rows)))  # fmt: skip
    if not auth.has_role("analyst"):
        st.caption(t("asg.viewer"))
        return
    with st.expander(t("asg.add"), expanded=rows.empty):
        _add_form(f)
    free_open = rows[(rows["kind"] == "free") & (rows["status"] != "done")] if not rows.empty else rows
    with st.expander(t("asg.close"), expanded=False):
        _close_form(free_open)
    if not rows.empty:
        with st.expander(t("asg.edit"), expanded=False):
            _edit_form(rows)


def _options(f, kind: str) -> list[str]:
    opts = data.query("filter_options")
    return opts.loc[opts["kind"] == kind, "value"].tolist() if not opts.empty else []


def _hazard_choices(f, source: str) -> pd.DataFrame:
    params = f.params()
    if source == "overdue":
        return data.query("overdue_majors", limit=PICK_LIMIT, **params)
    return data.query("paper_closures", reason=None, limit=PICK_LIMIT, unverified_days=30, **params)


def _add_form(f) -> None:
    lang = f.lang
    source = st.segmented_control(t("asg.source"), SOURCES, key="asg_source", default="free",
                                  format_func=lambda s: t(f"asg.source.{s}")) or "free"  # fmt: skip
    hazard_key = figure = None
    target = 0.0
    title_default = ""
    assignee_kind, assignee = "town", None
    if source in ("overdue", "paper"):
        hz = _hazard_choices(f, source).drop_duplicates("hazard_key")
        if hz.empty:
            widgets.empty("asg.no_hazards")
            return
        labels = {r.hazard_key: f"{r.town} · {r.entity_name or '—'} · {r.description or '—'}" for r in hz.itertuples()}
        hazard_key = st.selectbox(t("asg.pick_hazard"), list(labels), format_func=labels.get, key=f"asg_hz_{source}")
        picked = hz[hz["hazard_key"] == hazard_key].iloc[0]
        assignee = picked["town"]
        title_default = f"{picked['entity_name'] or ''}{picked['description'] or ''}限期整改并验收销号"
    else:
        assignee_kind = st.segmented_control(t("asg.assignee_kind"), ("town", "department"), key="asg_akind",
                                             default="town", format_func=lambda k: t(f"asg.kind.{k}")) or "town"  # fmt: skip
        names = _options(f, assignee_kind if assignee_kind == "town" else "department")
        names = [x for x in names if x]
        assignee = st.selectbox(t("asg.assignee"), names, key=f"asg_assignee_{assignee_kind}", accept_new_options=True,
                                format_func=lambda d: department_label(d, lang) if assignee_kind == "department" else d)  # fmt: skip
        if source == "figure":
            c1, c2 = st.columns([2, 1])
            figure = c1.selectbox(t("asg.figure"), asg.FIGURES, key="asg_figure",
                                  format_func=lambda x: t(f"asg.figure.{x}"))  # fmt: skip
            target = float(c2.number_input(t("asg.target"), min_value=0, value=0, step=1, key="asg_target"))
            if figure == "missed_reports":
                st.caption(t(f"asg.reports_help.{assignee_kind}"))
                title_default = t(f"asg.reports_title.{assignee_kind}", target=f"{target:g}") if lang == "zh" else ""
            else:
                title_default = f"{t(f'asg.figure.{figure}')}降至 {target:g} 项" if lang == "zh" else ""
    with st.form("asg_add", clear_on_submit=False, border=False):
        # keyed by its default: a keyed widget keeps its first value, so picking another hazard or
        # figure would otherwise leave the title of the one picked before
        title = st.text_input(t("asg.title"), value=title_default, max_chars=asg.MAX_TITLE,
                              key=f"asg_title_{source}_{zlib.crc32(title_default.encode()):08x}")  # fmt: skip
        c1, c2 = st.columns(2)
        meeting = c1.date_input(t("asg.meeting"), value=dt.date.today(), key="asg_meeting", format="YYYY-MM-DD")
        due = c2.date_input(t("asg.due"), value=dt.date.today() + dt.timedelta(days=30), key="asg_due",
                            format="YYYY-MM-DD")  # fmt: skip
        note = st.text_input(t("asg.note"), max_chars=asg.MAX_NOTE, key="asg_note")
        submitted = st.form_submit_button(t("asg.save"), type="primary", icon=":material/save:")
    if not submitted:
        return
    kind = "hazard" if hazard_key else "figure" if source == "figure" else "free"
    _write(lambda: asg.add(data.warehouse_path(), auth.current_user(), meeting_date=meeting, due_date=due, title=title,
                           assignee_kind=assignee_kind, assignee=assignee, kind=kind, hazard_key=hazard_key,
                           figure=figure, target=target, note=note), "asg.saved")  # fmt: skip


def _write(call, done_key: str, item_id: int | None = None) -> None:
    """Run one write of the assignments path; a refusal or a missing right becomes a sentence,
    success a flash shown after the rerun (``done_key`` is formatted with ``item_id``, else with
    what the write returns: the new item's id)."""
    try:
        result = call()
    except asg.AssignmentRefused as exc:
        st.error(safe.md(exc.zh if current_lang() == "zh" else exc.en), icon=":material/block:")
        return
    except PermissionError as exc:
        st.error(safe.md(str(exc)), icon=":material/lock:")
        return
    st.session_state[FLASH] = t(done_key, id=result if item_id is None else item_id)
    st.rerun()


def _close_form(free_open: pd.DataFrame) -> None:
    if free_open.empty:
        st.caption(t("asg.no_free_open"))
        return
    labels = {int(r.assignment_id): f"#{r.assignment_id} {r.assignee}：{r.title}" for r in free_open.itertuples()}
    with st.form("asg_close", border=False):
        pick = st.selectbox(t("asg.close_pick"), list(labels), format_func=labels.get, key="asg_close_pick")
        note = st.text_input(t("asg.close_note"), max_chars=asg.MAX_NOTE, key="asg_close_note")
        submitted = st.form_submit_button(t("asg.close_btn"), icon=":material/task_alt:")
    if not submitted:
        return
    row = free_open[free_open["assignment_id"] == pick]
    based_on = int(row["version"].iloc[0]) if not row.empty else None
    _write(lambda: asg.close(data.warehouse_path(), auth.current_user(), int(pick), note=note, based_on=based_on),
           "asg.closed", int(pick))  # fmt: skip


def _edit_form(rows: pd.DataFrame) -> None:
    """Change an item's wording, due date or note: a new version based on the one shown here
    (if another analyst saved meanwhile, both versions are kept and the list says so)."""
    labels = {int(r.assignment_id): f"#{r.assignment_id} {r.assignee}：{r.title}" for r in rows.itertuples()}
    pick = st.selectbox(t("asg.edit_pick"), list(labels), format_func=labels.get, key="asg_edit_pick")
    row = rows[rows["assignment_id"] == pick].iloc[0]
    shown = int(row["version"])
    # keyed by the version shown: a keyed box keeps its first value, so after another analyst's
    # save the boxes would still show the version before it
    v = f"{pick}_{shown}"
    with st.form(f"asg_edit_{v}", border=False):
        title = st.text_input(t("asg.title"), value=row["title"], max_chars=asg.MAX_TITLE, key=f"asg_edit_title_{v}")
        due = st.date_input(t("asg.due"), value=pd.Timestamp(row["due_date"]).date(), key=f"asg_edit_due_{v}",
                            format="YYYY-MM-DD")  # fmt: skip
        note = st.text_input(t("asg.note"), value=row["note"] if isinstance(row["note"], str) else "",
                             max_chars=asg.MAX_NOTE, key=f"asg_edit_note_{v}")  # fmt: skip
        submitted = st.form_submit_button(t("asg.edit_save"), icon=":material/edit:")
    if not submitted:
        return
    _write(lambda: asg.edit(data.warehouse_path(), auth.current_user(), int(pick), based_on=shown, title=title,
                            due_date=due, note=note), "asg.edited", int(pick))  # fmt: skip
