"""Benchmark of the supervision-gap page's queries (etl/read/sql/gap_*.sql).

Builds a warehouse with 1M hazards (etl/demo/synthetic.build_random), then 300k
inspection visits and a 50k-unit registry generated in DuckDB SQL (setseed/random, no
Python loops), times every query of the page (median of RUNS runs, through the read-only
snapshot connection the app uses) and prints it beside the same computation in pandas on
the full frames (the baseline, measured in the same run). Prints only; never asserts.

    .venv/bin/python -m bench.bench_gaps [--hazards 1000000] [--inspections 300000] [--units 50000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from etl.demo import synthetic as wf  # noqa: E402
from etl.read import queries  # noqa: E402
from etl.store import db, load  # noqa: E402
from etl.store.db import bump_data_version  # noqa: E402

RUNS = 5


def add_gap_data(path: Path, n_inspections: int, n_units: int, seed: float = 0.42) -> None:
    """Registry (one upload per town) and inspection logs (one upload per month) consistent with
    a build_random warehouse: registry names include the hazards' units (town某单位NNN)."""
    with db.writer(path) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute("SELECT setseed(?)", [seed])
        base = con.execute("SELECT coalesce(max(upload_id), 0) FROM upload_log").fetchone()[0]
        last = con.execute("SELECT max(found_date) FROM hazard_current").fetchone()[0] or dt.date.today()
        con.execute("CREATE TEMP TABLE t_towns AS SELECT unnest(?::VARCHAR[]) AS town, generate_subscripts(?::VARCHAR[], 1) AS ti",
                    [wf.TOWNS, wf.TOWNS])  # fmt: skip
        con.execute("CREATE TEMP TABLE t_sectors AS SELECT unnest(?::VARCHAR[]) AS sector, generate_subscripts(?::VARCHAR[], 1) AS si",
                    [wf.SECTORS, wf.SECTORS])  # fmt: skip
        depts = [wf.DEPARTMENT_OF[s] for s in wf.SECTORS]
        con.execute("CREATE TEMP TABLE t_dept AS SELECT unnest(?::VARCHAR[]) AS sector, unnest(?::VARCHAR[]) AS dept",
                    [wf.SECTORS, depts])  # fmt: skip
        # units: per town, the 399 names the hazards use, then other names up to n_units
        con.execute(
            """
            CREATE TEMP TABLE t_units AS
            SELECT row_number() OVER () AS uid, town, name, sector, dept, risk FROM (
                SELECT t.town,
                       CASE WHEN k <= 399 THEN t.town || '某单位' || lpad(CAST(k AS VARCHAR), 3, '0')
                            ELSE t.town || '企业' || CAST(k AS VARCHAR) END AS name,
                       s.sector, CASE WHEN random() < 0.05 THEN NULL ELSE d.dept END AS dept,
                       CASE WHEN random() < 0.05 THEN 'red' WHEN random() < 0.15 THEN 'orange'
                            WHEN random() < 0.5 THEN 'yellow' WHEN random() < 0.9 THEN 'blue' END AS risk
                FROM (SELECT t.town, r.k, 1 + CAST(floor(random() * 12) AS INTEGER) AS si  -- drawn once per unit
                      FROM t_towns t, range(1, 1 + ? // ? + CASE WHEN t.ti <= ? % ? THEN 1 ELSE 0 END) r(k)) t
                JOIN t_sectors s ON s.si = t.si
                JOIN t_dept d ON d.sector = s.sector
            )
            """,
            [n_units, len(wf.TOWNS), n_units, len(wf.TOWNS)],  # exactly n_units, spread over the towns
        )
        con.execute(
            f"""
            INSERT INTO upload_log (upload_id, file_name, sha256, kind, report_month, loaded_at, rows_read,
                                    rows_loaded, rows_rejected, rows_skipped, status, towns)
            SELECT {base} + ti, town || '监管对象名录.xlsx', 'reg' || ti, 'registry', date_trunc('month', ?::DATE),
                   now()::TIMESTAMP, 0, 0, 0, 0, 'live', [town]
            FROM t_towns
            """,
            [last],
        )
        con.execute(
            f"""
            INSERT INTO entity_obs (upload_id, obs_seq, entity_name, town, sector, department, credit_code,
                                    risk_level, report_month, source_file, source_sheet, source_row)
            SELECT {base} + t.ti, u.uid, u.name, u.town, u.sector, u.dept, '9151' || lpad(CAST(u.uid AS VARCHAR), 14, '0'),
                   u.risk, date_trunc('month', ?::DATE), 'r.xlsx', 'Sheet1', u.uid
            FROM t_units u JOIN t_towns t USING (town)
            """,
            [last],
        )
        # visits: 80 % of units get them (the rest are blind spots), over 24 months
        base2 = base + len(wf.TOWNS)
        con.execute(
            """
            CREATE TEMP TABLE t_visits AS
            SELECT v.i, u.town, u.name, u.sector, lvl,
                   CAST(?::DATE - CAST(floor(random() * 730) AS INTEGER) AS DATE) AS day,
                   random() AS r1, random() AS r2, random() AS r3
            FROM (SELECT i, 1 + CAST(floor(random() * ? * 0.8) AS BIGINT) AS uid,
                         CASE WHEN random() < 0.04 THEN 'sup' WHEN random() < 0.2 THEN 'self'
                              WHEN random() < 0.5 THEN 'town' ELSE 'county' END AS lvl
                  FROM range(?) r(i)) v
            JOIN t_units u ON u.uid = v.uid
            """,
            [last, n_units, n_inspections],
        )
        con.execute(
            """
            CREATE TEMP TABLE t_vis2 AS
            SELECT v.*, date_trunc('month', day)::DATE AS month,
                   CASE lvl WHEN 'sup' THEN '县安委办督查组' WHEN 'self' THEN NULL
                            WHEN 'town' THEN CASE WHEN r3 < 0.15 THEN NULL ELSE town || '安监站' END
                            ELSE coalesce(d.dept, '县应急管理局') END AS dept,
                   CASE lvl WHEN 'sup' THEN 'supervision' WHEN 'self' THEN 'self'
                            ELSE (['routine','special','spot','joint','unannounced','mutual'])[1 + CAST(floor(r1 * 6) AS INTEGER)] END AS method,
                   CASE WHEN lvl = 'self' THEN '自查' ELSE '检查组' || CAST(CAST(floor(r2 * 240) AS INTEGER) AS VARCHAR) END AS team,
                   CAST(floor(-ln(1 - random()) * CASE lvl WHEN 'sup' THEN 1.8 WHEN 'self' THEN 0.4 ELSE 0.9 END) AS INTEGER) AS found
            FROM t_visits v LEFT JOIN t_dept d USING (sector)
            """
        )
        con.execute(
            f"""
            INSERT INTO upload_log (upload_id, file_name, sha256, kind, report_month, loaded_at, rows_read,
                                    rows_loaded, rows_rejected, rows_skipped, status, towns)
            SELECT {base2} + m.k, strftime(m.month, '%Y年%m月') || '检查记录.xlsx', 'insp' || m.k, 'inspection',
                   m.month, now()::TIMESTAMP, 0, 0, 0, 0, 'live', ?::VARCHAR[]
            FROM (SELECT month, row_number() OVER (ORDER BY month) AS k FROM (SELECT DISTINCT month FROM t_vis2)) m
            """,
            [wf.TOWNS],
        )
        con.execute(
            f"""
            INSERT INTO inspection_obs (upload_id, obs_seq, inspection_key, inspection_date, town, sector, department,
                   entity_name, inspection_method, inspectors, hazards_found, major_hazards_found, penalty_yuan,
                   report_month, source_file, source_sheet, source_row)
            SELECT {base2} + m.k, v.i, 'V' || CAST(v.i AS VARCHAR), v.day, v.town, v.sector, v.dept, v.name, v.method,
                   v.team, v.found,
                   CAST(floor(v.found * CASE WHEN v.lvl = 'sup' THEN 0.3 ELSE 0.05 END * random() * 2) AS INTEGER),
                   CASE WHEN v.found > 0 AND random() < 0.2 THEN 1000.0 * (1 + floor(random() * 10)) ELSE 0 END,
                   v.month, 'i.xlsx', 'Sheet1', v.i
            FROM t_vis2 v JOIN (SELECT month, row_number() OVER (ORDER BY month) AS k
                                FROM (SELECT DISTINCT month FROM t_vis2)) m USING (month)
            """
        )
        for tmp in ("t_towns", "t_sectors", "t_dept", "t_units", "t_visits", "t_vis2"):
            con.execute(f"DROP TABLE {tmp}")
        version = bump_data_version(con)
        # what a load does in its transaction: bring the gap page's derived tables (migration 003)
        # up to date — rebuilt whole here, since the rows above bypassed the loader
        load.rebuild_derived(con)
        load.mark_derived(con, version)
        con.execute("COMMIT")


