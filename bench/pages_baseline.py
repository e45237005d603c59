"""The pandas baseline of bench_pages: the hazards table in one DataFrame, then each page's main
figures computed from it, to set the DuckDB page timings against (and to check they agree)."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from etl.read import queries

PANDAS_RUNS = 3


def label(name: str, params: dict) -> str:
    extra = [f"{k}={params[k]}" for k in ("dim", "grain", "limit") if k in params]
    base = f"{name}({', '.join(extra)})" if extra else name
    return base


# ---- pandas baseline ---------------------------------------------------------------------------

PANDAS_COLUMNS = [
    "hazard_key", "source_hazard_id", "town", "sector", "department", "entity_name", "description", "level",
    "found_date", "deadline", "status", "rectified_date", "report_month",
]  # fmt: skip
FILTER_KEYS = queries.HAZARD_FILTER_PARAMS


def load_frame(con) -> tuple[pd.DataFrame, float]:
    t0 = time.perf_counter()
    df = con.execute(f"SELECT {', '.join(PANDAS_COLUMNS)} FROM hazards").df()
    for c in ("found_date", "deadline", "rectified_date", "report_month"):
        df[c] = pd.to_datetime(df[c])
    df["department"] = df["department"].fillna("")
    for c in ("town", "sector", "level", "status", "department"):
        df[c] = df[c].astype("category")
    return df, time.perf_counter() - t0


def _ts(d: dt.date | None) -> pd.Timestamp | None:
    return None if d is None else pd.Timestamp(d)


def _mask_common(df: pd.DataFrame, p: dict, *, start=True, level=True) -> np.ndarray:
    m = np.ones(len(df), dtype=bool)
    fd = df["found_date"]
    if start and p.get("start_month") is not None:
        m &= (fd >= _ts(p["start_month"])).to_numpy()
    if p.get("end_month") is not None:
        m &= (fd < _ts(p["end_month"]) + pd.DateOffset(months=1)).to_numpy()
    m &= (fd <= _ts(p["as_of"])).to_numpy()
    for key, col in (("towns", "town"), ("sectors", "sector"), ("departments", "department")):
        if p.get(key):
            m &= df[col].isin(p[key]).to_numpy()
    if level and p.get("level"):
        m &= (df["level"] == p["level"]).to_numpy()
    return m


class Scope:
    """The pandas {{hazard_scope}}: one filtered frame (with status as of) per filter set."""

    def __init__(self, df: pd.DataFrame) -> None:
        self.df = df
        self.memo: dict[tuple, pd.DataFrame] = {}

    def __call__(self, p: dict) -> pd.DataFrame:
        key = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(p.items()) if k in FILTER_KEYS)
        if key not in self.memo:
            as_of = _ts(p["as_of"])
            s = self.df[_mask_common(self.df, p)].copy()
            closed = s["rectified_date"].fillna(s["report_month"] + pd.offsets.MonthEnd(0))
            s["is_rect"] = (s["status"] == "rectified").to_numpy() & (closed <= as_of).to_numpy()
            s["is_overdue"] = ~s["is_rect"] & (s["deadline"] < as_of)
            s["ontime_due"] = s["deadline"] <= as_of
            s["is_ontime"] = s["is_rect"] & s["ontime_due"] & (s["rectified_date"] <= s["deadline"])
            s["days_to_rect"] = (s["rectified_date"] - s["found_date"]).dt.days.where(
                s["is_rect"] & s["rectified_date"].notna()
            )
            s["days_overdue"] = (as_of - s["deadline"]).dt.days.where(s["is_overdue"])
            s["is_major"] = (s["level"] == "major").to_numpy()
            self.memo[key] = s
        return self.memo[key]


def _rates(s: pd.DataFrame, by: str | None) -> pd.DataFrame:
    x = s.assign(
        major_rect=s["is_major"] & s["is_rect"],
        overdue_major=s["is_overdue"] & s["is_major"],
        open_now=~s["is_rect"],
    )
    cols = ["is_rect", "is_major", "major_rect", "open_now", "is_overdue", "overdue_major", "is_ontime", "ontime_due"]
    if by is None:
        sums = x[cols].sum().to_frame().T
        sums.insert(0, "total", len(x))
        sums["days_median"] = x["days_to_rect"].median()
        sums["days_p90"] = x["days_to_rect"].quantile(0.9)
    else:
        g = x.groupby(by, observed=True)
        sums = g[cols].sum()
        sums.insert(0, "total", g.size())
        sums["days_median"] = g["days_to_rect"].median()
        sums["days_p90"] = g["days_to_rect"].quantile(0.9)
        sums = sums.reset_index().rename(columns={by: "key"})
    sums = sums.rename(columns={"is_rect": "rectified", "is_major": "major_total", "major_rect": "major_rectified",
                                "is_overdue": "overdue", "is_ontime": "ontime"})  # fmt: skip
    sums["rect_rate"] = sums["rectified"] / sums["total"].where(sums["total"] > 0)
    sums["major_rect_rate"] = sums["major_rectified"] / sums["major_total"].where(sums["major_total"] > 0)
    sums["ontime_rate"] = sums["ontime"] / sums["ontime_due"].where(sums["ontime_due"] > 0)
    return sums.sort_values("total", ascending=False) if by else sums


def _months(p: dict) -> pd.DatetimeIndex:
    return pd.date_range(_ts(p["start_month"]), _ts(p["end_month"]), freq="MS")


def pd_kpis(sc: Scope, p: dict) -> pd.DataFrame:
    s = sc(p)
    in_month = (s["found_date"].dt.to_period("M").dt.to_timestamp() == _ts(p["end_month"])).to_numpy()
    out = _rates(s, None)
    out.insert(0, "found_in_month", int(in_month.sum()))
    out.insert(1, "major_in_month", int((in_month & s["is_major"].to_numpy()).sum()))
    return out


def pd_monthly_trend(sc: Scope, p: dict) -> pd.DataFrame:
    s = sc(p)
    g = s.groupby(s["found_date"].dt.to_period("M").dt.to_timestamp())
    agg = pd.DataFrame({"found": g.size(), "major": g["is_major"].sum(), "rectified": g["is_rect"].sum(),
                        "overdue": g["is_overdue"].sum()}).reindex(_months(p), fill_value=0)  # fmt: skip
    agg["rect_rate"] = agg["rectified"] / agg["found"].where(agg["found"] > 0)
    return agg  # (upload counts per month come from the 288-row upload ledger: not timed)


def pd_rates_by(sc: Scope, p: dict) -> pd.DataFrame:
    return _rates(sc(p), p["dim"])


def pd_sector_monthly(sc: Scope, p: dict) -> pd.DataFrame:
    s = sc(p)
    period = s["found_date"].dt.to_period("Q" if p["grain"] == "quarter" else "M").dt.to_timestamp()
    return s.groupby([period, "sector", "level"], observed=True).size().rename("found").reset_index()


def pd_yoy_monthly(sc: Scope, p: dict) -> pd.DataFrame:
    df = sc.df
    m = (
        _mask_common(df, p, start=False)
        & (df["found_date"] >= _ts(p["start_month"]) - pd.DateOffset(months=12)).to_numpy()
    )
    h = df.loc[m, ["found_date", "level"]]
    g = h.groupby(h["found_date"].dt.to_period("M").dt.to_timestamp())
    agg = pd.DataFrame({"found": g.size(), "major": g["level"].apply(lambda x: (x == "major").sum())})
    months = _months(p)
    cur = agg.reindex(months, fill_value=0)
    prev = agg.reindex(months - pd.DateOffset(months=12), fill_value=0)
    return pd.DataFrame({"month": months, "found": cur["found"].to_numpy(), "found_prev_year": prev["found"].to_numpy(),
                         "major": cur["major"].to_numpy(), "major_prev_year": prev["major"].to_numpy()})  # fmt: skip


_LEXICON: list[tuple[str, str]] = []


def _lexicon() -> list[tuple[str, str]]:
    if not _LEXICON:
        import re

        sql = queries.load_sql("problem_keywords")
        _LEXICON.extend(re.findall(r"\('([a-z_]+)', '([^']+)'\)", sql))
    return _LEXICON


def pd_problem_keywords(sc: Scope, p: dict) -> pd.DataFrame:
    s = sc(p)
    d = (
        s.dropna(subset=["description"])
        .groupby(["description", "level"], observed=True)
        .size()
        .rename("n")
        .reset_index()
    )
    parts = []
    for cat, word in _lexicon():
        hit = d[d["description"].str.contains(word, regex=False)]
        parts.append(hit.assign(category=cat))
    hits = pd.concat(parts).drop_duplicates(["category", "description", "level"])
    out = hits.groupby("category").agg(found=("n", "sum"))
    out["major"] = hits[hits["level"] == "major"].groupby("category")["n"].sum().reindex(out.index, fill_value=0)
    return out.sort_values("found", ascending=False).reset_index()


def pd_top_descriptions(sc: Scope, p: dict) -> pd.DataFrame:
    s = sc(p)
    s = s[s["description"].notna()]
    g = (
        s.groupby(["sector", "description"], observed=True)
        .agg(n=("is_major", "size"), m=("is_major", "sum"))
        .reset_index()
    )
    g["description"] = g["description"].str.replace(r"\s+", " ", regex=True).str.strip()
    g = g[g["description"] != ""].groupby(["sector", "description"], observed=True)[["n", "m"]].sum().reset_index()
    g = g.sort_values(["sector", "n", "description"], ascending=[True, False, True])
    return g.groupby("sector", observed=True).head(p["limit"]).rename(columns={"n": "found", "m": "major"})


def pd_town_sector_grid(sc: Scope, p: dict) -> pd.DataFrame:
    s = sc(p)
    g = s.groupby(["town", "sector"], observed=True)
    return pd.DataFrame(
        {"found": g.size(), "major": g["is_major"].sum(), "overdue": g["is_overdue"].sum()}
    ).reset_index()


def pd_overdue_ageing(sc: Scope, p: dict) -> pd.DataFrame:
    s = sc(p)
    o = s[s["is_overdue"]]
    b = pd.cut(o["days_overdue"], [0, 7, 30, 90, np.inf], labels=["1-7", "8-30", "31-90", "90+"])
    return o.groupby([b, "level"], observed=False).size().rename("overdue").reset_index()


def pd_rectify_days(sc: Scope, p: dict) -> pd.DataFrame:
    s = sc(p)
    r = s[s["days_to_rect"].notna()]
    b = pd.cut(r["days_to_rect"], [-np.inf, 7, 15, 30, 60, 90, np.inf],
               labels=["0-7", "8-15", "16-30", "31-60", "61-90", "90+"])  # fmt: skip
    return r.groupby([b, "level"], observed=False).size().rename("rectified").reset_index()


def pd_major_stock_flow(sc: Scope, p: dict) -> pd.DataFrame:
    df, as_of = sc.df, _ts(p["as_of"])
    m = (df["level"] == "major").to_numpy() & (df["found_date"] <= as_of).to_numpy()
    q = {**p, "start_month": None, "end_month": None, "level": None}
    mj = df[m & _mask_common(df, q)]
    closed = mj["rectified_date"].fillna(mj["report_month"] + pd.offsets.MonthEnd(0)).where(mj["status"] == "rectified")
    months = _months(p)
    months = months[months <= as_of]
    ins = mj.groupby(mj["found_date"].dt.to_period("M").dt.to_timestamp()).size().reindex(months, fill_value=0)
    c = closed[closed <= as_of]
    outs = c.groupby(c.dt.to_period("M").dt.to_timestamp()).size().reindex(months, fill_value=0)
    start = _ts(p["start_month"])
    stock0 = int((mj["found_date"] < start).sum()) - int((closed < start).sum())
    return pd.DataFrame({"month": months, "inflow": ins.to_numpy(), "outflow": outs.to_numpy(),
                         "stock": stock0 + (ins - outs).cumsum().to_numpy()})  # fmt: skip


def pd_overdue_majors(sc: Scope, p: dict) -> pd.DataFrame:
    s = sc(p)
    o = s[s["is_overdue"] & s["is_major"]]
    return o.sort_values(["days_overdue", "found_date", "hazard_key"], ascending=[False, True, True]).head(p["limit"])


def _explorer_rows(sc: Scope, p: dict) -> pd.DataFrame:
    s = sc(p)
    state, search = p.get("state"), p.get("search")
    if state == "open":
        s = s[~s["is_rect"]]
    elif state == "overdue":
        s = s[s["is_overdue"]]
    elif state == "rectified":
        s = s[s["is_rect"]]
    if search:
        hit = np.zeros(len(s), dtype=bool)
        for c in ("entity_name", "description", "source_hazard_id"):
            hit |= s[c].str.contains(search, case=False, regex=False, na=False).to_numpy()
        s = s[hit]
    return s


def pd_hazard_count(sc: Scope, p: dict) -> pd.DataFrame:
    return pd.DataFrame({"n": [len(_explorer_rows(sc, p))]})


def pd_hazard_list(sc: Scope, p: dict) -> pd.DataFrame:
    s = _explorer_rows(sc, p)
    need = p["offset"] + p["limit"]
    if len(s) > need:  # only the newest rows can be on the page: cut by date before sorting
        s = s[s["found_date"] >= s["found_date"].nlargest(need).iloc[-1]]
    s = s.sort_values(["found_date", "hazard_key"], ascending=[False, True])
    return s.iloc[p["offset"] : need]


def pd_hazard_detail(sc: Scope, p: dict) -> pd.DataFrame:
    return sc.df[(sc.df["hazard_key"] == p["hazard_key"]).to_numpy()]


PANDAS: dict[str, Callable[[Scope, dict], pd.DataFrame]] = {
    "kpis": pd_kpis, "monthly_trend": pd_monthly_trend, "rates_by": pd_rates_by,
    "sector_monthly": pd_sector_monthly, "yoy_monthly": pd_yoy_monthly, "problem_keywords": pd_problem_keywords,
    "top_descriptions": pd_top_descriptions, "town_sector_grid": pd_town_sector_grid,
    "overdue_ageing": pd_overdue_ageing, "rectify_days": pd_rectify_days, "major_stock_flow": pd_major_stock_flow,
    "overdue_majors": pd_overdue_majors, "hazard_count": pd_hazard_count, "hazard_list": pd_hazard_list,
    "hazard_detail": pd_hazard_detail,
}  # fmt: skip


def time_pandas(df: pd.DataFrame, calls: list[tuple[str, dict]]) -> tuple[float, list[str]]:
    """Median seconds of the page's pandas figures (a fresh Scope per run), and their names."""
    done = [(n, p) for n, p in calls if n in PANDAS]
    totals = []
    for _ in range(PANDAS_RUNS):
        sc = Scope(df)
        t0 = time.perf_counter()
        for name, params in done:
            PANDAS[name](sc, params)
        totals.append(time.perf_counter() - t0)
    return statistics.median(totals), [label(n, p) for n, p in done]


def check_pandas(con, df: pd.DataFrame, calls: list[tuple[str, dict]]) -> str:
    """The baseline computes the same figures: compare the KPI rows with the SQL ones."""
    sc = Scope(df)
    bad = []
    for name, params in calls:
        if name != "kpis":
            continue
        a = queries.run(con.cursor(), name, **params).iloc[0]
        b = pd_kpis(sc, params).iloc[0]
        for col in ("found_in_month", "total", "rectified", "overdue", "overdue_major", "ontime_rate", "days_median"):
            x, y = a[col], b[col]
            if not ((pd.isna(x) and pd.isna(y)) or np.isclose(float(x), float(y))):
                bad.append(f"{col}: sql {x} pandas {y}")
    return "KPIs match" if not bad else "KPI MISMATCH " + "; ".join(bad)


