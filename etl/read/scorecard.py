"""考核通报: score, rank and band towns and departments from the raw figures of
``etl/read/sql/score_indicators.sql`` under the settings of ``config/scorecard.toml``.

Rules (README, "考核通报"):
* value of an indicator = its numerator ÷ denominator (a rate; no figure when the denominator
  is 0), or the count itself for ``overdue_major`` (a figure only when the unit has hazards
  found in the window or overdue major hazards: zero of nothing earns no marks); the
  acceptance rate only for units whose hazards in the window carry any 验收 figure;
* score 0–100 = linear between the indicator's ``worst`` (0) and ``best`` (100), clamped;
* band: green when at least as good as ``green``, red when worse than ``red``, amber between;
* total = weighted mean of the scores the unit has a figure for (weights of missing figures
  drop out); a unit with no rate figure at all in a month is not ranked that month;
* rank within towns or within departments, 1 = best total, ties share the better rank;
  change = last month's rank − this month's (positive = moved up);
* bottom = among the last ``bottom_n`` ranks with at least two units ranked; 建议约谈 when at
  the bottom ``interview_months`` months running (this month included).

Streamlit-free: the page, the briefing and the tests call ``build``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from etl.months import window_start
from etl.read import queries
from etl.read.config import Indicator, ScorecardConfig

# indicator → (numerator column, denominator column); None = a count
SOURCES: dict[str, tuple[str, str | None]] = {
    "reported": ("reported_num", "reported_den"),
    "rect_rate": ("rect_num", "rect_den"),
    "ontime_rate": ("ontime_num", "ontime_den"),
    "overdue_major": ("overdue_major", None),
    "verified_rate": ("verified_num", "verified_den"),
    "high_risk_inspected": ("high_num", "high_den"),
    "zero_find_share": ("zero_num", "zero_den"),
    "repeat_rate": ("repeat_num", "repeat_den"),
    "overdue_share": ("overdue_num", "overdue_den"),
}
LEDGER_VISIT_COLUMNS = ["month", "unit_type", "unit", "n"]
# why an indicator can be left out for the whole warehouse
LEFT_OUT_IF = {
    "high_risk_inspected": "no_registry",
    "verified_rate": "no_verification",
    "zero_find_share": "no_inspections",
}


@dataclass
class Scorecard:
    month: dt.date
    config: ScorecardConfig
    figures: pd.DataFrame  # month, unit_type, unit, indicator, num, den, value, score, band
    totals: pd.DataFrame  # month, unit_type, unit, total, rank, n_ranked, rank_change, bottom, interview
    left_out: dict[str, str] = field(default_factory=dict)  # indicator → reason code
    # month, unit_type, unit, n: the supervisory visits of the unit's window that are a hazard
    # ledger's 无隐患 rows, which the zero-finding indicator leaves out (score_indicators' zero_ledger)
    ledger_visits: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LEDGER_VISIT_COLUMNS))

    def indicators(self, unit_type: str) -> list[Indicator]:
        return [
            i for i in self.config.indicators if unit_type in i.units and i.code not in self.left_out and i.weight > 0
        ]

    def month_table(self, unit_type: str, month: dt.date | None = None) -> pd.DataFrame:
        """One row per unit for ``month`` (default: the scorecard month), best first: rank,
        unit, total, rank_change, interview, then ``<indicator>`` value and ``<indicator>__band``."""
        m = pd.Timestamp(month or self.month)
        tot = self.totals[(self.totals["unit_type"] == unit_type) & (self.totals["month"] == m)]
        fig = self.figures[(self.figures["unit_type"] == unit_type) & (self.figures["month"] == m)]
        out = tot[["unit", "rank", "total", "rank_change", "bottom", "interview"]].set_index("unit")
        for ind in self.indicators(unit_type):
            f = fig[fig["indicator"] == ind.code].set_index("unit")
            out[ind.code] = f["value"]
            out[f"{ind.code}__band"] = f["band"]
            out[f"{ind.code}__num"] = f["num"]
            out[f"{ind.code}__den"] = f["den"]
        out = out.reset_index()
        return out.sort_values(["rank", "unit"], na_position="last", kind="stable").reset_index(drop=True)

    def left_out_visits(self, unit_type: str, unit: str | None = None, month: dt.date | None = None) -> int:
        """How many hazard-ledger 无隐患 visits the zero-finding indicator leaves out for ``month``
        (default: the scorecard month): of one unit, or of every unit of ``unit_type``."""
        lv = self.ledger_visits
        keep = (lv["unit_type"] == unit_type) & (pd.to_datetime(lv["month"]) == pd.Timestamp(month or self.month))
        if unit is not None:
            keep &= lv["unit"] == unit
        return int(pd.to_numeric(lv.loc[keep, "n"]).sum())

    def history(self, unit_type: str) -> pd.DataFrame:
        """Ranks by month (rows: unit, columns: months, oldest first)."""
        tot = self.totals[self.totals["unit_type"] == unit_type]
        return tot.pivot(index="unit", columns="month", values="rank").sort_index(axis=1)


def score_value(value: float, ind: Indicator) -> float:
    s = (value - ind.worst) / (ind.best - ind.worst)
    return float(min(1.0, max(0.0, s)) * 100)


def band(value: float, ind: Indicator) -> str:
    if ind.direction == "up":
        return "green" if value >= ind.green else ("red" if value < ind.red else "amber")
    return "green" if value <= ind.green else ("red" if value > ind.red else "amber")


def score(
    raw: pd.DataFrame, config: ScorecardConfig, left_out: dict[str, str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(figures, totals) from the rows of ``score_indicators`` (pure; no warehouse)."""
    left_out = left_out or {}
    parts = []
    for ind in config.indicators:
        if ind.code in left_out or ind.weight <= 0:
            continue
        num_col, den_col = SOURCES[ind.code]
        sub = raw[raw["unit_type"].isin(ind.units)]
        num = pd.to_numeric(sub[num_col], errors="coerce").astype(float)
        if den_col is None:
            den = pd.Series(np.nan, index=sub.index)
            # a count of zero means something only where there were hazards to count: a unit that
            # sent no ledger must not earn full marks for "no overdue major hazards"
            seen = (num > 0) | (pd.to_numeric(sub["rect_den"], errors="coerce").fillna(0) > 0)
            value = num.where(seen)
        else:
            den = pd.to_numeric(sub[den_col], errors="coerce").astype(float)
            value = num.where(den > 0) / den.where(den > 0)
            if ind.code == "verified_rate":
                # no 验收 figure on any hazard of the window: the unit's ledgers do not record
                # acceptance, so 0 % would be a wrong number — no figure instead
                value = value.where(pd.to_numeric(sub["verified_info"], errors="coerce").fillna(0) > 0)
        parts.append(pd.DataFrame({
            "month": pd.to_datetime(sub["month"]), "unit_type": sub["unit_type"], "unit": sub["unit"],
            "indicator": ind.code, "num": num, "den": den, "value": value, "weight": float(ind.weight),
            "score": [np.nan if pd.isna(v) else score_value(v, ind) for v in value],
            "band": [None if pd.isna(v) else band(v, ind) for v in value],
        }))  # fmt: skip
    figures = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["month", "unit_type", "unit", "indicator", "num", "den", "value", "weight", "score", "band"])  # fmt: skip
    figures["is_rate"] = figures["indicator"].map(lambda c: SOURCES[c][1] is not None)
    has = figures[figures["score"].notna()].copy()
    has["ws"] = has["score"] * has["weight"]
    agg = has.groupby(["month", "unit_type", "unit"]).agg(
        ws=("ws", "sum"), w=("weight", "sum"), rates=("is_rate", "sum")
    )
    keys = raw[["month", "unit_type", "unit"]].drop_duplicates().copy()
    keys["month"] = pd.to_datetime(keys["month"])
    totals = keys.merge(agg.reset_index(), on=["month", "unit_type", "unit"], how="left")
    ranked = totals["rates"].fillna(0) > 0
    totals["total"] = (totals["ws"] / totals["w"]).where(ranked).round(6)
    totals["rank"] = totals.groupby(["month", "unit_type"])["total"].rank(method="min", ascending=False)
    totals["n_ranked"] = totals.groupby(["month", "unit_type"])["total"].transform("count")
    totals["bottom"] = (totals["n_ranked"] >= 2) & (totals["rank"] > totals["n_ranked"] - config.bottom_n)
    totals = totals.sort_values(["unit_type", "unit", "month"]).reset_index(drop=True)
    grp = totals.groupby(["unit_type", "unit"])
    totals["rank_change"] = grp["rank"].shift(1) - totals["rank"]
    # consecutive months at the bottom, counted back from each month (a month missing from the
    # frame, e.g. after $as_of, breaks the run)
    run = np.zeros(len(totals), dtype=int)
    prev_key, prev_month, prev_run = None, None, 0
    for i, (ut, unit, month, bottom) in enumerate(
        totals[["unit_type", "unit", "month", "bottom"]].itertuples(index=False)
    ):
        consecutive = (
            prev_key == (ut, unit) and prev_month is not None and month == prev_month + pd.DateOffset(months=1)
        )
        run[i] = (prev_run + 1 if consecutive else 1) if bottom else 0
        prev_key, prev_month, prev_run = (ut, unit), month, run[i]
    totals["bottom_run"] = run
    totals["interview"] = totals["bottom_run"] >= config.interview_months
    cols = [
        "month",
        "unit_type",
        "unit",
        "total",
        "rank",
        "n_ranked",
        "rank_change",
        "bottom",
        "bottom_run",
        "interview",
    ]
    return figures.drop(columns=["is_rate"]), totals[cols]