# ---------------------------------------------------------------- pandas baselines

_PUNCT = r"[\s\W_]+"


def _key(s: pd.Series) -> pd.Series:
    return s.fillna("").str.replace(_PUNCT, "", regex=True).str.lower()


def _who(ins: pd.DataFrame) -> pd.Series:
    dep = ins["department"].fillna("")
    higher = (ins["inspection_method"] == "supervision") | dep.str.contains(r"^(?:市|省|国家|国务院)|督查|督导|巡查")
    town = (dep != "") & (dep.str.match(r"^[^县市省区]{1,8}(?:镇|乡|街道)"))
    return pd.Series(
        np.select(
            [higher, ins["inspection_method"] == "self", town, dep != ""],
            ["higher", "self", "town", "county"],
            "unknown",
        ),
        index=ins.index,
    )


def pandas_baselines(h: pd.DataFrame, ins: pd.DataFrame, ent: pd.DataFrame, p: dict) -> dict:
    start, end, as_of = (
        pd.Timestamp(p["start_month"]),
        pd.Timestamp(p["end_month"]) + pd.DateOffset(months=1),
        pd.Timestamp(p["as_of"]),
    )

    def window(ins):
        return ins[
            (ins["inspection_date"] >= start) & (ins["inspection_date"] < end) & (ins["inspection_date"] <= as_of)
        ]

    def scope(h):
        s = h[(h["found_date"] >= start) & (h["found_date"] < end) & (h["found_date"] <= as_of)].copy()
        s["is_rect"] = (s["status"] == "rectified") & (s["rectified_date"].fillna(as_of) <= as_of)
        s["is_overdue"] = ~s["is_rect"] & (s["deadline"] < as_of)
        s["days"] = (s["rectified_date"] - s["found_date"]).dt.days.where(s["is_rect"])
        s["department"] = s["department"].fillna("")
        return s

    def coverage():
        e = ent.assign(unit_key=_key(ent["entity_name"])).drop_duplicates(["town", "unit_key"])
        w = window(ins)
        w = w[_who(w) != "self"]
        seen = w.assign(unit_key=_key(w["entity_name"]))[["town", "unit_key"]].drop_duplicates().assign(seen=True)
        m = e.merge(seen, on=["town", "unit_key"], how="left")
        return m.groupby(["town", "sector"]).agg(units=("unit_key", "size"), inspected=("seen", "count"))

    def never():
        e = ent.assign(unit_key=_key(ent["entity_name"])).drop_duplicates(["town", "unit_key"])
        w = window(ins)
        w = w[_who(w) != "self"]
        seen = w.assign(unit_key=_key(w["entity_name"]))[["town", "unit_key"]].drop_duplicates()
        gap = e.merge(seen, on=["town", "unit_key"], how="left", indicator=True).query("_merge == 'left_only'")
        hz = (
            h[h["found_date"] <= as_of]
            .assign(unit_key=_key(h["entity_name"]))
            .groupby(["town", "unit_key"])
            .size()
            .rename("n")
        )
        last = (
            ins[ins["inspection_date"] <= as_of]
            .assign(unit_key=_key(ins["entity_name"]))
            .groupby(["town", "unit_key"])["inspection_date"]
            .max()
        )
        out = gap.join(hz, on=["town", "unit_key"]).join(last, on=["town", "unit_key"])
        return out.sort_values(["risk_level", "n"]).head(300)

    def no_owner():
        s = scope(h)
        units = ent.assign(no=ent["department"].isna()).groupby("sector")["no"].agg(["size", "sum"])
        return (
            s.assign(no=s["department"] == "").groupby("sector")["no"].agg(["size", "sum"]).join(units.add_suffix("_u"))
        )

    def follow():
        s = scope(h)
        g = s.groupby("department").agg(total=("is_rect", "size"), rect=("is_rect", "sum"), overdue=("is_overdue", "sum"),
                                        days=("days", "median"))  # fmt: skip
        return g, s["is_rect"].mean(), s["days"].median()

    def levels():
        w = window(ins)
        w = w.assign(lv=_who(w))
        a = w.groupby("lv")[["hazards_found", "major_hazards_found"]].agg(["size", "sum"])
        s = scope(h).assign(unit_key=lambda x: _key(x["entity_name"]))
        v = (
            ins.assign(unit_key=_key(ins["entity_name"]), lv=_who(ins))
            .groupby(["town", "unit_key", "inspection_date"])["lv"]
            .min()
        )
        m = s.join(v, on=["town", "unit_key", "found_date"])
        return a, m.groupby(m["lv"].fillna("unknown"))["is_rect"].mean()

    def enf_kpis():
        w = window(ins)
        w = w[_who(w) != "self"]
        maj = w["major_hazards_found"] > 0
        return (len(w), (w["hazards_found"] == 0).mean(), w["hazards_found"].mean(),
                (maj & (w["penalty_yuan"] > 0)).sum() / max(maj.sum(), 1), (w["inspection_method"] == "unannounced").mean())  # fmt: skip

    def enf_by():
        w = window(ins)
        w = w[_who(w) != "self"]
        g = w.assign(z=w["hazards_found"] == 0).groupby("inspectors").agg(n=("z", "size"), z=("z", "mean"))
        return g[g["n"] >= 5].sort_values("z", ascending=False)

    def repeat_sectors():
        r = h[(h["found_date"] <= as_of) & h["entity_name"].notna()].assign(
            unit_key=lambda x: _key(x["entity_name"]), kind=lambda x: _key(x["description"])
        )
        r = r.sort_values(["town", "unit_key", "kind", "found_date", "hazard_key"])
        g = r.groupby(["town", "unit_key", "kind"], sort=False)
        prev_f, prev_r, prev_s = g["found_date"].shift(), g["rectified_date"].shift(), g["status"].shift()
        ref = prev_r.fillna(prev_f)
        r["rep"] = (
            (prev_s == "rectified") & (ref <= r["found_date"]) & (r["found_date"] <= ref + pd.DateOffset(months=12))
        )
        r = r[(r["found_date"] >= start) & (r["found_date"] < end)]
        return r.groupby("sector")["rep"].agg(["size", "sum"])

    def reporting():
        months = pd.period_range(end=pd.Period(min(pd.Timestamp(p["end_month"]), as_of), "M"), periods=12, freq="M")
        have = set(zip(h["town"], h["report_month"].dt.to_period("M"), strict=True))
        towns = sorted(set(h["town"]) | set(ent["town"]) | set(ins["town"]))
        return pd.DataFrame([(t, m, (t, m) in have) for t in towns for m in months], columns=["town", "month", "ok"])

    return {
        "gap_coverage": coverage, "gap_never_inspected": never, "gap_no_owner": no_owner, "gap_followthrough": follow,
        "gap_levels": levels, "gap_enforcement_kpis": enf_kpis, "gap_enforcement_by": enf_by,
        "gap_repeat_sectors": repeat_sectors, "gap_reporting": reporting,
    }  # fmt: skip


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process, DuckDB's included
    return r.ru_utime + r.ru_stime


