"""会议交办事项 on the read side: the figures an item can name and the one wording of what a figure
item's status rests on, shared by the page, the briefing pack and the command line (the write
path is ``etl.store.assignments``; the status itself is the named query ``assignment_status``)."""

from __future__ import annotations

import pandas as pd

# figures a town or department item can name (done when the figure is at or below the target;
# missed_reports only once the due date has come): code → (zh, en), the one list of their names
FIGURE_LABELS = {
    "overdue_major": ("逾期重大隐患", "overdue major hazards"),
    "overdue": ("逾期未整改隐患", "overdue hazards"),
    "open_major": ("未整改重大隐患", "open major hazards"),
    "unverified_major": ("已整改待验收重大隐患", "major hazards awaiting a check"),
    "missed_reports": ("漏报月数", "months not reported"),
}
FIGURES = tuple(FIGURE_LABELS)


def _months_text(months: list, lang: str) -> str:
    """Months in order; in Chinese a month of the same year as the one before drops its year
    (2025年8月、9月、2026年1月), so a long list still fits a slide's cell."""
    days = [pd.Timestamp(m).date() for m in months]
    if lang != "zh":
        return ", ".join(f"{d:%b %Y}" for d in days)
    return "、".join(f"{d.month}月" if i and days[i - 1].year == d.year else f"{d.year}年{d.month}月"
                    for i, d in enumerate(days))  # fmt: skip


def figure_evidence(r: object, lang: str = "zh") -> str:
    """What a figure item's status rests on, one line in ``lang``, from a row of ``assignment_status``
    (attributes or keys figure, figure_value, target, months_due, missed_months): the one wording the
    page, the briefing pack and the command line share."""
    get = r.get if isinstance(r, dict | pd.Series) else lambda k: getattr(r, k, None)
    figure, target = get("figure"), f"{float(get('target') or 0):g}"
    zh, en = FIGURE_LABELS.get(figure, (figure, figure))
    value = get("figure_value")
    if figure != "missed_reports":
        shown = "—" if value is None or pd.isna(value) else f"{int(value):,}"
        return f"{zh} {shown} 项（目标 ≤ {target}）" if lang == "zh" else f"{en}: {shown} (target ≤ {target})"
    due = get("months_due")
    due = 0 if due is None or pd.isna(due) else int(due)
    if due == 0:
        return (f"尚无应报月份（漏报目标 ≤ {target} 个月）" if lang == "zh"
                else f"no month due yet (target ≤ {target} months not reported)")  # fmt: skip
    listed = get("missed_months")
    missed = [] if listed is None or isinstance(listed, float | str) else list(listed)  # NULL: None or NaN
    if not missed:
        return (f"应报 {due} 个月，均已报送（目标 ≤ {target}）" if lang == "zh"
                else f"all {due} months due reported (target ≤ {target})")  # fmt: skip
    months = _months_text(missed, lang)
    if lang == "zh":
        return f"应报 {due} 个月，漏报 {len(missed)} 个月：{months}（目标 ≤ {target}）"
    return f"{len(missed)} of {due} months not reported: {months} (target ≤ {target})"
