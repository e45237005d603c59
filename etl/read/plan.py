"""下月检查计划: the risk-based inspection plan for the month after the headline month, from the
rows of ``etl/read/sql/plan_units.sql`` under ``config/plan.toml``.

Rules (README, "下月检查计划"):
* expected supervisory visits a year by registry risk colour (default red 12, orange 6, yellow 2,
  blue 1); a unit is *due* in the plan month when it has never had a supervisory visit, or its
  last one plus 365 ÷ (visits a year) days falls on or before the plan month's last day;
* 高风险单位检查频次达标率 = red/orange registry units whose supervisory visits in the 12 months
  ending the headline month reach their yearly number ÷ red/orange registry units;
* the list: every unit with at least one reason — ``overdue_major`` (an open major hazard past its
  deadline), ``major_due`` (an open major hazard whose deadline falls in the plan month),
  ``risk_due`` (due by its colour's frequency), ``never_inspected`` (a registry unit with no
  supervisory visit on record), ``repeat`` (a repeat hazard in the 12 months); priority = the
  sum of the reasons' points × the sector's weight (schools, fire, traffic, construction 1.5).

Streamlit-free: the page, the briefing and the tests call ``build``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from etl.months import add_months, window_start
from etl.read import queries
from etl.read.config import PLAN_REASONS, PlanConfig

HIGH_RISK = ("red", "orange")
RISK_ORDER = {"red": 1, "orange": 2, "yellow": 3, "blue": 4}


def params_for(month: dt.date, filters: dict[str, Any]) -> dict[str, Any]:
    """plan_units params: the 12 months ending ``month`` (the headline month), plan = the next."""
    month = month.replace(day=1)
    return {**filters, "start_month": window_start(month, 12), "end_month": month, "plan_start": add_months(month, 1)}


@dataclass
class Plan:
    plan_month: dt.date
    units: pd.DataFrame  # every unit of plan_units + expected, meets, due, reasons, priority
    config: PlanConfig

    @property
    def rows(self) -> pd.DataFrame:
        """The units on next month's list, highest priority first."""
        return self.units[self.units["reasons"].map(len) > 0].sort_values(
            ["priority", "risk_order", "town", "entity_name"], ascending=[False, True, True, True], kind="stable"
        )

    def high_risk(self) -> pd.DataFrame:
        u = self.units
        return u[u["in_registry"] & u["risk_level"].isin(HIGH_RISK)]

    def frequency_by(self, dim: str | None) -> pd.DataFrame:
        """高风险单位检查频次达标率 by 'town' | 'department' | 'sector' (None = the county):
        columns key, units, meets, rate (NaN when no red/orange unit)."""
        hr = self.high_risk()
        if dim is None:
            n = len(hr)
            return pd.DataFrame({"key": [None], "units": [n], "meets": [int(hr["meets"].sum())],
                                 "rate": [hr["meets"].mean() if n else np.nan]})  # fmt: skip
        g = hr.groupby(dim)["meets"].agg(units="count", meets="sum").reset_index().rename(columns={dim: "key"})
        g["rate"] = g["meets"] / g["units"]
        return g.sort_values(["rate", "units", "key"], ascending=[True, False, True]).reset_index(drop=True)


def build_from(units: pd.DataFrame, config: PlanConfig, plan_month: dt.date) -> Plan:
    u = units.copy()
    plan_end = pd.Timestamp(add_months(plan_month, 1) - dt.timedelta(days=1))
    per_year = u["risk_level"].map(config.visits_per_year).astype(float)
    u["expected"] = per_year
    u["meets"] = u["visits_window"] >= per_year.fillna(np.inf)
    last = pd.to_datetime(u["last_visit"])
    interval = pd.to_timedelta(365 / per_year.where(per_year > 0), unit="D")
    u["next_due"] = last + interval
    graded = u["in_registry"] & per_year.notna() & (per_year > 0)
    flags = {
        "overdue_major": u["major_overdue"] > 0,
        "major_due": u["major_due"] > 0,
        "risk_due": graded & (last.isna() | (u["next_due"] <= plan_end)),
        "never_inspected": u["in_registry"] & last.isna(),
        "repeat": u["repeats"] > 0,
    }
    assert tuple(flags) == PLAN_REASONS
    # each unit's reasons as a bit mask, then one tuple per distinct mask (at most 32): fast at 50k units
    masks = sum(flags[c].fillna(False).to_numpy(dtype=bool).astype(np.int64) << i for i, c in enumerate(PLAN_REASONS))
    combos = {m: tuple(c for i, c in enumerate(PLAN_REASONS) if m >> i & 1) for m in range(1 << len(PLAN_REASONS))}
    u["reasons"] = [combos[int(m)] for m in np.asarray(masks).reshape(-1)] if len(u) else []
    points = sum(flags[c].astype(float) * config.reason_points.get(c, 0) for c in PLAN_REASONS)
    u["sector_weight"] = u["sector"].map(config.sector_weight).fillna(1.0).astype(float)
    u["priority"] = (points * u["sector_weight"]).round(6)
    u["risk_order"] = u["risk_level"].map(RISK_ORDER).fillna(5).astype(int)
    return Plan(plan_month=plan_month, units=u, config=config)


def build(con: duckdb.DuckDBPyConnection, month: dt.date, config: PlanConfig, filters: dict[str, Any]) -> Plan:
    params = params_for(month, filters)
    return build_from(queries.run(con, "plan_units", **params), config, params["plan_start"])