def timed(fn, runs: int = RUNS) -> tuple[float, float]:
    """Median wall-clock ms and median process CPU ms (user + system, all threads) of ``runs`` calls.

    On a shared machine the wall clock also counts time spent waiting for a core; the CPU time
    does not, and on a dedicated 2-core machine the wall clock is at most the CPU time (at least
    half of it when both cores work)."""
    wall, cpu = [], []
    for _ in range(runs):
        c0, t0 = _cpu(), time.perf_counter()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(_cpu() - c0)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hazards", type=int, default=1_000_000)
    ap.add_argument("--inspections", type=int, default=300_000)
    ap.add_argument("--units", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=RUNS)
    ap.add_argument(
        "--db", type=Path, default=None, help="keep the generated warehouse at this path (reused as is if it exists)"
    )
    ap.add_argument("--only", default=None, help="comma-separated query names (default: every gap_* query)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "warehouse.duckdb"
        t0 = time.perf_counter()
        if not path.exists():
            wf.build_random(path, args.hazards, seed=7, with_observations=False)
            t1 = time.perf_counter()
            add_gap_data(path, args.inspections, args.units)
        else:
            t1 = t0
        t2 = time.perf_counter()
        con = db.open_reader(path)
        n = con.execute(
            "SELECT (SELECT count(*) FROM hazards), (SELECT count(*) FROM inspections), (SELECT count(*) FROM entities)"
        ).fetchone()
        print(f"warehouse: {n[0]:,} hazards, {n[1]:,} inspections, {n[2]:,} registry units "
              f"(built in {t1 - t0:.1f} s + {t2 - t1:.1f} s)")  # fmt: skip
        last = con.execute("SELECT max(found_date) FROM hazards").fetchone()[0]
        end = last.replace(day=1)
        start = wf.add_months(end, -11)
        params = {"start_month": start, "end_month": end, "towns": None, "sectors": None, "departments": None,
                  "level": None, "as_of": last, "limit": 300, "dim": "inspectors", "min_n": 5, "who_level": None,
                  "team": None, "method": None, "insp_department": None, "zero_only": None, "include_self": None,
                  "logs_only": None}  # fmt: skip
        h = con.execute("SELECT * FROM hazards").df()
        ins = con.execute("SELECT * FROM inspections").df()
        ent = con.execute("SELECT * FROM entities").df()
        for frame, cols in (
            (h, ["found_date", "deadline", "rectified_date", "report_month"]),
            (ins, ["inspection_date"]),
        ):
            for c in cols:
                frame[c] = pd.to_datetime(frame[c])
        baselines = pandas_baselines(h, ins, ent, params)
        fresh = con.execute("SELECT fresh FROM derived_fresh").fetchone()[0]
        print(f"derived tables (migration 003): {'fresh' if fresh else 'STALE: the views compute them per query'}")
        print(f"window {start} – {end}, as of {last}; median of {args.runs} runs (ms; wall clock and process CPU)\n")
        print(f"{'query':<24}{'duckdb':>8}{'cpu':>8}{'pandas':>9}{'cpu':>8}{'ratio':>8}")
        names = args.only.split(",") if args.only else [q for q in queries.available() if q.startswith("gap_")]
        print(
            f"load average before timing: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
            f"on {os.cpu_count()} cores (other processes inflate every figure)"
        )
        for name in names:
            ms, cpu = timed(lambda name=name: queries.run(con.cursor(), name, **params), args.runs)
            base = baselines.get(name)
            if base is None:
                print(f"{name:<24}{ms:>8.0f}{cpu:>8.0f}{'—':>9}{'—':>8}{'—':>8}")
                continue
            pms, pcpu = timed(base, max(1, min(args.runs, 3)))
            print(f"{name:<24}{ms:>8.0f}{cpu:>8.0f}{pms:>9.0f}{pcpu:>8.0f}{pms / ms:>7.1f}x")
        con.close()
        print(f"load average after timing: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
