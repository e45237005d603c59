"""Synthetic data for tests and benchmarks, built in code: warehouses written straight into the
base tables, and large ledgers to load through the real loader.

Warehouses: the schema comes from ``etl.store.db.writer`` (migrations); rows go straight into the
base tables ``upload_log`` / ``hazard_obs`` / ``hazard_current`` (and ``inspection_obs`` /
``entity_obs``) with bound parameters, so these helpers do not depend on the loader. Each
builder bumps ``meta.data_version`` and the writer publishes the snapshot readers use, exactly
as a real load would.

``build(path, hazards)``        hand-made rows, every field explicit or defaulted
``build_empty(path)``           schema only (a fresh warehouse)
``build_random(path, n, seed)`` realistic county data over 24 months (demo / benchmark)

Ledgers: ``may_ledger(rows, seed)`` (.xlsx with bad and total rows) and ``june_followup(rows,
seed)`` (GB18030 .csv repeating May's hazards with a new status).
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from etl.store import db

from ..months import add_months, month_start  # noqa: F401 - tests use them from here

TOWNS = [
    "城关镇", "河西街道", "南山乡", "东湖街道", "北岗镇", "清溪镇",
    "白沙镇", "石桥乡", "青龙镇", "双河镇", "金山街道", "柳林乡",
]  # fmt: skip

SECTORS = [
    "school", "fire", "traffic", "construction", "hazchem", "gas",
    "industry_trade", "special_equipment", "mining", "water", "tourism", "other",
]  # fmt: skip

SECTOR_WEIGHTS = [0.12, 0.17, 0.10, 0.14, 0.06, 0.09, 0.12, 0.06, 0.02, 0.03, 0.05, 0.04]

DEPARTMENT_OF = {
    "school": "县教育局",
    "fire": "县消防救援大队",
    "traffic": "县交通运输局",
    "construction": "县住建局",
    "hazchem": "县应急管理局",
    "gas": "县住建局",
    "industry_trade": "县应急管理局",
    "special_equipment": "县市场监管局",
    "mining": "县应急管理局",
    "water": "县农业农村局",
    "tourism": "县文旅局",
    "other": None,
}

METHODS = ["unannounced", "routine", "special", "spot", "joint", "self", "mutual", "supervision", "report"]

PROBLEMS = {
    "school": ["消防通道堵塞", "应急照明损坏", "校车未按规定年检", "食堂燃气管道老化", "围墙局部开裂", "灭火器过期"],
    "fire": ["安全出口锁闭", "灭火器过期", "消防栓无水", "电气线路私拉乱接", "疏散指示标志损坏", "消防通道堵塞"],
    "traffic": ["道路临边无防护栏", "警示标志缺失", "客车超员", "驾驶员未按规定培训", "急弯路段无减速带"],
    "construction": ["脚手架搭设不规范", "临边洞口无防护", "特种作业人员无证上岗", "塔吊限位失灵", "基坑支护不到位"],
    "hazchem": ["储罐区可燃气体报警器失效", "安全阀未按期校验", "危化品台账不全", "防爆电气不合格"],
    "gas": ["餐饮场所未安装燃气报警器", "液化气钢瓶超期未检", "燃气软管老化", "瓶装燃气违规存放"],
    "industry_trade": [
        "有限空间作业未审批",
        "粉尘除尘系统不合格",
        "机械防护罩缺失",
        "安全培训记录不全",
        "电气线路私拉乱接",
    ],
    "special_equipment": ["电梯未按期检验", "锅炉安全阀失效", "起重机械限位失灵", "压力容器未登记"],
    "mining": ["边坡浮石未清理", "尾矿库排洪设施堵塞", "爆破器材管理不规范"],
    "water": ["渔船救生衣配备不足", "船舶超载", "渡口警示标志缺失"],
    "tourism": ["景区游乐设施未检验", "安全出口锁闭", "应急预案未演练"],
    "other": ["警示标志缺失", "电气线路私拉乱接", "安全培训记录不全"],
}


def build_empty(path: str | Path) -> Path:
    """A fresh warehouse: schema and lookups only, snapshot published."""
    path = Path(path)
    with db.writer(path):
        pass
    return path


def _bump(con) -> None:
    con.execute("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'")
    # upload ids were written by hand: move the sequence past them so a real load can follow
    con.execute("SELECT nextval('upload_id_seq') FROM range((SELECT coalesce(max(upload_id), 0) FROM upload_log))")


HAZARD_DEFAULTS = {
    "source_hazard_id": None,
    "sector_raw": None,
    "department": None,
    "entity_name": "某单位",
    "description": "隐患",
    "level": "general",
    "deadline": None,
    "status": "open",
    "rectified_date": None,
    "inspection_method": None,
    "report_month": None,
    "source_sheet": "Sheet1",
}

# Data contract v2 columns (migration 006): None unless a hazard (or a history step) gives them.
V2_COLUMNS = [
    "level_raw", "hazard_category", "supervisor", "supervision_level", "measures", "funds_yuan",
    "responsible_person", "contingency_plan", "verified_date", "verified_by", "verification_result",
]  # fmt: skip
HAZARD_DEFAULTS.update(dict.fromkeys(V2_COLUMNS))

OBS_COLUMNS = [
    "upload_id", "obs_seq", "hazard_key", "source_hazard_id", "town", "sector", "sector_raw",
    "department", "entity_name", "description", "level", "found_date", "deadline", "status",
    "rectified_date", "inspection_method", "report_month", "source_file", "source_sheet", "source_row",
]  # fmt: skip


def build(
    path: str | Path,
    hazards: Sequence[dict],
    *,
    loaded_at: dt.datetime = dt.datetime(2025, 6, 5, 9, 30),
    rolled_back_months: Iterable[dt.date] = (),
    upload_id_start: int = 1,
) -> Path:
    """Write hand-made hazards. Each dict needs town, sector, found_date; the rest default.

    A hazard may carry ``history``: a list of dicts (report_month, status, rectified_date,
    deadline and any v2 column optional) in report order; the last one is the current state. Without it the
    hazard has one observation in ``report_month`` (default: its found month).
    One upload per (town, report_month), named like a real ledger file.
    ``rolled_back_months``: uploads of these months are marked rolled back (their
    observations stay in hazard_obs but do not count).
    Calling ``build`` again on the same path adds a second load (pass a fresh
    ``upload_id_start`` and new hazard keys), like a later upload would.
    """
    path = Path(path)
    rolled = {month_start(m) for m in rolled_back_months}
    uploads: dict[tuple[str, dt.date], int] = {}
    obs_rows: list[list] = []
    cur_rows: list[list] = []
    seq: dict[int, int] = {}
    for i, raw in enumerate(hazards):
        h = {**HAZARD_DEFAULTS, **raw}
        key = h.get("hazard_key") or f"H{i + 1:05d}"
        history = h.get("history") or [
            {
                "report_month": h["report_month"] or month_start(h["found_date"]),
                "status": h["status"],
                "rectified_date": h["rectified_date"],
            }
        ]
        current = None
        for step in history:
            rm = month_start(step["report_month"])
            uk = (h["town"], rm)
            if uk not in uploads:
                uploads[uk] = len(uploads) + upload_id_start
            uid = uploads[uk]
            seq[uid] = seq.get(uid, 0) + 1
            row = {
                **h,
                "upload_id": uid,
                "obs_seq": seq[uid],
                "hazard_key": key,
                "status": step["status"],
                "rectified_date": step.get("rectified_date"),
                "deadline": step.get("deadline", h["deadline"]),
                **{c: step.get(c, h[c]) for c in V2_COLUMNS},
                "report_month": rm,
                "source_file": f"{h['town']}{rm.year}年{rm.month}月隐患台账.xlsx",
                "source_row": seq[uid] + 3,
            }
            obs_rows.append([row[c] for c in OBS_COLUMNS + V2_COLUMNS])
            if rm not in rolled:
                current = row
        if current is not None:
            cur_rows.append([current[c] for c in OBS_COLUMNS + V2_COLUMNS if c != "obs_seq"])

    with db.writer(path) as con:
        con.execute("BEGIN TRANSACTION")
        for (town, rm), uid in uploads.items():
            n = sum(1 for r in obs_rows if r[0] == uid)
            status = "rolled_back" if rm in rolled else "live"
            con.execute(
                "INSERT INTO upload_log (upload_id, file_name, sha256, kind, report_month, loaded_at,"
                " rows_read, rows_loaded, rows_rejected, rows_skipped, status, towns)"
                " VALUES (?, ?, ?, 'hazard', ?, ?, ?, ?, 0, 0, ?, ?)",
                [
                    uid,
                    f"{town}{rm.year}年{rm.month}月隐患台账.xlsx",
                    f"sha{uid:08d}",
                    rm,
                    loaded_at + dt.timedelta(minutes=uid),
                    n,
                    n,
                    status,
                    [town],
                ],
            )
        # a schema older than migration 006 (upgrade tests) has no v2 columns: leave them out
        have = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'hazard_obs'").fetchall()}  # fmt: skip
        keep = [i for i, c in enumerate(OBS_COLUMNS + V2_COLUMNS) if c in have]
        cols = [(OBS_COLUMNS + V2_COLUMNS)[i] for i in keep]
        if obs_rows:
            ph = ", ".join("?" * len(cols))
            con.executemany(f"INSERT INTO hazard_obs ({', '.join(cols)}) VALUES ({ph})",
                            [[r[i] for i in keep] for r in obs_rows])  # fmt: skip
        if cur_rows:
            cur_keep = [i if i == 0 else i - 1 for i in keep if i != 1]  # current rows lack obs_seq (index 1)
            cur_cols = [c for c in cols if c != "obs_seq"]
            ph = ", ".join("?" * len(cur_cols))
            con.executemany(f"INSERT INTO hazard_current ({', '.join(cur_cols)}) VALUES ({ph})",
                            [[r[i] for i in cur_keep] for r in cur_rows])  # fmt: skip
        _bump(con)
        con.execute("COMMIT")
    return path


def build_random(
    path: str | Path,
    n_hazards: int = 20_000,
    seed: int = 7,
    *,
    last_month: dt.date | None = None,
    months: int = 24,
    with_observations: bool = True,
) -> Path:
    """A realistic random county warehouse: ~12 towns, all sectors, ~7 % major.

    Hazards are found over ``months`` months ending ``last_month`` (default: the month
    before today). Each is re-reported every month while open (status history), then
    once more in the month it was rectified. Vectorised: 1M hazards take seconds.
    """
    path = Path(path)
    rng = np.random.default_rng(seed)
    if last_month is None:
        last_month = add_months(month_start(dt.date.today()), -1)
    first_month = add_months(last_month, -(months - 1))
    end_day = add_months(last_month, 1) - dt.timedelta(days=1)
    n = n_hazards

    # volume grows slightly over time and has a spring/autumn campaign bump
    span = (end_day - first_month).days + 1
    day_w = np.ones(span)
    days_idx = np.arange(span)
    dates_all = pd.Timestamp(first_month) + pd.to_timedelta(days_idx, unit="D")
    day_w *= 1 + 0.35 * days_idx / span
    day_w *= np.where(np.isin(dates_all.month, [3, 4, 9, 10]), 1.35, 1.0)
    day_w *= np.where(dates_all.dayofweek >= 5, 0.35, 1.0)
    found = dates_all[rng.choice(span, size=n, p=day_w / day_w.sum())]

    town_w = rng.uniform(0.4, 1.6, len(TOWNS))
    town_idx = rng.choice(len(TOWNS), size=n, p=town_w / town_w.sum())
    sector_idx = rng.choice(len(SECTORS), size=n, p=np.array(SECTOR_WEIGHTS) / sum(SECTOR_WEIGHTS))
    towns = np.array(TOWNS)[town_idx]
    sectors = np.array(SECTORS)[sector_idx]
    major = rng.random(n) < np.where(np.isin(sectors, ["hazchem", "mining", "gas"]), 0.14, 0.06)
    level = np.where(major, "major", "general")

    # deadline: 7-30 days for general, 30-90 for major
    dl_days = np.where(major, rng.integers(30, 91, n), rng.integers(7, 31, n))
    deadline = found + pd.to_timedelta(dl_days, unit="D")
    # time to rectify: lognormal around the deadline; towns differ in discipline
    town_slack = rng.uniform(0.6, 1.5, len(TOWNS))[town_idx]
    ttr = np.maximum(0, rng.lognormal(np.log(dl_days * 0.7 * town_slack), 0.7)).astype(int)
    rect_date = found + pd.to_timedelta(ttr, unit="D")
    never = rng.random(n) < 0.03
    as_of_data = pd.Timestamp(end_day)
    rectified = (rect_date <= as_of_data) & ~never
    status = np.where(rectified, "rectified", "open")

    dept = np.array([DEPARTMENT_OF[s] for s in SECTORS], dtype=object)[sector_idx]
    method = np.array(METHODS)[rng.choice(len(METHODS), size=n)]
    # descriptions: pick from the sector's problem list
    desc = np.empty(n, dtype=object)
    for si, s in enumerate(SECTORS):
        mask = sector_idx == si
        probs = PROBLEMS[s]
        w = 1.0 / np.arange(1, len(probs) + 1)
        desc[mask] = np.array(probs, dtype=object)[rng.choice(len(probs), size=mask.sum(), p=w / w.sum())]
    entity_no = rng.integers(1, 400, n)
    entity = pd.Series(towns).str.cat(pd.Series(entity_no).astype(str).str.zfill(3), sep="某单位").to_numpy()

    keys = pd.Series(np.arange(1, n + 1)).map("HZ{:08d}".format).to_numpy()
    found_m = found.to_period("M")
    rect_m = pd.DatetimeIndex(rect_date).to_period("M")
    last_p = pd.Period(last_month, "M")
    first_p = pd.Period(first_month, "M")
    f_ord = np.asarray(_period_ord(found_m, first_p))
    r_ord = np.where(rectified, np.asarray(_period_ord(rect_m, first_p)), _period_ord_one(last_p, first_p))
    r_ord = np.minimum(r_ord, months - 1)
    n_obs = (r_ord - f_ord + 1) if with_observations else np.ones(n, dtype=int)
    n_obs = np.maximum(n_obs, 1)

    # uploads: one per (town, report month)
    up_town = np.repeat(np.arange(len(TOWNS)), months)
    up_month = np.tile(np.arange(months), len(TOWNS))
    up_id = np.arange(1, len(up_town) + 1)
    month_dates = [add_months(first_month, k) for k in range(months)]

    def upload_of(t_idx: np.ndarray, m_ord: np.ndarray) -> np.ndarray:
        return t_idx * months + m_ord + 1

    cur_month_ord = f_ord + n_obs - 1
    current = pd.DataFrame(
        {
            "hazard_key": keys,
            "source_hazard_id": keys,
            "town": towns,
            "sector": sectors,
            "sector_raw": np.where(sectors == "other", "农村自建房", None),
            "department": dept,
            "entity_name": entity,
            "description": desc,
            "level": level,
            "found_date": found.date,
            "deadline": pd.DatetimeIndex(deadline).date,
            "status": status,
            "rectified_date": np.where(rectified, pd.DatetimeIndex(rect_date).date, None),
            "inspection_method": method,
            "report_month": np.array(month_dates, dtype=object)[cur_month_ord],
            "source_file": None,
            "source_sheet": "隐患台账",
            "source_row": None,
            "upload_id": upload_of(town_idx, cur_month_ord),
        }
    )
    current["source_file"] = [
        f"{t}{m.year}年{m.month}月隐患台账.xlsx" for t, m in zip(current["town"], current["report_month"], strict=True)
    ]
    current["source_row"] = (np.arange(n) % 500) + 4

    # observations: explode each hazard over its report months
    rep = np.repeat(np.arange(n), n_obs)
    step = np.arange(len(rep)) - np.repeat(np.cumsum(n_obs) - n_obs, n_obs)
    obs_m = f_ord[rep] + step
    is_last = step == (n_obs[rep] - 1)
    obs = pd.DataFrame(
        {
            "upload_id": upload_of(town_idx[rep], obs_m),
            "obs_seq": (np.arange(len(rep)) % 100000) + 1,
            "hazard_key": keys[rep],
            "source_hazard_id": keys[rep],
            "town": towns[rep],
            "sector": sectors[rep],
            "sector_raw": current["sector_raw"].to_numpy()[rep],
            "department": dept[rep],
            "entity_name": entity[rep],
            "description": desc[rep],
            "level": level[rep],
            "found_date": current["found_date"].to_numpy()[rep],
            "deadline": current["deadline"].to_numpy()[rep],
            "status": np.where(is_last, status[rep], "open"),
            "rectified_date": np.where(is_last, current["rectified_date"].to_numpy()[rep], None),
            "inspection_method": method[rep],
            "report_month": np.array(month_dates, dtype=object)[obs_m],
            "source_file": None,
            "source_sheet": "隐患台账",
            "source_row": current["source_row"].to_numpy()[rep],
        }
    )
    obs["source_file"] = [
        f"{TOWNS[t]}{month_dates[m].year}年{month_dates[m].month}月隐患台账.xlsx"
        for t, m in zip(town_idx[rep], obs_m, strict=True)
    ]
    counts = pd.Series(obs["upload_id"]).value_counts()
    uploads = pd.DataFrame(
        {
            "upload_id": up_id,
            "file_name": [
                f"{TOWNS[t]}{month_dates[m].year}年{month_dates[m].month}月隐患台账.xlsx"
                for t, m in zip(up_town, up_month, strict=True)
            ],
            "sha256": [f"{seed:04d}{u:012d}" for u in up_id],
            "kind": "hazard",
            "report_month": [month_dates[m] for m in up_month],
            "loaded_at": [
                dt.datetime.combine(add_months(month_dates[m], 1), dt.time(9, 0))
                + dt.timedelta(days=int(t % 5), minutes=int(t))
                for t, m in zip(up_town, up_month, strict=True)
            ],
            "rows": counts.reindex(up_id, fill_value=0).to_numpy(),
        }
    )
    uploads = uploads[uploads["rows"] > 0]

    with db.writer(path) as con:
        con.execute("BEGIN TRANSACTION")
        con.register("up_df", uploads)
        con.execute(
            "INSERT INTO upload_log (upload_id, file_name, sha256, kind, report_month, loaded_at, rows_read,"
            " rows_loaded, rows_rejected, rows_skipped, status, towns)"
            " SELECT upload_id, file_name, sha256, kind, report_month, loaded_at, rows, rows, 0, 0, 'live', NULL"
            " FROM up_df"
        )
        con.register("obs_df", obs[OBS_COLUMNS])
        con.execute("INSERT INTO hazard_obs BY NAME SELECT * FROM obs_df")
        cur_cols = [c for c in OBS_COLUMNS if c != "obs_seq"]
        con.register("cur_df", current[cur_cols])
        con.execute("INSERT INTO hazard_current BY NAME SELECT * FROM cur_df")
        for name in ("up_df", "obs_df", "cur_df"):
            con.unregister(name)
        _bump(con)
        con.execute("COMMIT")
    return path


def _period_ord(p: pd.PeriodIndex, first: pd.Period) -> np.ndarray:
    return np.asarray((p.year - first.year) * 12 + (p.month - first.month))


def _period_ord_one(p: pd.Period, first: pd.Period) -> int:
    return (p.year - first.year) * 12 + (p.month - first.month)


if __name__ == "__main__":  # python -m etl.demo.synthetic PATH [N]: a throwaway warehouse of N random hazards
    import sys

    if len(sys.argv) < 2:
        sys.exit("usage: python -m etl.demo.synthetic PATH [N]")
    target = Path(sys.argv[1])
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
    for suffix in ("", ".snapshot", ".published", ".lock", ".wal"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    build_random(target, size, seed=7)
    print(f"built {target} with {size} hazards")


# ---------------------------------------------------------------- large ledgers

LEDGER_SECTORS = ["学校", "消防", "道路交通", "建筑施工", "危化品", "燃气", "工贸", "电梯", "非煤矿山", "渔船", "景区", "其他"]
LEDGER_TOWNS = ["城关镇", "河西街道", "南山乡", "东湖街道", "北岗镇", "清溪镇"]
LEDGER_HEADER = ["序号", "隐患编号", "所属街镇", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改期限",
          "整改状态", "整改完成日期", "责任部门"]


def may_ledger(rows: int = 2500, seed: int = 5) -> bytes:
    from openpyxl import Workbook

    rnd = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("2025年5月")
    ws.append(["安宁县2025年5月安全生产隐患排查整改台账"])
    ws.append(["填报单位：安宁县应急管理局　　填报日期：2025年6月2日"])
    ws.append(LEDGER_HEADER)
    for i in range(rows):
        found = dt.datetime(2025, 5, 1) + dt.timedelta(days=rnd.randrange(31))
        done = rnd.random() < 0.6
        bad = i % 397 == 5
        ws.append([
            i + 1, f"CR-{i:06d}", rnd.choice(LEDGER_TOWNS), rnd.choice(LEDGER_SECTORS), f"单位{rnd.randrange(3000)}",
            f"隐患描述{rnd.randrange(300)}", "重大" if rnd.random() < 0.07 else "一般", "待定" if bad else found,
            found + dt.timedelta(days=20), "已整改" if done else "整改中",
            found + dt.timedelta(days=rnd.randrange(20)) if done else None, f"县部门{rnd.randrange(8)}",
        ])
    ws.append(["合计", "", "", "", f"共{rows}项"])
    ws.append(["填表人：王某", "", "审核人：李某"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def june_followup(rows: int = 1000, seed: int = 6) -> bytes:
    import csv

    rnd = random.Random(seed)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["安宁县2025年6月安全生产隐患排查整改台账"])
    w.writerow(LEDGER_HEADER)
    for i in range(rows):
        found = dt.date(2025, 5, 1) + dt.timedelta(days=i % 31)
        w.writerow([i + 1, f"CR-{i:06d}", LEDGER_TOWNS[i % len(LEDGER_TOWNS)], LEDGER_SECTORS[i % len(LEDGER_SECTORS)], f"单位{i}",
                    f"隐患描述{i % 300}", "一般", found.isoformat(), (found + dt.timedelta(days=40)).isoformat(),
                    "已整改" if rnd.random() < 0.8 else "整改中", "2025-06-15" if i % 2 else ""])
    return buf.getvalue().encode("gb18030")
