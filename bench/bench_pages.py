"""Benchmark of the leaders' pages (issue 4): every query behind overview / trends /
rectification / explorer at 1M and 10M generated hazards, beside a pandas baseline.

What it does, per size (``--sizes 1m,10m``, default both):

1. Warehouse: ``bench/out/pages_<size>.duckdb`` (gitignored), generated when missing (or
   built by another generator version) entirely in DuckDB SQL (setseed/random, no Python
   loops; etl/demo/synthetic.build_random is too slow at 10M): 12 towns, 12 sectors,
   ~7 % major, 24 months ending last month, each hazard re-reported every month while open
   (hazard_obs), one live upload per town and month (upload_log), sha1 hazard keys like the
   loader's, rows appended in upload order like real loads. Written through
   ``etl.store.db.writer`` (migrations, snapshot published); read through ``etl.store.db.open_reader``.
2. Calls: the (query name, params) each page makes, recorded once by running the real app
   under ``streamlit.testing.v1.AppTest`` (default filters: whole period, as-of today) with
   ``etl.read.queries.run`` instrumented; cached in ``bench/out/page_calls.json``. The explorer's
   detail/history queries (run when a row is clicked) are added for the first listed row.
3. Timing: each call replayed on a read-only snapshot connection (a fresh cursor per call,
   as the app does), median of 5 after one warm-up; page total = sum of its medians.
   The shell's status_overview + filter_options (run by dashboard.py, cached afterwards)
   are shown as their own line, not in the page totals.
4. Baseline: the hazards table loaded fully into a pandas DataFrame (load time reported
   separately), then the page's main figures computed from it (listed in the output), one
   scope per distinct filter set per page (pandas' best natural shape); median of 3.
5. Memory (largest size only): RSS of a fresh process that opened the warehouse read-only
   and ran every page's queries once; with ``--server`` (default on) also the RSS of a real
   ``streamlit run dashboard.py`` after one Chromium (Playwright) visit of each page.

Prints only, never asserts; the load average is printed with the figures (shared machine).

    .venv/bin/python -m bench.bench_pages [--sizes 1m,10m] [--no-server] [--rerecord]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.pages_baseline import PANDAS, PANDAS_RUNS, check_pandas, label, load_frame, time_pandas  # noqa: E402
from etl.demo import synthetic as wf  # noqa: E402
from etl.read import queries  # noqa: E402
from etl.store import db  # noqa: E402

OUT = ROOT / "bench" / "out"
CALLS_FILE = OUT / "page_calls.json"
GENERATOR = "pages-v1"
SEED = 0.4242
MONTHS = 24
RUNS = 5
SIZES = {"1m": 1_000_000, "10m": 10_000_000}
PAGES = ["overview", "trends", "rectification", "explorer"]
SHELL = "shell"
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


def loadavg() -> str:
    a, b, c = os.getloadavg()
    return f"load average {a:.2f} {b:.2f} {c:.2f} ({os.cpu_count()} CPUs)"


# ---- warehouse generator (DuckDB SQL only) ---------------------------------------------------


def _weighted_slots(weights: list[float], slots: int = 1000) -> list[int]:
    """A list of `slots` 1-based indexes, each index repeated in proportion to its weight, so
    that ``list[floor(random() * slots) + 1]`` is a weighted draw inside SQL."""
    w = np.asarray(weights, dtype=float)
    counts = np.floor(w / w.sum() * slots).astype(int)
    counts[np.argmax(w)] += slots - counts.sum()
    return [i + 1 for i, c in enumerate(counts) for _ in range(c)]


def warehouse_path(size: str) -> Path:
    return OUT / f"pages_{size}.duckdb"


def _marker(n: int) -> str:
    return f"{GENERATOR} n={n} seed={SEED}"


def warehouse_ready(path: Path, n: int) -> bool:
    if not (path.exists() and db.snapshot_path(path).exists()):
        return False
    try:
        con = db.open_reader(path)
    except Exception:
        return False
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'bench_generator'").fetchone()
        return bool(row) and row[0] == _marker(n)
    except Exception:
        return False
    finally:
        con.close()


def generate(path: Path, n: int) -> float:
    """Write `n` random hazards (current rows, monthly observations, uploads); return seconds."""
    t0 = time.perf_counter()
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    rng = np.random.default_rng(7)
    town_slack = [round(float(x), 3) for x in rng.uniform(0.6, 1.5, len(wf.TOWNS))]
    town_slots = _weighted_slots(list(rng.uniform(0.4, 1.6, len(wf.TOWNS))))
    sector_slots = _weighted_slots(wf.SECTOR_WEIGHTS)
    # descriptions: 100 slots per sector, Zipf-weighted over that sector's problem list
    desc_slots: list[str] = []
    for s in wf.SECTORS:
        probs = wf.PROBLEMS[s]
        desc_slots += [probs[i - 1] for i in _weighted_slots([1 / k for k in range(1, len(probs) + 1)], 100)]
    depts = [wf.DEPARTMENT_OF[s] for s in wf.SECTORS]
    last_month = wf.add_months(wf.month_start(dt.date.today()), -1)
    first_month = wf.add_months(last_month, -(MONTHS - 1))
    end_day = wf.add_months(last_month, 1) - dt.timedelta(days=1)
    span = (end_day - first_month).days + 1
    a = 0.35  # volume grows ~35 % over the period: density (1 + a x) on [0, 1]
    p = {
        "n": n, "span": span, "a": a, "first": first_month, "end_day": end_day, "months": MONTHS,
        "towns": wf.TOWNS, "town_slots": town_slots, "slack": town_slack,
        "sectors": wf.SECTORS, "sector_slots": sector_slots, "depts": depts,
        "descs": desc_slots, "methods": wf.METHODS,
    }  # fmt: skip
    with db.writer(path) as con:
        con.execute("SET preserve_insertion_order = true")
        con.execute("SELECT setseed(?)", [SEED])
        # g: one row per hazard, numbers only (strings are looked up at insert time)
        con.execute(
            """
            CREATE TEMP TABLE g AS
            WITH r AS (
                SELECT i,
                       CAST(floor($span * (sqrt(1 + $a * (2 + $a) * random()) - 1) / $a) AS INTEGER) AS d0,
                       ($town_slots::INTEGER[])[CAST(floor(random() * 1000) AS INTEGER) + 1] AS ti,
                       ($sector_slots::INTEGER[])[CAST(floor(random() * 1000) AS INTEGER) + 1] AS si,
                       random() AS u_major, random() AS u_dl, random() AS u1, random() AS u2,
                       random() AS u_never, random() AS u_wknd,
                       CAST(floor(random() * 100) AS INTEGER) AS desc_slot,
                       CAST(floor(random() * 399) AS INTEGER) + 1 AS entity_no,
                       CAST(floor(random() * 9) AS INTEGER) + 1 AS mi
                FROM range($n) t(i)
            ), d AS (
                SELECT *, CAST($first AS DATE) + least(d0, $span - 1) AS fd0 FROM r
            ), f AS (
                SELECT *,
                       -- weekends are quieter: 65 % of weekend finds move to the Friday before
                       CASE WHEN dayofweek(fd0) IN (0, 6) AND u_wknd < 0.65
                            THEN fd0 - CAST(CASE dayofweek(fd0) WHEN 6 THEN 1 ELSE 2 END AS INTEGER)
                            ELSE fd0 END AS fd1,
                       u_major < CASE WHEN si IN (5, 6, 9) THEN 0.14 ELSE 0.06 END AS major
                FROM d
            ), h AS (
                SELECT *, greatest(fd1, CAST($first AS DATE)) AS found_date,
                       CASE WHEN major THEN 30 + CAST(floor(u_dl * 61) AS INTEGER)
                            ELSE 7 + CAST(floor(u_dl * 24) AS INTEGER) END AS dl_days
                FROM f
            ), t AS (
                SELECT *,
                       -- time to rectify: lognormal around 70 % of the deadline, towns differ
                       CAST(floor(greatest(0, exp(ln(dl_days * 0.7 * ($slack::DOUBLE[])[ti])
                            + 0.7 * sqrt(-2 * ln(greatest(u1, 1e-12))) * cos(2 * pi() * u2)))) AS INTEGER) AS ttr
                FROM h
            )
            SELECT i, ti, si, major, found_date, found_date + dl_days AS deadline,
                   found_date + ttr AS rect_date,
                   (found_date + ttr <= CAST($end_day AS DATE) AND u_never >= 0.03) AS rectified,
                   desc_slot, entity_no, mi,
                   date_diff('month', CAST($first AS DATE), found_date) AS f_ord,
                   least(CASE WHEN found_date + ttr <= CAST($end_day AS DATE) AND u_never >= 0.03
                              THEN date_diff('month', CAST($first AS DATE), found_date + ttr)
                              ELSE $months - 1 END, $months - 1) AS r_ord
            FROM t
            """,
            {k: p[k] for k in ("n", "span", "a", "first", "end_day", "months", "town_slots", "sector_slots", "slack")},
        )
        con.execute("BEGIN TRANSACTION")
        # one live upload per (town, month) that has rows
        con.execute(
            """
            INSERT INTO upload_log (upload_id, file_name, sha256, kind, report_month, loaded_at, rows_read,
                                    rows_loaded, rows_rejected, rows_skipped, status, towns)
            WITH c AS (
                SELECT ti, m, count(*) AS rows
                FROM (SELECT ti, unnest(range(f_ord, r_ord + 1)) AS m FROM g) GROUP BY ALL
            )
            SELECT (ti - 1) * $months + m + 1,
                   ($towns::VARCHAR[])[ti] || year(rm) || '年' || month(rm) || '月隐患台账.xlsx',
                   substr(sha256('bench' || ti || '-' || m), 1, 64), 'hazard', rm,
                   CAST(rm + INTERVAL 1 MONTH + INTERVAL 9 HOUR AS TIMESTAMP)
                       + to_days(CAST(ti % 5 AS INTEGER)) + to_minutes(CAST(ti AS BIGINT)),
                   rows, rows, 0, 0, 'live', [($towns::VARCHAR[])[ti]]
            FROM (SELECT *, CAST(CAST($first AS DATE) + to_months(CAST(m AS INTEGER)) AS DATE) AS rm FROM c)
            ORDER BY m, ti
            """,
            {"months": MONTHS, "towns": wf.TOWNS, "first": first_month},
        )
        # strings of a hazard, shared by its observations and its current row
        cols = """
            substr(sha1('bench-hz-' || g.i), 1, 20) AS hazard_key,
            'YH' || lpad(CAST(g.i + 1 AS VARCHAR), 8, '0') AS source_hazard_id,
            ($towns::VARCHAR[])[g.ti] AS town,
            ($sectors::VARCHAR[])[g.si] AS sector,
            CASE WHEN g.si = 12 THEN '农村自建房' END AS sector_raw,
            ($depts::VARCHAR[])[g.si] AS department,
            ($towns::VARCHAR[])[g.ti] || '某单位' || lpad(CAST(g.entity_no AS VARCHAR), 3, '0') AS entity_name,
            ($descs::VARCHAR[])[(g.si - 1) * 100 + g.desc_slot + 1] AS description,
            CASE WHEN g.major THEN 'major' ELSE 'general' END AS level,
            g.found_date, g.deadline"""
        common = {k: p[k] for k in ("towns", "sectors", "depts", "descs")}
        # observations, month by month (append order of real loads: one upload after another)
        for m in range(MONTHS):
            con.execute(
                f"""
                INSERT INTO hazard_obs BY NAME
                SELECT (g.ti - 1) * $months + $m + 1 AS upload_id, CAST(g.i + 1 AS INTEGER) AS obs_seq,
                       {cols},
                       CASE WHEN $m = g.r_ord AND g.rectified THEN 'rectified' ELSE 'open' END AS status,
                       CASE WHEN $m = g.r_ord AND g.rectified THEN g.rect_date END AS rectified_date,
                       ($methods::VARCHAR[])[g.mi] AS inspection_method,
                       CAST(CAST($first AS DATE) + to_months($m) AS DATE) AS report_month,
                       ($towns::VARCHAR[])[g.ti] || year(report_month) || '年' || month(report_month)
                           || '月隐患台账.xlsx' AS source_file,
                       '隐患台账' AS source_sheet, CAST(g.i % 500 + 4 AS INTEGER) AS source_row
                FROM g WHERE g.f_ord <= $m AND $m <= g.r_ord
                ORDER BY g.ti, g.i
                """,
                {**common, "months": MONTHS, "m": m, "first": first_month, "methods": wf.METHODS},
            )
        # current rows: the last observation of each hazard, appended in the order of that upload
        con.execute(
            f"""
            INSERT INTO hazard_current BY NAME
            SELECT (g.ti - 1) * $months + g.r_ord + 1 AS upload_id, {cols},
                   CASE WHEN g.rectified THEN 'rectified' ELSE 'open' END AS status,
                   CASE WHEN g.rectified THEN g.rect_date END AS rectified_date,
                   ($methods::VARCHAR[])[g.mi] AS inspection_method,
                   CAST(CAST($first AS DATE) + to_months(CAST(g.r_ord AS INTEGER)) AS DATE) AS report_month,
                   ($towns::VARCHAR[])[g.ti] || year(report_month) || '年' || month(report_month)
                       || '月隐患台账.xlsx' AS source_file,
                   '隐患台账' AS source_sheet, CAST(g.i % 500 + 4 AS INTEGER) AS source_row
            FROM g ORDER BY g.r_ord, g.ti, g.i
            """,
            {**common, "months": MONTHS, "first": first_month, "methods": wf.METHODS},
        )
        db.bump_data_version(con)
        con.execute("DELETE FROM meta WHERE key = 'bench_generator'")
        con.execute("INSERT INTO meta VALUES ('bench_generator', ?)", [_marker(n)])
        con.execute("COMMIT")
        con.execute("DROP TABLE g")
    return time.perf_counter() - t0


# ---- the calls each page makes (recorded through AppTest) -----------------------------------


def _enc(v: Any) -> Any:
    if isinstance(v, dt.date):
        return {"__date__": v.isoformat()}
    if isinstance(v, list | tuple):
        return [_enc(x) for x in v]
    return v


def _dec(v: Any) -> Any:
    if isinstance(v, dict) and "__date__" in v:
        return dt.date.fromisoformat(v["__date__"])
    if isinstance(v, list):
        return [_dec(x) for x in v]
    return v


def record_calls(path: Path) -> dict[str, list[tuple[str, dict]]]:
    """Run the app once per page under AppTest (caches cleared before each page, so every
    call a page makes reaches DuckDB) and return {page: [(name, params), ...]}."""
    os.environ[db.ENV_VAR] = str(path)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    seen: list[tuple[str, dict]] = []
    real_run = queries.run

    def recording_run(con, name, **params):
        seen.append((name, dict(params)))
        return real_run(con, name, **params)

    queries.run = recording_run
    calls: dict[str, list[tuple[str, dict]]] = {SHELL: []}
    try:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        for i, page in enumerate(PAGES):
            st.cache_data.clear()
            seen.clear()
            (at.run() if i == 0 else at.switch_page(f"pages/{page}.py").run())
            if at.exception or at.error:
                raise RuntimeError(f"{page}: {[e.value for e in at.exception]} {[e.value for e in at.error]}")
            own = [(n, p) for n, p in seen if n not in ("status_overview", "filter_options")]
            calls[page] = own
            if not calls[SHELL]:
                calls[SHELL] = [(n, p) for n, p in seen if n in ("status_overview", "filter_options")]
    finally:
        queries.run = real_run
    return calls


def load_calls(record_on: Path, rerecord: bool) -> dict[str, list[tuple[str, dict]]]:
    stale = True
    if CALLS_FILE.exists():  # the calls hold today's as-of date and the data's period: one day's worth
        with contextlib.suppress(ValueError, KeyError):
            stale = json.loads(CALLS_FILE.read_text())["recorded_day"] != dt.date.today().isoformat()
    if rerecord or stale:
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "bench.bench_pages", "--record", str(record_on)],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if out.returncode != 0:
            raise SystemExit(f"recording the page calls failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
        print(f"recorded the page calls with AppTest in {time.perf_counter() - t0:.0f} s -> {CALLS_FILE.name}")
    raw = json.loads(CALLS_FILE.read_text())
    return {page: [(n, {k: _dec(v) for k, v in p.items()}) for n, p in lst] for page, lst in raw["calls"].items()}


def with_row_click(con, calls: dict[str, list[tuple[str, dict]]]) -> dict[str, list[tuple[str, dict]]]:
    """Add the explorer's detail + history queries (a row clicked) for the first listed row."""
    out = {k: list(v) for k, v in calls.items()}
    listing = [p for n, p in out["explorer"] if n == "hazard_list"]
    if listing:
        rows = queries.run(con.cursor(), "hazard_list", **listing[0])
        if not rows.empty:
            key = str(rows.iloc[0]["hazard_key"])
            out["explorer"] += [("hazard_detail", {"hazard_key": key}), ("hazard_history", {"hazard_key": key})]
    return out


