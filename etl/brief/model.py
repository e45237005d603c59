"""The data model of the meeting: the scope (month, as-of, filters) and every number, gathered by ``collect``."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from etl.read import completeness, queries

from ..months import add_months, compared_as_of, month_end, shift_as_of, window_start
from ..values import is_missing as _missing

Query = Callable[..., pd.DataFrame]

CJK_FONT = "Microsoft YaHei"  # 微软雅黑
CJK_FONT_ZH = "微软雅黑"
FALLBACK_FONT = "Noto Sans CJK SC"
COUNTY_ENV = "SAFETY_COUNTY"
DEFAULT_COUNTY = "全县"
WINDOW_MONTHS = 12
TOP_SECTORS = 5
REST = "_rest"  # the trend's "other sectors" bucket
BOARD_LIMIT = 1000  # the pack lists every overdue major (continued slides, appendix); a cap, said when hit
LIST_LIMIT = 10
MIN_DEPT_HAZARDS = 5  # a department is compared with the average only with this many hazards

RISK_ZH = {"red": "红色（重大风险）", "orange": "橙色（较大风险）", "yellow": "黄色", "blue": "蓝色"}
SLIDES = ("kpi", "trend", "towns", "overdue", "gaps", "changes")
SLIDE_TITLES_ZH = {
    "kpi": "本月隐患排查治理主要指标",
    "trend": "近12个月各行业隐患趋势",
    "towns": "各乡镇（街道）隐患整改情况",
    "overdue": "重大隐患逾期未整改挂牌督办清单",
    "gaps": "监管盲区：检查覆盖与高风险单位",
    "changes": "本月新增重大隐患与台账报送情况",
}


# ---- dates -------------------------------------------------------------------------------


def parse_month(text: str) -> dt.date:
    y, m = str(text).strip()[:7].split("-")
    return dt.date(int(y), int(m), 1)


def _date(x: Any) -> dt.date | None:
    if x is None or (isinstance(x, float) and pd.isna(x)) or x is pd.NaT:
        return None
    try:
        if pd.isna(x):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(x, pd.Timestamp):
        return x.date()
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    return dt.date.fromisoformat(str(x)[:10])


def default_month(q: Query, today: dt.date | None = None, towns=()) -> dt.date | None:
    """The last complete month (etl.read.completeness: over, and enough towns' ledgers in) among the
    twelve up to the latest month a hazard ledger reported (else the month of the latest found
    date) — the dashboard's default headline month; that latest month when none is complete."""
    row = q("status_overview").iloc[0]
    m = _date(row["last_hazard_month"]) or _date(row["last_found"])
    if m is None:
        return None
    m = m.replace(day=1)
    today = today or dt.date.today()
    m = min(m, today.replace(day=1))
    frame = q("month_reporting", start_month=window_start(m, WINDOW_MONTHS), end_month=m, towns=list(towns) or None, as_of=today)
    return completeness.headline_month(completeness.months(frame, completeness.complete_share()), m)


def default_as_of(month: dt.date, today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return min(month_end(month), today)


# ---- the data model ----------------------------------------------------------------------


@dataclass
class Scope:
    """The meeting month, the as-of date and the optional narrowing filters."""

    month: dt.date
    as_of: dt.date
    towns: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    level: str | None = None
    # last day of the latest month a hazard ledger reported: statuses after it are not known yet
    horizon: dt.date | None = None

    @property
    def window_start(self) -> dt.date:
        return window_start(self.month, WINDOW_MONTHS)

    def params(self, start: dt.date | None, end: dt.date | None, as_of: dt.date | None = None) -> dict[str, Any]:
        return queries.hazard_filters(start_month=start, end_month=end, towns=list(self.towns),
                                      sectors=list(self.sectors), departments=list(self.departments),
                                      level=self.level, as_of=as_of or self.as_of)  # fmt: skip

    def month_params(self, back: int = 0) -> dict[str, Any]:
        """One month's hazards. An earlier month (``back`` > 0) is measured at the same age of the
        data as this one: its as-of date is this one's shifted back, but never later than the end
        of the latest reported month shifted back. Otherwise last year's month would count the
        rectifications of a later ledger that this year's month cannot have yet."""
        m = add_months(self.month, -back)
        if not back:
            return self.params(m, m, self.as_of)
        return self.params(m, m, compared_as_of(self.as_of, -back, self.horizon))

    def window_params(self) -> dict[str, Any]:
        return self.params(self.window_start, self.month)

    def stock_params(self, back: int = 0) -> dict[str, Any]:
        m = add_months(self.month, -back)
        return self.params(None, m, shift_as_of(self.as_of, -back) if back else self.as_of)


@dataclass
class BriefData:
    county: str
    scope: Scope
    generated: dt.datetime
    kpi: dict[str, pd.Series]  # cur, prev, yoy (month scope); stock, stock_prev (all open)
    trend: pd.DataFrame  # index: month (date), columns: sector codes (+ REST), values: found
    towns: pd.DataFrame  # rates_by town over the window
    window: pd.Series  # kpis over the window (county average)
    depts: pd.DataFrame  # rates_by department over the window
    overdue: pd.DataFrame  # overdue_majors (stock), at most BOARD_LIMIT rows
    coverage: pd.DataFrame  # gap_coverage over the window
    never: pd.DataFrame  # never-inspected red/orange units (at most LIST_LIMIT)
    never_high_total: int
    new_majors: pd.DataFrame
    new_majors_total: int
    rectified: pd.DataFrame  # present_newly_rectified, per town
    missing_towns: list[str]
    reporting_due: bool  # False when the month has not ended yet (nothing is late)
    sector_names: dict[str, str] = field(default_factory=dict)
    gaps_available: bool = True
    # reporting completeness of the month (etl.read.completeness): None when unknown
    month_report: completeness.MonthReport | None = None

    @property
    def month_partial(self) -> bool:
        return self.month_report is not None and self.month_report.partial
    score: Any = None  # 考核通报 and next month's plan: etl/brief/scoreboard.ScoreBrief (slide 七, a section)
    follow: Any = None  # assignments and gap sentences: etl/brief/followthrough.FollowBrief

    @property
    def month(self) -> dt.date:
        return self.scope.month

    @property
    def as_of(self) -> dt.date:
        return self.scope.as_of

    @property
    def has_data(self) -> bool:
        return int(self.kpi["stock"]["total"]) > 0

    @property
    def overdue_total(self) -> int:
        return int(self.kpi["stock"]["overdue_major"])

    @property
    def rectified_total(self) -> int:
        return int(self.rectified["rectified"].sum()) if not self.rectified.empty else 0

    @property
    def rectified_major(self) -> int:
        return int(self.rectified["major_rectified"].sum()) if not self.rectified.empty else 0

    def coverage_by_town(self) -> pd.DataFrame:
        """town, units, inspected, coverage, uninspected_high — ordered by coverage (worst first)."""
        if self.coverage.empty:
            return pd.DataFrame(columns=["town", "units", "inspected", "coverage", "uninspected_high"])
        g = self.coverage.groupby("town", as_index=False)[["units", "inspected", "uninspected_high"]].sum()
        g["coverage"] = g["inspected"] / g["units"]
        return g.sort_values(["coverage", "town"]).reset_index(drop=True)[
            ["town", "units", "inspected", "coverage", "uninspected_high"]
        ]

    @property
    def coverage_total(self) -> float | None:
        if self.coverage.empty or int(self.coverage["units"].sum()) == 0:
            return None
        return float(self.coverage["inspected"].sum()) / float(self.coverage["units"].sum())

    def depts_below_average(self) -> pd.DataFrame:
        avg = self.window["rect_rate"]
        if self.depts.empty or _missing(avg):
            return self.depts.iloc[0:0]
        d = self.depts[(self.depts["key"] != "") & (self.depts["total"] >= MIN_DEPT_HAZARDS)
                       & (self.depts["rect_rate"] < float(avg))]  # fmt: skip
        return d.sort_values(["rect_rate", "key"]).reset_index(drop=True)

    def sector_name(self, code: str) -> str:
        if code == REST:
            return "其余行业"
        return self.sector_names.get(code, code)


def trend_wide(df: pd.DataFrame, start: dt.date, end: dt.date, top: int = TOP_SECTORS) -> pd.DataFrame:
    """sector_monthly rows → months × (top sectors by volume, then REST); every month present."""
    months = []
    m = start
    while m <= end:
        months.append(m)
        m = add_months(m, 1)
    if df.empty:
        return pd.DataFrame(index=pd.Index(months, name="month"))
    d = df.assign(month=[_date(x) for x in df["period"]])
    totals = d.groupby("sector")["found"].sum().sort_values(ascending=False, kind="stable")
    totals = totals.groupby(level=0).sum().sort_values(ascending=False, kind="stable")
    keep = [s for s in totals.index if totals[s] > 0][:top]
    d["bucket"] = [s if s in keep else REST for s in d["sector"]]
    wide = d.pivot_table(index="month", columns="bucket", values="found", aggfunc="sum", fill_value=0)
    cols = keep + ([REST] if REST in wide.columns else [])
    wide = wide.reindex(index=months, columns=cols, fill_value=0).fillna(0).astype(int)
    wide.index.name = "month"
    return wide


def collect(q: Query, month: dt.date, as_of: dt.date | None = None, *, county: str | None = None,
            towns=(), sectors=(), departments=(), level: str | None = None,
            now: dt.datetime | None = None) -> BriefData:  # fmt: skip
    """Every number of the meeting for month ``month`` (first day), status as of ``as_of``."""
    month = month.replace(day=1)
    last_reported = _date(q("status_overview").iloc[0]["last_hazard_month"])
    scope = Scope(month, as_of or default_as_of(month), tuple(towns or ()), tuple(sectors or ()),
                  tuple(departments or ()), level, month_end(last_reported) if last_reported else None)  # fmt: skip
    kpi = {
        "cur": q("kpis", **scope.month_params()).iloc[0],
        "prev": q("kpis", **scope.month_params(1)).iloc[0],
        "yoy": q("kpis", **scope.month_params(12)).iloc[0],
        "stock": q("kpis", **scope.stock_params()).iloc[0],
        "stock_prev": q("kpis", **scope.stock_params(1)).iloc[0],
    }
    wp = scope.window_params()
    trend = trend_wide(q("sector_monthly", grain="month", **wp), scope.window_start, month)
    window = q("kpis", **wp).iloc[0]
    towns_df = q("rates_by", dim="town", **wp)
    depts = q("rates_by", dim="department", **wp)
    overdue = q("overdue_majors", limit=BOARD_LIMIT, **scope.stock_params())
    gaps_available = True
    try:
        coverage = q("gap_coverage", **wp)
        never_all = q("gap_never_inspected", limit=LIST_LIMIT, **wp)
        reporting = q("gap_reporting", **wp)
    except Exception:  # noqa: BLE001 - an older warehouse without the gap migration: say so on the slide
        gaps_available = False
        coverage = pd.DataFrame(columns=["town", "sector", "units", "inspected", "uninspected", "coverage",
                                         "uninspected_high"])  # fmt: skip
        never_all = pd.DataFrame(columns=["entity_name", "town", "sector", "department", "risk_level", "risk_order",
                                          "last_supervisory", "last_self", "open_hazards", "total_rows"])  # fmt: skip
        reporting = pd.DataFrame(columns=["reporter_type", "reporter", "month", "reported"])
    never = never_all[never_all["risk_order"] <= 2].reset_index(drop=True) if not never_all.empty else never_all
    never_high_total = int(coverage["uninspected_high"].sum()) if not coverage.empty else 0
    new_majors = q("present_new_majors", limit=LIST_LIMIT, **scope.month_params())
    new_majors_total = int(new_majors["total_rows"].iloc[0]) if not new_majors.empty else 0
    rectified = q("present_newly_rectified", **scope.month_params())
    rep_m = reporting[(reporting["reporter_type"] == "town")] if not reporting.empty else reporting
    due_rows = rep_m[[(_date(x) == month) for x in rep_m["month"]]] if not rep_m.empty else rep_m
    reporting_due = not due_rows.empty
    missing = sorted(due_rows.loc[~due_rows["reported"].astype(bool), "reporter"].tolist()) if reporting_due else []
    sectors_lookup = q("brief_sectors")
    try:
        reach = completeness.months(q("month_reporting", start_month=month, end_month=month, towns=list(towns or ()) or None,
                                      as_of=scope.as_of), completeness.complete_share()).get(month)
    except completeness.ConfigError:
        reach = None
    return BriefData(
        county=county or os.environ.get(COUNTY_ENV) or DEFAULT_COUNTY,
        scope=scope,
        generated=now or dt.datetime.now().replace(microsecond=0),
        kpi=kpi,
        trend=trend,
        towns=towns_df,
        window=window,
        depts=depts,
        overdue=overdue,
        coverage=coverage,
        never=never,
        never_high_total=never_high_total,
        new_majors=new_majors,
        new_majors_total=new_majors_total,
        rectified=rectified,
        missing_towns=missing,
        reporting_due=reporting_due,
        sector_names=dict(zip(sectors_lookup["code"], sectors_lookup["name_zh"], strict=True)),
        gaps_available=gaps_available,
        score=_scoreboard(q, scope),
        follow=_followthrough(q, scope),
        month_report=reach,
    )


def _scoreboard(q: Query, scope: Scope) -> Any:
    from .scoreboard import collect_or_note

    return collect_or_note(q, scope)


def _followthrough(q: Query, scope: Scope) -> Any:
    from .followthrough import collect_or_note

    return collect_or_note(q, scope)
