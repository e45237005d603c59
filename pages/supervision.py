"""督办与销号 Supervision and closure: the 挂牌督办 board with the 五落实 per hazard, the verified
closure rate (验收销号率 = verified ÷ rectified) by town/department/sector and over time, how long
rectified hazards wait for a check, and the closures that look like paper, each with its reason.
Uses the global filters and as-of date like every page; the queries are etl/read/sql/supervision_*,
verification_*, unverified_ageing and paper_closure*."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from pages._shared import charts, charts_supervision, filters, i18n, theme, widgets
from pages._shared.data import query
from pages._shared.i18n import level_label, owner_label, sector_label, status_label, t

BOARD_LIMIT = 300
PAPER_LIMIT = 300
SUP_LEVELS = ("all", "province", "city", "county", "town", "none")
FIVE = ("resp", "measures", "funds", "deadline", "plan")
REASONS = ("all", "unverified_major", "rect_before_found", "same_day_major", "reopened", "verify_failed",
           "repeat_after_fix")  # fmt: skip

f = filters.current()
status = st.session_state["_status"]
lang, p = f.lang, f.palette

if not widgets.page_header("sup.title", f, status):
    st.stop()

n_days = int(st.number_input(t("sup.days"), min_value=1, max_value=365, value=30, step=1, key="vdays",
                             bind="query-params", help=t("sup.days.help"), width=320))  # fmt: skip
params = {**f.params(), "unverified_days": n_days}
k = query("supervision_kpis", **params).iloc[0]
if int(k["total"]) == 0:
    widgets.empty("empty.filter")
    st.stop()
counts = dict(query("paper_closure_counts", **params).itertuples(index=False))
sub = widgets.subtitle(f)


def explorer_link(key: str) -> str:
    return f"explorer?q={quote(str(key), safe='')}"


widgets.kpi_row(
    [
        widgets.Kpi(t("sup.kpi.board"), k["board"], "count", help=t("sup.kpi.board.help")),
        widgets.Kpi(t("sup.kpi.board_overdue"), k["board_overdue"], "count"),
        widgets.Kpi(
            t("sup.kpi.complete"),
            k["board_complete"],
            "count",
            help=t("sup.kpi.complete.help", base=int(k["board_five_recorded"]), out=int(k["board_five_unrecorded"])),
        ),  # fmt: skip
        widgets.Kpi(t("sup.kpi.verify_rate"), k["verify_rate"], "rate", help=t("sup.kpi.verify_rate.help")),
        widgets.Kpi(t("sup.kpi.major_verify_rate"), k["major_verify_rate"], "rate"),
        widgets.Kpi(t("sup.kpi.paper"), counts.get("any", 0), "count", help=t("sup.kpi.paper.help")),
    ],
    lang,
    per_row=6,
    with_deltas=False,
)

# ---- 挂牌督办 board -------------------------------------------------------------------------------
st.subheader(t("sup.board"))
filters.url_state("suplevel", SUP_LEVELS, "all")
sup_level = st.segmented_control(t("sup.board.level"), SUP_LEVELS, key="suplevel",
                                 format_func=lambda x: t(f"suplevel.{x}")) or "all"  # fmt: skip


def days_text(row: pd.Series) -> str:
    if row["is_rect"]:
        return t("days.done")
    d = row["days_left"]
    if pd.isna(d):
        return t("days.none")
    d = int(d)
    return t("days.over", n=-d) if d < 0 else (t("days.today") if d == 0 else t("days.left", n=d))


def five_ticks(row: pd.Series) -> tuple[str, str]:
    """✓ given, ✗ missing (缺: the town's ledgers record the item, this hazard's is empty), · not
    recorded (未记录: no ledger of the town has the item); the text names both kinds apart."""
    marks = "".join("✓" if row[f"has_{x}"] else ("✗" if row[f"rec_{x}"] else "·") for x in FIVE)
    missing = [t(f"five.{x}") for x in FIVE if row[f"rec_{x}"] and not row[f"has_{x}"]]
    unrecorded = [t(f"five.{x}") for x in FIVE if not row[f"rec_{x}"]]
    sep = "、" if lang == "zh" else ", "
    parts = ([t("five.missing", items=sep.join(missing))] if missing else []) + (
        [t("five.unrecorded", items=sep.join(unrecorded))] if unrecorded else []
    )
    return marks, ("；" if lang == "zh" else "; ").join(parts) if parts else t("five.all")


def month_trail(months: object, statuses: object) -> str:
    if months is None or statuses is None or len(months) == 0:  # type: ignore[arg-type]
        return "—"
    return " → ".join(
        f"{theme.fmt_month(m + '-01', lang, short=True)} {status_label(s, lang)}"
        for m, s in zip(months, statuses, strict=True)  # type: ignore[call-overload]
    )


def verified_text(row: pd.Series) -> str:
    if not row["is_rect"]:
        return t("verify.open")
    if row["is_verified"]:
        return t("verify.yes")
    return t("verify.failed") if row["is_failed"] else t("verify.pending")


board = query("supervision_board", sup_level=None if sup_level == "all" else sup_level, limit=BOARD_LIMIT, **params)
if board.empty:
    st.success(t("sup.board.none"))
else:
    total = int(board["total_rows"].iloc[0])
    if total > len(board):
        st.caption(t("sup.board.more", total=theme.fmt_int(total, lang), n=len(board)))
    five = [five_ticks(r) for _, r in board.iterrows()]
    show = pd.DataFrame(
        {
            t("col.days_left"): [days_text(r) for _, r in board.iterrows()],
            t("col.sup_level"): [t(f"suplevel.{x}") if isinstance(x, str) else "—" for x in board["supervision_level"]],
            t("col.supervisor"): board["supervisor"].fillna("—"),
            t("col.town"): board["town"],
            t("col.entity_name"): board["entity_name"],
            t("col.description"): board["description"],
            t("col.level"): [level_label(x, lang) for x in board["level"]],
            t("col.deadline"): board["deadline"],
            t("col.five"): [x[0] for x in five],
            t("col.five_missing"): [x[1] for x in five],
            t("col.responsible"): board["responsible_person"].fillna("—"),
            t("col.funds_wan"): (board["funds_yuan"] / 10_000).round(2),
            t("col.months"): [month_trail(m, s) for m, s in zip(board["months"], board["statuses"], strict=True)],
            t("col.verified"): [verified_text(r) for _, r in board.iterrows()],
            t("col.department"): [owner_label(d, led, lang)
                                  for d, led in zip(board["department"], board["ledger_department"], strict=True)],
            t("col.sector"): [sector_label(s, lang) for s in board["sector"]],
            t("col.link"): [explorer_link(x) for x in board["hazard_key"]],
        }
    )
    widgets.table(
        show, key="sup_board", filename=t("sup.board"), f=f, title=t("sup.board"),
        height=min(520, 38 + 35 * len(show)),
        column_config={t("col.link"): st.column_config.LinkColumn(display_text=t("link.open"), width="small"),
                       t("col.description"): st.column_config.TextColumn(width="medium")},
    )  # fmt: skip
    st.caption(
        t("sup.board.missing", resp=int(k["missing_resp"]), measures=int(k["missing_measures"]),
          funds=int(k["missing_funds"]), deadline=int(k["missing_deadline"]), plan=int(k["missing_plan"]))
        + (t("sup.board.unrecorded", n=int(k["board_five_unrecorded"])) if int(k["board_five_unrecorded"]) else "")
    )  # fmt: skip

# ---- verified closure -------------------------------------------------------------------------
st.subheader(t("sup.verify"))
if int(k["checkable"]) == 0:
    widgets.empty("sup.verify.none")
    if int(k["rect_no_checks"]):
        st.caption(
            t("sup.verify.no_checks", towns=int(k["towns_no_checks"]), n=theme.fmt_int(k["rect_no_checks"], lang))
        )
else:
    DIM_TARGET = {"town": filters.KEY_TOWN, "department": filters.KEY_DEPT, "sector": filters.KEY_SECTOR}
    filters.url_state("vdim", list(DIM_TARGET), "town")
    dim = st.segmented_control(t("rect.dim"), list(DIM_TARGET), key="vdim",
                               format_func=lambda d: t(f"dim.{d}")) or "town"  # fmt: skip

    def dim_label(key: str) -> str:
        return i18n.dim_label(dim, key, lang)

    by = query("verification_by", dim=dim, **params)
    ranked = by.dropna(subset=["verify_rate"]).sort_values(["verify_rate", "key"], ascending=[True, True])
    title = t("sup.verify.ranking", dim=t(f"dim.{dim}"))
    text = [f"{theme.fmt_pct(v, lang)} ({int(a):,}/{int(b):,})"
            for v, a, b in zip(ranked["verify_rate"], ranked["verified"], ranked["rectified"], strict=True)]  # fmt: skip
    colours = [theme.sector_colour(x) for x in ranked["key"]] if dim == "sector" else p.accent
    fig = charts.ranking_bars(
        ranked, key="key", value="verify_rate", labels=[dim_label(x) for x in ranked["key"]], p=p, lang=lang,
        title=title, subtitle=sub, axis_title=t("sup.verify.rate_axis"), colours=colours, text=text, percent=True,
    )  # fmt: skip
    widgets.chart(fig, key=f"sup_rank_{dim}", filename=title, drill_to=[DIM_TARGET[dim]], hint=t("chart.click_hint"))
    st.caption(t("sup.verify.note"))
    if int(k["rect_no_checks"]):
        st.caption(
            t("sup.verify.no_checks", towns=int(k["towns_no_checks"]), n=theme.fmt_int(k["rect_no_checks"], lang))
        )
    table = pd.DataFrame(
        {
            t("col.key"): [dim_label(x) for x in by["key"]],
            t("col.rectified"): by["rectified"],
            t("col.checkable"): by["checkable"],
            t("col.verified_n"): by["verified"],
            t("col.verify_rate"): [theme.fmt_pct(v, lang) for v in by["verify_rate"]],
            t("col.major_rectified"): by["major_rectified"],
            t("col.major_verify_rate"): [theme.fmt_pct(v, lang) for v in by["major_verify_rate"]],
            t("col.failed"): by["failed"],
            t("col.unverified"): by["unverified"],
            t("col.unverified_over", n=n_days): by["unverified_over"],
        }
    )
    with st.expander(t("sup.verify.table", dim=t(f"dim.{dim}")), expanded=False):
        widgets.table(table, key="sup_vtable", filename=t("sup.verify.table", dim=t(f"dim.{dim}")), f=f,
                      title=t("sup.verify.table", dim=t(f"dim.{dim}")))  # fmt: skip

    left, right = st.columns(2, gap="large")
    with left:
        monthly = query("verification_monthly", **params)
        widgets.chart(
            charts_supervision.verify_monthly(monthly, p=p, lang=lang, title=t("sup.verify.monthly"), subtitle=sub),
            key="sup_monthly", filename=t("sup.verify.monthly"),
        )  # fmt: skip
    with right:
        ageing = query("unverified_ageing", **params)
        if int(ageing["unverified"].sum()) == 0:
            st.markdown(f"**{t('sup.ageing')}**")
            st.success(t("sup.ageing.none"))
        else:
            labels = {b: t(f"bucket.{b}") for b in ageing["bucket"].unique()}
            fig = charts.bucket_bars(ageing, bucket_labels=labels, value="unverified", p=p, lang=lang,
                                     title=t("sup.ageing"), subtitle=sub, axis_title=t("sup.ageing.axis"))  # fmt: skip
            widgets.chart(fig, key="sup_ageing", filename=t("sup.ageing"))

# ---- paper closures ---------------------------------------------------------------------------
st.subheader(t("sup.paper"))


def reason_label(code: str) -> str:
    # the language is bound here (not read when called): AppTest formats outside the run
    return t("reason.all", lang=lang) if code == "all" else t(f"reason.{code}", lang=lang, n=n_days)


count_line = "；".join(f"{reason_label(r)} {int(counts.get(r, 0)):,}" for r in REASONS[1:])
st.caption(t("sup.paper.counts") + ("：" if lang == "zh" else ": ") + count_line)
filters.url_state("reason", REASONS, "all")
reason = st.selectbox(t("sup.paper.reason"), REASONS, key="reason", format_func=reason_label) or "all"
paper = query("paper_closures", reason=None if reason == "all" else reason, limit=PAPER_LIMIT, **params)


def why(row: pd.Series) -> str:
    r = row["reason"]
    if r == "unverified_major":
        return t("why.days_unverified", n=int(row["days"]))
    if r == "rect_before_found":
        return t("why.days_before", n=int(row["days"]))
    if r == "same_day_major":
        return t("why.same_day")
    if r == "reopened":
        return t("why.reopened", month=theme.fmt_month(row["other_date"], lang))
    if r == "verify_failed":
        return t("why.failed", date=theme.fmt_date(row["other_date"], lang))
    return t("why.again", date=theme.fmt_date(row["other_date"], lang))


if paper.empty:
    st.success(t("sup.paper.none"))
else:
    total = int(paper["total_rows"].iloc[0])
    if total > len(paper):
        st.caption(t("sup.paper.more", total=theme.fmt_int(total, lang), n=len(paper)))
    show = pd.DataFrame(
        {
            t("col.reason"): [reason_label(r) for r in paper["reason"]],
            t("col.why"): [why(r) for _, r in paper.iterrows()],
            t("col.town"): paper["town"],
            t("col.entity_name"): paper["entity_name"],
            t("col.description"): paper["description"],
            t("col.level"): [level_label(x, lang) for x in paper["level"]],
            t("col.found_date"): paper["found_date"],
            t("col.rectified_date"): pd.to_datetime(paper["rectified_date"]),
            t("col.verified_date"): pd.to_datetime(paper["verified_date"]),
            t("col.department"): [owner_label(d, led, lang)
                                  for d, led in zip(paper["department"], paper["ledger_department"], strict=True)],
            t("col.sector"): [sector_label(s, lang) for s in paper["sector"]],
            t("col.link"): [explorer_link(x) for x in paper["hazard_key"]],
        }
    )
    widgets.table(
        show, key="sup_paper", filename=t("sup.paper"), f=f, title=t("sup.paper"),
        height=min(520, 38 + 35 * len(show)),
        column_config={t("col.link"): st.column_config.LinkColumn(display_text=t("link.open"), width="small")},
    )  # fmt: skip
