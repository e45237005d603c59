"""数据导入 Upload: drop files → check (preview, validation report, diff) → fix in the form →
load with a progress bar; history with originals, error reports and rollback; reporting
status; blank templates. Analysts and admins only (viewers never reach the write path, and
``etl.store.uploads_service`` checks the role again).

Layout only: the work is in ``etl.store.uploads_service`` (Streamlit-free, tested on its own).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from etl.contract import PREVIEW_COLUMNS
from etl.ingest import sandbox, templates
from etl.store import uploads_service as svc
from etl.store.db import WarehouseBusy
from etl.store.load import UnknownUpload
from pages._shared import agreements_ui, auth, data, reading_view, theme
from pages._shared.i18n import current_lang, has, level_label, method_label, sector_label, status_label, t
from pages._shared.safe import md, t_md

who = auth.require_role("analyst")
sandbox.prewarm()  # the worker that reads uploads (memory-limited) is ready before a file is dropped
lang = current_lang()
limits = svc.Limits.from_env()
db_path = Path(data.warehouse_path())
S = st.session_state
S.setdefault("upload_gen", 0)  # bumping it gives a fresh (empty) uploader after a load
S.setdefault("upload_opts", {})  # sha256 → FileOptions chosen in the form
S.setdefault("upload_cache", {})  # sha256 → (key, FilePreview)


def _msg(zh: str, en: str) -> str:
    """The loader's sentence in the session's language, escaped: it quotes cells and names."""
    return md(zh if lang == "zh" or not en else en)


def _col(name: str) -> str:
    for key in (f"upload.col.{name}", f"col.{name}", f"upload.canon.{name}"):
        if has(key):
            return t(key)
    return name


def _canon(c: str) -> str:
    key = f"upload.canon.{c}"
    return t(key) if has(key) else c


def _month_text(d) -> str:
    return theme.fmt_month(d, lang) if d is not None and not pd.isna(d) else t("upload.none")


# ---------------------------------------------------------------- preview helpers


def _preview(name: str, blob: bytes, opts: svc.FileOptions | None, version: int) -> svc.FilePreview:
    """``svc.preview_file`` through this session's cache (keyed by content, options, data version, name)."""
    sha = hashlib.sha256(blob).hexdigest()
    opts = opts or svc.FileOptions()
    key = (repr(opts), version, name)
    hit = S["upload_cache"].get(sha)
    if hit and hit[0] == key:
        return hit[1]
    with st.spinner(t_md("upload.checking", name=name)):
        pv = svc.preview_file(name, blob, opts, con=data.cursor(), limits=limits, units=_units())
    S["upload_opts"][sha] = pv.options  # a remembered mapping becomes the file's starting point
    S["upload_cache"][sha] = ((repr(pv.options), version, name), pv)
    return pv


def _units() -> svc.ReportingUnits:
    return svc.load_reporting_units()


def _display_frame(pv: svc.FilePreview, n: int) -> pd.DataFrame:
    a = pv.analysis
    df = a.table.slice(0, n).to_pandas()
    cols = PREVIEW_COLUMNS[a.kind]
    df = df[[c for c in cols if c in df.columns]].copy()
    if "sector" in df:
        df["sector"] = [sector_label(v, lang) for v in df["sector"]]
    if "level" in df:
        df["level"] = [level_label(v, lang) for v in df["level"]]
    if "status" in df:
        df["status"] = [status_label(v, lang) for v in df["status"]]
    if "inspection_method" in df:
        df["inspection_method"] = [method_label(v, lang) if v else None for v in df["inspection_method"]]
    return df.rename(columns={c: _col(c) for c in df.columns})


def _problems_frame(pv: svc.FilePreview) -> pd.DataFrame:
    a = pv.analysis
    rows = [{_col("sheet"): p.sheet, _col("row"): p.row, _col("column"): p.column, _col("raw_value"): p.raw_value,
             _col("reason"): _msg(p.reason, p.reason_en)} for p in (a.problems if a else [])]
    return pd.DataFrame(rows, columns=[_col(c) for c in ("sheet", "row", "column", "raw_value", "reason")])


def _mapping_frame(pv: svc.FilePreview) -> pd.DataFrame:
    rows = []
    for lay in pv.layouts:
        for label, canon in lay.mapping.items():
            rows.append({_col("sheet"): lay.name, t("upload.mapping.source"): label, t("upload.mapping.target"): _canon(canon)})
        for label in lay.ignored:
            rows.append({_col("sheet"): lay.name, t("upload.mapping.source"): label,
                         t("upload.mapping.target"): t("upload.mapping.ignored")})
    return pd.DataFrame(rows)