def params_for(month: dt.date, config: ScorecardConfig, filters: dict[str, Any]) -> dict[str, Any]:
    """The params of score_indicators for a scorecard month under the common filters."""
    month = month.replace(day=1)
    return {
        **filters,
        "end_month": month,
        "start_month": window_start(window_start(month, 12), config.window_months),
        "window": config.window_months,
    }


def left_out_from(status: dict[str, Any]) -> dict[str, str]:
    """Indicators the warehouse cannot support at all (row of ``score_status``)."""
    out = {}
    if not status.get("registry_units"):
        out["high_risk_inspected"] = LEFT_OUT_IF["high_risk_inspected"]
    if not status.get("verified_hazards"):
        out["verified_rate"] = LEFT_OUT_IF["verified_rate"]
    if not status.get("log_inspections"):  # a ledger's 无隐患 visits alone make no zero-finding figure
        out["zero_find_share"] = LEFT_OUT_IF["zero_find_share"]
    return out


def build(
    con: duckdb.DuckDBPyConnection, month: dt.date, config: ScorecardConfig, filters: dict[str, Any]
) -> Scorecard:
    """Run the queries and score (the briefing and the CLI; the page runs the same two named
    queries through its cache and calls ``from_frames``)."""
    status = queries.run(con, "score_status").iloc[0].to_dict()
    raw = queries.run(con, "score_indicators", **params_for(month, config, filters))
    return from_frames(raw, status, month, config)


def from_frames(raw: pd.DataFrame, status: dict[str, Any], month: dt.date, config: ScorecardConfig) -> Scorecard:
    left = left_out_from(status)
    figures, totals = score(raw, config, left)
    ledger = raw[["month", "unit_type", "unit", "zero_ledger"]].rename(columns={"zero_ledger": "n"})
    return Scorecard(month=month.replace(day=1), config=config, figures=figures, totals=totals, left_out=left,
                     ledger_visits=ledger)  # fmt: skip
