"""Loader throughput on a generated 100k-row ledger (issue 2). Prints; never asserts.

    .venv/bin/python bench/bench_loader.py [--rows 100000] [--repeat 2] [--no-naive]

Three figures on the same file, each in a fresh subprocess so peak memory is its own:
  raw parse   python-calamine reading the sheet into Python lists in one call (the loader's ratio;
              the loader parses a large sheet as two halves on two cores, etl/ingest/halves.py)
  loader      etl.store.writes.ingest: parse + header detection + normalisation + DuckDB load
  naive       pandas.read_excel(engine="openpyxl") + insert into DuckDB (the baseline)

The raw and loader children import what they need before the timer starts (naive: inside it).
The cold figures are a new process's first read (and, for the loader, a new warehouse: every
migration runs). The warm figures
(raw-warm, loader-warm) are what a running server sees: the same child first reads a 200-row
ledger of the same county (the loader loads it into a warehouse of its own) and the loader's
warehouse already exists, empty; then the 100k-row file is timed exactly as in the cold run.

Then the loader's stages (etl.stages) of its fastest cold run, each as seconds and as a share of
the raw parse measured in the same run; CPU seconds and the load average show how busy the
machine was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECTORS = ["学校", "消防", "道路交通", "建筑施工", "危化品", "燃气", "工贸", "电梯", "非煤矿山", "渔船", "景区", "其他"]
TOWNS = [f"{n}镇" for n in ("城关", "河西", "北坪", "南山", "东湖", "西岭", "青石", "白沙", "红岩", "金川", "柳溪", "石门")]


def make_ledger(path: Path, rows: int, seed: int = 7) -> None:
    from openpyxl import Workbook

    rnd = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("2025年5月")
    ws.append(["安宁县2025年5月安全生产隐患排查整改台账"])
    ws.append(["填报单位：安宁县应急管理局　　填报日期：2025年6月2日"])
    ws.append(["序号", "隐患编号", "所属街镇", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改期限",
               "整改状态", "整改完成日期", "责任部门"])
    start = dt.date(2024, 6, 1)
    for i in range(rows):
        found = start + dt.timedelta(days=rnd.randrange(365))
        done = rnd.random() < 0.7
        ws.append([
            i + 1, f"AN-{i:07d}", rnd.choice(TOWNS), rnd.choice(SECTORS), f"单位{rnd.randrange(20000)}",
            f"隐患描述{rnd.randrange(500)}", "重大" if rnd.random() < 0.07 else "一般", found,
            found + dt.timedelta(days=30), "已整改" if done else "整改中",
            found + dt.timedelta(days=rnd.randrange(40)) if done else None, f"县部门{rnd.randrange(12)}",
        ])
    ws.append(["合计", "", "", "", f"共{rows}项"])
    wb.save(path)


CHILD = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
mode, path, db, warmup = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
mode, warm = mode.removesuffix("-warm"), mode.endswith("-warm")
seconds, cpu_stages = {{}}, {{}}
if mode == "loader":
    from etl import stages
    from etl.store import db as dbmod
    from etl.store.writes import ingest
    if warm:
        ingest(warmup, db=db.with_name("warmup-" + db.name))
        dbmod.ensure_ready(db)
elif mode == "raw":
    import python_calamine as pc
    if warm:
        pc.CalamineWorkbook.from_path(str(warmup)).get_sheet_by_index(0).to_python(skip_empty_area=False)
t0, c0 = time.perf_counter(), time.process_time()
if mode == "raw":
    import python_calamine as pc
    wb = pc.CalamineWorkbook.from_path(str(path))
    rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
    n = len(rows)
elif mode == "loader":
    with stages.collect() as seconds:
        rep = ingest(path, db=db)
    cpu_stages = seconds.cpu
    n = rep.analysis.rows_loaded
elif mode == "naive":
    import duckdb, pandas as pd
    df = pd.read_excel(path, engine="openpyxl", header=2)
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE t AS SELECT * FROM df")
    con.close()
    n = len(df)
elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({{"rows": n, "seconds": elapsed, "cpu": cpu, "stages": seconds, "cpu_stages": cpu_stages,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run(mode: str, path: Path, tmp: Path) -> dict:
    db = tmp / f"{mode}.duckdb"
    for p in [*tmp.glob(f"{mode}.duckdb*"), *tmp.glob(f"warmup-{mode}.duckdb*")]:
        p.unlink()
    shutil.rmtree(tmp / "archive", ignore_errors=True)
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT)), mode, str(path), str(db),
                          str(tmp / "warmup.xlsx")], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--no-naive", action="store_true", help="skip the slow pandas baseline (while iterating)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        path = tmp / "ledger_100k.xlsx"
        t = time.perf_counter()
        make_ledger(path, args.rows)
        make_ledger(tmp / "warmup.xlsx", 200, seed=11)
        print(f"generated {args.rows} rows ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
        results = {}
        modes = ["raw", "loader", "raw-warm", "loader-warm"] + ([] if args.no_naive else ["naive"])
        for mode in modes:
            runs = [run(mode, path, tmp) for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["seconds"])
            best["peak_mb"] = max(r["peak_mb"] for r in runs)
            results[mode] = best
        raw = results["raw"]["seconds"]
        raw_cpu = results["raw"]["cpu"]
        print(f"{'step':<12} {'rows':>8} {'seconds':>8} {'rows/s':>9} {'× raw':>6} {'cpu s':>6} {'cpu × raw':>9} "
              f"{'rows/cpu s':>10} {'peak MB':>8}")
        for mode, r in results.items():
            # a warm step against the warm raw parse, a cold one against the cold raw parse
            base = results["raw-warm"] if mode.endswith("-warm") else results["raw"]
            print(f"{mode:<12} {r['rows']:>8} {r['seconds']:>8.2f} {r['rows'] / r['seconds']:>9.0f} "
                  f"{r['seconds'] / base['seconds']:>6.2f} {r['cpu']:>6.2f} {r['cpu'] / base['cpu']:>9.2f} "
                  f"{r['rows'] / r['cpu']:>10.0f} {r['peak_mb']:>8.0f}")
        if "naive" in results:
            print(f"loader vs naive baseline: {results['naive']['seconds'] / results['loader']['seconds']:.1f}× faster")
        print_stages(results["loader"], raw, raw_cpu)
        print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}")


def print_stages(loader: dict, raw: float, raw_cpu: float) -> None:
    """The loader's stages in the order they ran, in wall-clock and CPU seconds (the CPU figures
    hold on a busy machine); "between stages" is the glue none of them timed."""
    wall, cpu = dict(loader["stages"]), dict(loader["cpu_stages"])
    wall["between stages"] = max(0.0, loader["seconds"] - sum(wall.values()))
    cpu["between stages"] = max(0.0, loader["cpu"] - sum(cpu.values()))
    print(f"\nloader stages (fastest run; × raw = stage seconds ÷ the raw parse's {raw:.2f} s, "
          f"cpu × raw = stage CPU ÷ the raw parse's {raw_cpu:.2f} CPU s)")
    print(f"{'stage':<16} {'seconds':>8} {'× raw':>6} {'share':>6} {'cpu s':>6} {'cpu × raw':>9}")
    for name, s in wall.items():
        c = cpu.get(name, 0.0)
        print(f"{name:<16} {s:>8.2f} {s / raw:>6.2f} {s / loader['seconds']:>6.0%} {c:>6.2f} {c / raw_cpu:>9.2f}")


if __name__ == "__main__":
    main()