# ---- timing ------------------------------------------------------------------------------------


def time_calls(con, calls: list[tuple[str, dict]], runs: int = RUNS) -> tuple[list[float], list[float]]:
    """Per-call median wall seconds and median CPU seconds (all threads of this process: DuckDB
    runs in-process, so CPU time is what the query costs whatever else the machine runs):
    one warm-up round, then `runs` rounds of the page's calls."""
    for name, params in calls:
        queries.run(con.cursor(), name, **params)
    wall: list[list[float]] = [[] for _ in calls]
    cpu: list[list[float]] = [[] for _ in calls]
    for _ in range(runs):
        for i, (name, params) in enumerate(calls):
            c0, t0 = time.process_time(), time.perf_counter()
            queries.run(con.cursor(), name, **params)
            wall[i].append(time.perf_counter() - t0)
            cpu[i].append(time.process_time() - c0)
    return [statistics.median(s) for s in wall], [statistics.median(s) for s in cpu]


# ---- memory ------------------------------------------------------------------------------------


def child_rss(path: Path) -> dict:
    """In a fresh process: open the warehouse read-only, run every page's calls once, report RSS."""
    import psutil

    proc = psutil.Process()
    base = proc.memory_info().rss
    con = db.open_reader(path)
    opened = proc.memory_info().rss
    calls = with_row_click(con, load_calls(path, rerecord=False))
    for page in [SHELL, *PAGES]:
        for name, params in calls[page]:
            queries.run(con.cursor(), name, **params)
    # VmHWM is this process's own high-water mark (ru_maxrss would include the parent's, as the
    # kernel carries it across fork + exec)
    status = Path("/proc/self/status").read_text()
    hwm = next((int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0)
    return {"python": base, "opened": opened, "after": proc.memory_info().rss, "peak": hwm}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_rss(path: Path) -> dict:
    """A real `streamlit run dashboard.py` on `path`; one Chromium visit of each page; RSS."""
    import psutil
    from playwright.sync_api import sync_playwright

    port = _free_port()
    env = {**os.environ, db.ENV_VAR: str(path), "PYTHONPATH": str(ROOT)}
    log = open(OUT / "server.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    out: dict[str, Any] = {"visits": {}}
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {OUT / 'server.log'}")
            time.sleep(0.3)
        ps = psutil.Process(proc.pid)
        out["idle"] = ps.memory_info().rss
        idle_sel = "[data-testid='stApp'][data-test-script-state='notRunning']"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
            pg = ctx.new_page()
            for page in PAGES:
                t0 = time.perf_counter()
                pg.goto(f"{url}/{'' if page == 'overview' else page}")
                pg.wait_for_selector(idle_sel, state="attached", timeout=180_000)
                pg.wait_for_selector(".js-plotly-plot" if page != "explorer" else "[data-testid='stDataFrame']",
                                     timeout=180_000)  # fmt: skip
                pg.wait_for_timeout(700)
                pg.wait_for_selector(idle_sel, state="attached", timeout=180_000)
                errors = pg.locator("[data-testid='stAlertContentError']").count()
                out["visits"][page] = (time.perf_counter() - t0, errors)
            ctx.close()
            browser.close()
        out["after"] = ps.memory_info().rss
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    return out


# ---- main --------------------------------------------------------------------------------------


def mb(x: float) -> str:
    return f"{x / 2**20:,.0f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1m,10m", help="comma list of 1m, 10m (default both)")
    ap.add_argument("--no-server", action="store_true", help="skip the streamlit + Chromium memory figure")
    ap.add_argument("--no-pandas", action="store_true", help="skip the pandas baseline")
    ap.add_argument("--rerecord", action="store_true", help="record the page calls again with AppTest")
    ap.add_argument("--record", metavar="PATH", help=argparse.SUPPRESS)
    ap.add_argument("--child-rss", metavar="PATH", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.record:
        calls = record_calls(Path(args.record))
        enc = {page: [(n, {k: _enc(v) for k, v in p.items()}) for n, p in lst] for page, lst in calls.items()}
        CALLS_FILE.write_text(
            json.dumps(
                {"recorded_on": args.record, "recorded_day": dt.date.today().isoformat(), "calls": enc},
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    if args.child_rss:
        print(json.dumps(child_rss(Path(args.child_rss))))
        return

    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    for s in sizes:
        if s not in SIZES:
            raise SystemExit(f"unknown size {s!r}; choose from {', '.join(SIZES)}")
    OUT.mkdir(parents=True, exist_ok=True)
    t_start = time.perf_counter()
    print(f"bench_pages — leaders' pages at {', '.join(sizes)} hazards; {loadavg()}")
    print(f"duckdb {__import__('duckdb').__version__}, pandas {pd.__version__}, reader config {db.READER_CONFIG}")

    for s in sizes:
        path = warehouse_path(s)
        if not warehouse_ready(path, SIZES[s]):
            print(f"[{s}] generating {path.relative_to(ROOT)} in DuckDB SQL … ({loadavg()})", flush=True)
            secs = generate(path, SIZES[s])
            print(f"[{s}] generated in {secs:.0f} s, {os.path.getsize(path) / 1e9:.2f} GB", flush=True)

    calls0 = load_calls(warehouse_path(sizes[0]), args.rerecord)
    summary: dict[str, dict[str, Any]] = {}
    for s in sizes:
        path = warehouse_path(s)
        con = db.open_reader(path)
        n_h, n_o = con.execute("SELECT (SELECT count(*) FROM hazards), (SELECT count(*) FROM hazard_obs)").fetchone()
        calls = with_row_click(con, calls0)
        print(f"\n=== {s}: {n_h:,} hazards, {n_o:,} observations — DuckDB, median of {RUNS} after 1 warm-up "
              f"({loadavg()})")  # fmt: skip
        res: dict[str, Any] = {}
        for page in [SHELL, *PAGES]:
            med, cpu = time_calls(con, calls[page])
            res[page] = {"total": sum(med), "cpu": sum(cpu), "med": med}
            head = "shell (dashboard.py, every page; cached after the first run)" if page == SHELL else page
            print(f"  {head}: {sum(med) * 1000:,.0f} ms wall, {sum(cpu) * 1000:,.0f} ms CPU, {len(med)} queries")
            for (name, params), m, c in zip(calls[page], med, cpu, strict=True):
                note = "  (row clicked)" if name in ("hazard_detail", "hazard_history") else ""
                print(f"      {m * 1000:8.1f} ms wall {c * 1000:8.1f} ms CPU  {label(name, params)}{note}")
        print(f"  ({loadavg()})")
        if not args.no_pandas:
            df, load_s = load_frame(con)
            deep = df.memory_usage(deep=True).sum()
            print(f"  pandas baseline: table loaded into memory in {load_s:.1f} s ({len(df):,} rows x {df.shape[1]} "
                  f"columns, {mb(deep)}); median of {PANDAS_RUNS}; check: {check_pandas(con, df, calls['overview'])}")  # fmt: skip
            for page in PAGES:
                secs, names = time_pandas(df, calls[page])
                duck = sum(m for m, (n, _) in zip(res[page]["med"], calls[page], strict=True) if n in PANDAS)
                res[page]["pandas"] = secs
                res[page]["duck_same"] = duck
                print(f"    {page}: pandas {secs * 1000:,.0f} ms vs DuckDB {duck * 1000:,.0f} ms for the same figures "
                      f"(pandas/DuckDB {secs / duck:.1f}x) — {', '.join(names)}")  # fmt: skip
            res["_load"] = load_s
            del df
            print(f"  ({loadavg()})")
        con.close()
        summary[s] = res

    mem: dict[str, Any] = {}
    big = max(sizes, key=lambda x: SIZES[x])
    out = subprocess.run([sys.executable, "-m", "bench.bench_pages", "--child-rss", str(warehouse_path(big))],
                         cwd=ROOT, capture_output=True, text=True, check=False)  # fmt: skip
    if out.returncode == 0:
        mem["child"] = json.loads(out.stdout.strip().splitlines()[-1])
        c = mem["child"]
        print(f"\nmemory at {big}: a process holding the warehouse read-only: {mb(c['opened'])} after opening, "
              f"{mb(c['after'])} RSS after every page's queries once (peak {mb(c['peak'])}; bare python+pandas "
              f"{mb(c['python'])})")  # fmt: skip
    else:
        print(f"\nmemory child failed: {out.stderr[-2000:]}")
    if not args.no_server:
        try:
            srv = server_rss(warehouse_path(big))
            mem["server"] = srv
            visits = ", ".join(
                f"{p} {v[0]:.1f} s" + (f" ({v[1]} errors!)" if v[1] else "") for p, v in srv["visits"].items()
            )
            print(f"memory at {big}: `streamlit run dashboard.py` RSS {mb(srv['idle'])} idle, {mb(srv['after'])} after "
                  f"one Chromium visit of each page (first visits, cold caches: {visits})")  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - a figure we could not take is reported, not fatal
            print(f"server memory: not measured ({type(exc).__name__}: {exc})")

    # ---- summary table (markdown) ----
    print(f"\n## Leaders' pages (`bench/bench_pages.py`) — {loadavg()}\n")
    print("Page totals: sum of per-query medians, wall ms (CPU ms of all threads); pandas = the same figures")
    print("computed on the table held in memory, as a multiple of DuckDB's time for them.\n")
    cols = []
    for s in sizes:
        cols += [f"{s} total ms (CPU)"] + ([f"pandas/DuckDB {s}"] if "pandas" in summary[s].get("overview", {}) else [])
    print("| page | " + " | ".join(cols) + " |")
    print("|" + "---|" * (len(cols) + 1))
    for page in [*PAGES, SHELL]:
        cells = []
        for s in sizes:
            r = summary[s][page]
            cells.append(f"{r['total'] * 1000:,.0f} ({r['cpu'] * 1000:,.0f})")
            if "pandas" in summary[s].get("overview", {}):
                cells.append(f"{r['pandas'] / r['duck_same']:.1f}x" if "pandas" in r else "—")
        name = "shell (status + filter options, cached)" if page == SHELL else page
        print(f"| {name} | " + " | ".join(cells) + " |")
    for s in sizes:
        if "_load" in summary[s]:
            print(f"\npandas load of the {s} table into memory: {summary[s]['_load']:.1f} s (not in the ratios)")
    if "child" in mem:
        print(f"memory ({big}): reader process {mb(mem['child']['after'])} RSS", end="")
        print(
            f"; streamlit server {mb(mem['server']['after'])} RSS after visiting every page" if "server" in mem else ""
        )
    print(f"\nwhole run {time.perf_counter() - t_start:.0f} s; {loadavg()}")


if __name__ == "__main__":
    main()