def _months() -> list[dt.date]:
    today = dt.date.today().replace(day=1)
    out = []
    y, m = today.year, today.month
    for _ in range(36):
        out.append(dt.date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out


def _fix_form(pv: svc.FilePreview, sha: str, expanded: bool) -> None:
    """Column mapping (a selectbox per source column), town, month, kind, reporting unit."""
    opts: svc.FileOptions = S["upload_opts"].get(sha) or svc.FileOptions()
    kind = pv.analysis.kind if pv.analysis else opts.kind
    current = {lab: canon for lay in pv.layouts for lab, canon in lay.mapping.items()}
    labels = list(dict.fromkeys([lab for lay in pv.layouts for lab in [*lay.mapping, *lay.ignored]]))
    targets = [""] + svc.mappable_columns(kind)
    with st.expander(t("upload.fix"), expanded=expanded, icon=":material/build:"):
        with st.form(f"fix_{sha[:16]}", border=False):
            st.caption(t("upload.fix.help"))
            chosen = {}
            grid = st.columns(3)
            for i, lab in enumerate(labels):
                cur = current.get(lab, "")
                opts_list = targets if cur in targets else [*targets, cur]
                with grid[i % 3]:
                    chosen[lab] = st.selectbox(md(lab), opts_list, index=opts_list.index(cur), format_func=_canon,
                                               key=f"fix_{sha[:16]}_col_{i}")
            c1, c2, c3, c4 = st.columns(4)
            town = c1.text_input(t("upload.fix.town"), value=opts.town or "", key=f"fix_{sha[:16]}_town")
            months = [None, *_months()]
            if opts.month and opts.month not in months:
                months.append(opts.month)
            month = c2.selectbox(t("upload.fix.month"), months, index=months.index(opts.month),
                                 format_func=lambda d: t("upload.fix.month.none") if d is None else _month_text(d),
                                 key=f"fix_{sha[:16]}_month")
            kinds = [None, "hazard", "inspection", "registry"]
            kind_sel = c3.selectbox(t("upload.fix.kind"), kinds, index=kinds.index(opts.kind),
                                    format_func=lambda k: t("upload.fix.kind.auto") if k is None else t(f"upload.kind.{k}"),
                                    key=f"fix_{sha[:16]}_kind")
            unit = c4.text_input(t("upload.fix.unit"), value=pv.reporting_unit or "", key=f"fix_{sha[:16]}_unit")
            b1, b2 = st.columns([1, 1])
            apply = b1.form_submit_button(t("upload.fix.apply"), type="primary", icon=":material/refresh:")
            reset = b2.form_submit_button(t("upload.fix.reset"))
        if apply:
            overrides = dict(opts.column_overrides)
            for lab, canon in chosen.items():
                if canon != current.get(lab, ""):
                    overrides[lab] = canon
            S["upload_opts"][sha] = svc.FileOptions(town=town.strip() or None, month=month, kind=kind_sel,
                                                    column_overrides=overrides, reporting_unit=unit.strip() or None)
            st.rerun()
        if reset:
            S["upload_opts"][sha] = svc.FileOptions()
            st.rerun()


def _file_block(pv: svc.FilePreview, sha: str) -> None:
    a = pv.analysis
    if pv.status == "refused":
        badge = f":red-badge[:material/block: {t('upload.status.refused')}]"
    elif pv.status == "duplicate":
        badge = f":gray-badge[:material/content_copy: {t('upload.status.duplicate')}]"
    elif not pv.loadable:
        badge = f":orange-badge[:material/warning: {t('upload.status.empty')}]"
    else:
        badge = f":green-badge[:material/check: {t('upload.status.ready')}]"
    with st.container(border=True, key=f"file_{sha[:16]}"):
        st.markdown(f"#### {md(pv.file_name)} {badge}")
        if pv.status == "refused":
            st.error(_msg(pv.message_zh, pv.message_en), icon=":material/block:")
            if pv.layouts:
                st.caption(t("upload.refused.fixable"))
                st.dataframe(_mapping_frame(pv), hide_index=True, placeholder=theme.BLANK, width="stretch")
                _fix_form(pv, sha, expanded=True)
            return
        if pv.status == "duplicate":
            st.info(_msg(pv.message_zh, pv.message_en), icon=":material/content_copy:")
        if pv.remembered:
            st.info(t_md("upload.remembered", who=pv.remembered.get("saved_by") or "—",
                      at=theme.fmt_datetime(pv.remembered.get("saved_at"), lang)), icon=":material/history:")
        st.markdown(
            f"**{t('upload.kind')}**：{t(f'upload.kind.{a.kind}')}　**{t('upload.month')}**：{_month_text(a.report_month)}　"
            f"**{t('upload.towns')}**：{md('、'.join(a.towns)) or t('upload.none')}　"
            f"**{t('upload.unit')}**：{md(pv.reporting_unit) or t('upload.none')}"
        )
        m = st.columns(4)
        m[0].metric(t("upload.m.read"), f"{a.rows_read:,}", help=t("upload.m.read.help"))
        m[1].metric(t("upload.m.load"), f"{a.rows_loaded:,}")
        m[2].metric(t("upload.m.reject"), f"{a.rows_rejected:,}")
        m[3].metric(t("upload.m.skip"), f"{a.rows_skipped:,}", help=t("upload.m.skip.help"))
        if a.visits_found:
            st.caption(t("upload.visits", n=a.visits_found))
        other = [s for s in a.sheets if s.role == "other_kind"]
        if other:  # a package of several kinds: each kind is its own load of the same file
            sep = "、" if lang == "zh" else ", "
            kinds = sep.join(dict.fromkeys(t(f"upload.kind.{s.reason_params['kind_en']}") for s in other))
            st.info(t_md("upload.other_kinds", sheets=sep.join(s.name for s in other), kinds=kinds),
                    icon=":material/layers:")
        if pv.needs_town:
            st.warning(t("upload.needs_town"), icon=":material/location_off:")
        if pv.needs_month:
            st.warning(t("upload.needs_month", month=_month_text(a.report_month)), icon=":material/event_busy:")
        ignored = [lab for lay in pv.layouts for lab in lay.ignored]
        with st.expander(t("reading.title"), expanded=reading_view.noteworthy(a), icon=":material/table_rows:"):
            for s in a.sheets:
                if s.role != "data":
                    st.caption(t_md("upload.mapping.skipped", sheet=s.name, reason=s.reason_text(lang)))
            reading_view.render(a, lang)
        if ignored:
            st.caption(t_md("upload.mapping.unrecognised", n=len(ignored), cols="、".join(ignored)))
        _fix_form(pv, sha, expanded=pv.needs_town)
        with st.expander(t("upload.preview", n=min(svc.PREVIEW_ROWS, a.table.num_rows)), icon=":material/visibility:"):
            st.dataframe(_display_frame(pv, svc.PREVIEW_ROWS), hide_index=True, placeholder=theme.BLANK, width="stretch")
        probs = _problems_frame(pv)
        with st.expander(t("upload.problems", n=len(probs)), expanded=0 < len(probs) <= 20,
                         icon=":material/rule:"):
            if probs.empty:
                st.caption(t("upload.problems.none"))
            else:
                st.dataframe(probs, hide_index=True, placeholder=theme.BLANK, width="stretch", height=min(400, 38 + 35 * len(probs)))
        warnings = pv.warning_lines(lang)
        if warnings:
            with st.expander(t("upload.warnings", n=len(warnings)), expanded=True, icon=":material/info:"):
                for w in warnings:
                    st.markdown(f"- {md(w)}")
        if pv.diff is not None:
            d = pv.diff
            st.markdown(f"**{t('upload.diff')}**")
            dm = st.columns(4)
            dm[0].metric(t("upload.diff.new"), f"{len(d.new):,}")
            dm[1].metric(t("upload.diff.changed"), f"{len(d.status_changes):,}")
            dm[2].metric(t("upload.diff.same"), f"{d.unchanged:,}")
            dm[3].metric(t("upload.diff.missing"), f"{len(d.missing):,}" if d.cumulative else "—",
                         help=t("upload.diff.missing.help"))
            if not d.cumulative:
                st.caption(t("upload.diff.not_cumulative"))
            if d.older_than_current:
                st.caption(t("upload.diff.older", n=d.older_than_current))
            for title, frame, open_ in ((t("upload.diff.changed"), d.status_changes, False),
                                        (t("upload.diff.missing"), d.missing, len(d.missing) <= 20)):
                if len(frame):  # hazards missing from a cumulative ledger are a question: shown open
                    with st.expander(f"{title}（{len(frame)}）" if lang == "zh" else f"{title} ({len(frame)})",
                                     expanded=open_):
                        show = frame.drop(columns=[c for c in ("hazard_key",) if c in frame.columns]).copy()
                        for c in ("status", "current_status"):
                            if c in show:
                                show[c] = [status_label(v, lang) for v in show[c]]
                        show = show.rename(columns={"status": _col("new_status"), "current_status": _col("current_status")})
                        st.dataframe(show.rename(columns={c: _col(c) for c in show.columns}), hide_index=True, placeholder=theme.BLANK,
                                     width="stretch")
        st.download_button(
            t("upload.report.xlsx"), data=lambda pv=pv: svc.validation_report_xlsx(pv),
            file_name=f"检查报告_{Path(pv.file_name).stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"report_{sha[:16]}", icon=":material/download:",
        )


def _load(previews: list[svc.FilePreview]) -> None:
    v0 = data.data_version()
    bar = st.progress(0.0, text=t_md("upload.loading", name=previews[0].file_name))

    def progress(frac: float, name: str) -> None:
        bar.progress(min(1.0, frac), text=t_md("upload.loading", name=name))

    try:
        results = svc.commit(previews, who, db=db_path, progress=progress)
    except WarehouseBusy:
        st.error(t("upload.busy"))
        return
    except PermissionError as exc:
        st.error(md(exc))
        return
    except Exception as exc:  # the transaction rolled back; say so in a sentence
        st.error(t("upload.failed", reason=type(exc).__name__))
        return
    S["upload_last"] = {"results": results, "v0": v0, "v1": data.data_version()}
    S["upload_gen"] += 1
    S["upload_cache"], S["upload_opts"] = {}, {}
    S.pop("hist_pick", None)  # the history shows the newest upload first
    st.rerun()


def _results() -> None:
    last = S.get("upload_last")
    if not last:
        return
    loaded = [r for r in last["results"] if r.status == "loaded"]
    st.success(t("upload.done", loaded=len(loaded), v0=last["v0"], v1=last["v1"]), icon=":material/task_alt:")
    for r in last["results"]:
        if r.status == "loaded":
            st.markdown(t_md("upload.result.loaded", name=r.file_name, id=r.upload_id))
        elif r.status == "duplicate":
            st.markdown(t_md("upload.result.duplicate", name=r.file_name))
        elif r.status == "failed":
            st.markdown(t_md("upload.result.failed", name=r.file_name, msg=r.message))
        else:
            st.markdown(t_md("upload.result.skipped", name=r.file_name))
    st.page_link("pages/overview.py", label=t("upload.goto_overview"), icon=":material/dashboard:")


# ---------------------------------------------------------------- tabs


def tab_import() -> None:
    _results()
    st.subheader(t("upload.step1"))
    files = st.file_uploader(
        t("upload.drop"), type=["xlsx", "xls", "csv"], accept_multiple_files=True, key=f"upload_files_{S['upload_gen']}",
        help=t("upload.drop.help", mb=int(limits.max_file_bytes / svc.MB), n=limits.max_files),
    )
    st.caption(t("upload.drop.help", mb=int(limits.max_file_bytes / svc.MB), n=limits.max_files))
    if not files:
        return
    S.pop("upload_last", None)
    batch = [(f.name, f.getvalue()) for f in files]
    refusals = svc.check_batch(batch, limits)
    for r in refusals:
        st.error(_msg(r.message_zh, r.message_en))
    if refusals:
        return
    version = data.data_version()
    st.subheader(t("upload.step2"))
    previews: list[tuple[str, svc.FilePreview]] = []
    for pv in svc.preview_batch(batch, S["upload_opts"], limits=limits,
                                preview=lambda name, blob, opts: _preview(name, blob, opts, version)):  # fmt: skip
        if pv.same_as:
            st.info(t_md("upload.same_twice", name=pv.file_name, other=pv.same_as))
            continue
        previews.append((pv.sha256, pv))
        _file_block(pv, pv.sha256)
    st.subheader(t("upload.step3"))
    ready = [pv for _, pv in previews if pv.loadable and pv.status == "ready"]
    if not ready:
        st.info(t("upload.nothing"))
        return
    st.markdown(t("upload.ready_summary", files=len(ready), rows=f"{sum(p.analysis.rows_loaded for p in ready):,}",
                  skipped=len(previews) - len(ready)))
    ok = st.checkbox(t("upload.confirm"), key=f"upload_confirm_{S['upload_gen']}")
    if st.button(t("upload.load", n=len(ready)), type="primary", disabled=not ok, icon=":material/upload:",
                 key="upload_go"):
        _load(ready)


def _stale_names() -> None:
    """Uploads read before the department directory named their departments: which, and how to fix."""
    stale = svc.stale_department_names(data.query("stored_department_names"))  # cached per data version
    if stale.empty:
        return
    st.warning(t("upload.hist.stale", n=stale["upload_id"].nunique()), icon=":material/rule:")
    st.dataframe(pd.DataFrame({
        _col("upload_id"): stale["upload_id"],
        _col("file_name"): stale["file_name"],
        t("upload.col.field"): [t(f"upload.field.{f}") for f in stale["field"]],
        t("upload.col.stale_name"): stale["name"],
        t("upload.col.directory_name"): stale["directory_name"],
        _col("rows"): stale["rows"],
    }), hide_index=True, placeholder=theme.BLANK, width="stretch", height=min(300, 38 + 35 * len(stale)))  # fmt: skip


def tab_history() -> None:
    hist = svc.history(con=data.cursor())
    if hist.empty:
        st.info(t("upload.hist.empty"))
        return
    st.caption(t("upload.hist.caption", n=len(hist)))
    _stale_names()
    show = hist[["upload_id", "file_name", "kind", "report_month", "towns", "reporting_unit", "loaded_at", "uploaded_by",
                 "rows_read", "rows_loaded", "rows_rejected", "rows_skipped", "visits", "status", "sha256"]].copy()
    show["kind"] = [t(f"upload.kind.{k}") for k in show["kind"]]
    show["visits"] = show["visits"].astype("Int64")  # blank for logs and registries
    show["report_month"] = [_month_text(d) for d in show["report_month"]]
    show["loaded_at"] = [theme.fmt_datetime(d, lang) for d in show["loaded_at"]]
    show["uploaded_by"] = show["uploaded_by"].fillna(t("upload.cli"))
    show["status"] = [t(f"upload.st.{s}") for s in show["status"]]
    st.dataframe(show.rename(columns={c: _col(c) for c in show.columns}), hide_index=True, placeholder=theme.BLANK, width="stretch",
                 height=min(420, 38 + 35 * len(show)))
    ids = hist["upload_id"].tolist()
    by_id = {int(r.upload_id): r for r in hist.itertuples(index=False)}
    pick = st.selectbox(t("upload.hist.pick"), ids, key="hist_pick", format_func=lambda i: t(
        "upload.hist.option", id=i, file=by_id[i].file_name, month=_month_text(by_id[i].report_month),
        status=t(f"upload.st.{by_id[i].status}")))
    row = by_id[int(pick)]
    c1, c2, c3 = st.columns(3)
    original = svc.original_file(row.sha256, db=db_path)
    if original is not None:
        c1.download_button(t("upload.hist.original"), data=original, file_name=row.file_name,
                           key=f"orig_{pick}", icon=":material/download:")
    else:
        c1.caption(t("upload.hist.no_original"))
    c2.download_button(t("upload.hist.errors", n=int(row.rows_rejected)),
                       data=lambda i=int(pick): svc.error_report_xlsx(i, db=db_path),
                       file_name=f"被拒绝的行_上传{pick}.xlsx", key=f"errs_{pick}", icon=":material/download:",
                       disabled=int(row.rows_rejected) == 0,
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    owner = None if pd.isna(row.uploaded_by) else row.uploaded_by
    with c3:
        if row.status != "live":
            st.caption(t_md("upload.hist.rolled_back", at=theme.fmt_datetime(row.rolled_back_at, lang),
                         who=row.rolled_back_by or t("upload.cli")))
        elif not svc.can_roll_back(who, owner):
            st.caption(t_md("upload.hist.rollback.not_own", who=owner or t("upload.cli")))
        elif st.button(t("upload.hist.rollback"), key=f"rb_{pick}", icon=":material/undo:"):
            S["rb_pending"] = int(pick)
    if S.get("rb_pending") == int(pick) and row.status == "live":
        st.warning(t_md("upload.hist.confirm", id=pick, file=row.file_name, rows=f"{int(row.rows_loaded):,}"),
                   icon=":material/warning:")
        y, n, _ = st.columns([1, 1, 4])
        if y.button(t("upload.hist.confirm.yes"), type="primary", key="rb_yes"):
            S.pop("rb_pending", None)
            try:
                v = svc.rollback(int(pick), who, db=db_path)
            except (PermissionError, UnknownUpload) as exc:
                st.error(md(exc))
            except WarehouseBusy:
                st.error(t("upload.busy"))
            else:
                S["rb_done"] = (int(pick), v)
                st.rerun()
        if n.button(t("upload.hist.confirm.no"), key="rb_no"):
            S.pop("rb_pending", None)
            st.rerun()
    if S.get("rb_done"):
        i, v = S.pop("rb_done")
        st.success(t("upload.hist.done", id=i, v=v), icon=":material/undo:")
    with st.expander(t("upload.hist.audit"), icon=":material/policy:"):
        audit = svc.audit_trail(con=data.cursor())
        audit["at_time"] = [theme.fmt_datetime(d, lang) for d in audit["at_time"]]
        st.dataframe(audit.rename(columns={c: _col(c) for c in audit.columns}), hide_index=True, placeholder=theme.BLANK, width="stretch")


def tab_status() -> None:
    hist = svc.history(con=data.cursor())
    months = sorted({d.date() if hasattr(d, "date") else d for d in hist["report_month"].dropna()}, reverse=True)
    units = _units()
    if not units.configured:
        st.info(t_md("upload.rep.unconfigured", path=str(svc.units_path())))
    if months:
        month = st.selectbox(t("upload.rep.month"), months, format_func=_month_text, key="rep_month")
        rep = svc.reporting_status(month, con=data.cursor(), units=units)
        expected = rep[rep["unit_type"] != "unlisted"]
        got = int(expected["received"].sum())
        st.markdown(t("upload.rep.summary", month=_month_text(month), expected=len(expected), got=got,
                      missing=len(expected) - got))
        show = rep.copy()
        show["received"] = [t("upload.rep.yes") if v else t("upload.rep.no") for v in show["received"]]
        show["unit_type"] = [t(f"upload.rep.type.{v}") for v in show["unit_type"]]
        show["last_at"] = [theme.fmt_datetime(d, lang) if d is not None and not pd.isna(d) else "" for d in show["last_at"]]
        st.dataframe(show.rename(columns={"unit": t("upload.rep.unit"), "unit_type": t("upload.rep.type"),
                                          "received": t("upload.rep.received"), "files": t("upload.rep.files"),
                                          "last_at": t("upload.rep.last")}), hide_index=True, placeholder=theme.BLANK, width="stretch")
    else:
        st.info(t("upload.rep.empty"))
    if auth.has_role("admin"):
        with st.expander(t("upload.rep.edit"), icon=":material/edit:"):
            with st.form("rep_units"):
                towns = st.text_area(t("upload.rep.edit.towns"), "\n".join(units.towns), height=200)
                depts = st.text_area(t("upload.rep.edit.depts"), "\n".join(units.departments), height=200)
                if st.form_submit_button(t("upload.rep.edit.save"), type="primary"):
                    new = svc.ReportingUnits(tuple(x.strip() for x in towns.splitlines() if x.strip()),
                                             tuple(x.strip() for x in depts.splitlines() if x.strip()), True)
                    try:
                        svc.save_reporting_units(new, who, db=db_path)
                        st.success(t("upload.rep.edit.saved"))
                    except (PermissionError, WarehouseBusy) as exc:
                        st.error(md(exc))


def tab_templates() -> None:
    st.markdown(t("upload.tpl.intro"))
    for kind in templates.KINDS:
        st.download_button(t(f"upload.tpl.{kind}"), data=lambda k=kind: templates.build_template(k),
                           file_name=templates.FILE_NAMES[kind], key=f"tpl_{kind}", icon=":material/download:",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


st.title(t("upload.title"))
st.caption(t("upload.intro"))
tabs = st.tabs([t("upload.tab.import"), t("upload.tab.history"), t("upload.tab.status"), t("upload.tab.templates")])
with tabs[0]:
    tab_import()
    # the fourth kind, 会商意见: the filled-in 会商清单 goes through the same loader as on that page
    with st.expander(t("upload.agree"), icon=":material/handshake:"):
        st.caption(t("upload.agree.explain"))
        agreements_ui.uploader()
with tabs[1]:
    tab_history()
with tabs[2]:
    tab_status()
with tabs[3]:
    tab_templates()
