"""Page times under concurrent sessions while an analyst loads (issue 7). Prints; never asserts.

    .venv/bin/python bench/bench_load_sessions.py [--sessions 10] [--rounds 2] [--hazards 50000]
                                                  [--proto-sweep 1,5,10,...] [--think 5] [--no-protocol]
                                                  [--sweep 1,2,4,...] [--no-sweep]

A real ``streamlit run dashboard.py`` on localhost over a generated warehouse (tests.warehouse_factory,
N hazards over 24 months). The pages are those listed in dashboard.py's ``PAGES`` that every viewer
sees (role-gated ones are skipped; so is 'briefing', the projection page whose fragment reruns on a
timer, so "the script run has finished" never holds for long — pass --pages to choose).
All the while the CLI loads a 2,500-row ledger and rolls it back, back to back (every load
publishes a snapshot the sessions must pick up).

Two kinds of session:

* **Browser** (Debian's Chromium through Playwright, one context per session). A page time is
  ``page.goto(url)`` (a fresh Streamlit session, as when someone opens a link) until the script run
  has finished and a chart, table or metric shows — it includes loading the app's JavaScript and
  drawing the charts, on the same two cores as the server.
* **Protocol** (``tests/st_protocol.py``: the browser's websocket protocol, no browser). One session
  per person, switching pages inside the app every ``--think`` seconds (±50 %), as a person reading
  a page and clicking the next. A page time is request sent → script run finished: the server's
  share of a page view, which is what decides how many people one machine serves (the drawing
  happens on each person's own computer). The client's own CPU use is printed.

Phases:
  1. one browser session, no load                 (the baseline)
  2. ``--sessions`` browser sessions while the CLI loads, with the p95 ratio to the baseline
  3. protocol sweep: for each count in ``--proto-sweep``, sessions while the CLI loads; the largest
     count whose p95 stays under 2 s with no errors is printed (the capacity figure)
  4. browser sweep (``--sweep``; skip with ``--no-sweep``): the same with browsers on the same cores
Errors (error boxes or exceptions on a page, a page without content, timeouts) are counted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser_ready import CONTENT, READY_JS  # noqa: E402  (shared with the browser tests)

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def viewer_pages() -> list[str]:
    """url paths of the PageSpecs in dashboard.py's PAGES without a ``visible=`` gate (parsed, not imported)."""
    import ast

    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        target = getattr(node, "target", None) or (getattr(node, "targets", None) or [None])[0]
        if isinstance(node, ast.AnnAssign | ast.Assign) and isinstance(target, ast.Name) and target.id == "PAGES":
            pages = []
            for call in node.value.elts:
                kw = {k.arg for k in call.keywords}
                url = call.args[2].value if len(call.args) > 2 else next(
                    k.value.value for k in call.keywords if k.arg == "url_path")
                if "visible" not in kw:
                    pages.append(url)
            return pages
    raise SystemExit("no PAGES list in dashboard.py")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_warehouse(path: Path, hazards: int) -> None:
    from etl.demo.synthetic import build_random
    from etl.store import db as dbmod

    build_random(path, hazards, seed=11)
    with dbmod.writer(path) as con:  # the factory leaves upload_id_seq at 0; catch it up for real loads
        con.execute("SELECT nextval('upload_id_seq') FROM range((SELECT max(upload_id) FROM upload_log))")


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "SAFETY_WAREHOUSE": str(db), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true", "--server.port",
         str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)  # noqa: SIM115
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit(f"streamlit did not start; see {log}")


class Loader(threading.Thread):
    """The analyst: load a ledger, roll it back, again, until stopped."""

    def __init__(self, db: Path, ledger: Path):
        super().__init__(daemon=True)
        self.db, self.ledger = db, ledger
        self.stop = threading.Event()
        self.loads = self.failures = 0

    def cli(self, *args) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "etl", *args, "--db", str(self.db)], cwd=ROOT,
                              capture_output=True, text=True, timeout=600)

    def run(self) -> None:
        while not self.stop.is_set():
            p = self.cli("load", str(self.ledger))
            m = re.search(r"upload #(\d+)", p.stdout)
            if p.returncode != 0 or not m:
                self.failures += 1
                time.sleep(1)
                continue
            self.loads += 1
            if self.cli("rollback", m.group(1)).returncode != 0:
                self.failures += 1


async def session(browser, url: str, pages: list[str], rounds: int, seed: int, times: list, errors: list) -> None:
    ctx = await browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = await ctx.new_page()
    order = [p for _ in range(rounds) for p in pages]
    random.Random(seed).shuffle(order)
    try:
        for path in order:
            t0 = time.perf_counter()
            try:
                await page.goto(f"{url}/{path}", wait_until="commit", timeout=60_000)
                handle = await page.wait_for_function(READY_JS, arg=CONTENT, timeout=60_000, polling=50)
                state = await handle.json_value()
                dt = time.perf_counter() - t0
                times.append((path, dt))
                if state == "error":
                    errors.append(f"{path}: error shown on the page")
            except Exception as exc:  # timeouts, navigation failures
                errors.append(f"{path}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
    finally:
        await ctx.close()


async def phase(url: str, pages: list[str], n: int, rounds: int, seed: int) -> tuple[list, list, float]:
    from playwright.async_api import async_playwright

    times: list = []
    errors: list = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        t0 = time.perf_counter()
        await asyncio.gather(*(session(browser, url, pages, rounds, seed * 100 + i, times, errors) for i in range(n)))
        wall = time.perf_counter() - t0
        await browser.close()
    return times, errors, wall


async def proto_session(url: str, pages: list[str], rounds: int, think: float, seed: int, times: list,
                        errors: list) -> None:
    """A person browsing: one websocket session, a page every ``think`` s (±50 %), switching pages
    inside the app as a click in the menu does. Time = request sent → the script run finished,
    i.e. the server's share of a page view (no rendering: the browser is on the user's machine)."""
    from bench import st_protocol as P

    rnd = random.Random(seed)
    order = [p for _ in range(rounds) for p in pages]
    rnd.shuffle(order)
    await asyncio.sleep(rnd.uniform(0, think))  # people do not all click at the same instant
    try:
        async with P.Session(url, timeout=120) as s:
            for path in order:
                try:
                    run = await s.open("" if path == pages[0] else path)
                except (TimeoutError, OSError) as exc:
                    errors.append(f"{path}: {type(exc).__name__}")
                    continue
                times.append((path, run.seconds))
                if run.errors or run.page_not_found or not run.has_content:
                    errors.append(f"{path}: {'; '.join(run.errors) or 'no content'}")
                await asyncio.sleep(rnd.uniform(0.5 * think, 1.5 * think))
    except OSError as exc:
        errors.append(f"connect: {exc}")


async def proto_phase(url: str, pages: list[str], n: int, rounds: int, think: float,
                      seed: int) -> tuple[list, list, float, float]:
    times: list = []
    errors: list = []
    t0, c0 = time.perf_counter(), time.process_time()
    await asyncio.gather(*(proto_session(url, pages, rounds, think, seed * 1000 + i, times, errors)
                           for i in range(n)))
    wall = time.perf_counter() - t0
    return times, errors, wall, (time.process_time() - c0) / wall


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(label: str, times: list, errors: list, wall: float, loader: Loader | None = None) -> float:
    vals = [t for _, t in times]
    p95 = pct(vals, 95)
    extra = f"; loads during phase {loader.loads} (failed {loader.failures})" if loader else ""
    print(f"{label:<34} views {len(vals):>4}  p50 {pct(vals, 50):5.2f} s  p95 {p95:5.2f} s  "
          f"max {max(vals, default=float('nan')):5.2f} s  errors {len(errors)}  wall {wall:5.1f} s{extra}")
    for e in errors[:5]:
        print("    error:", e)
    return p95


def per_page(times: list, pages: list[str]) -> None:
    for path in pages:
        vals = [t for p, t in times if p == path]
        if vals:
            print(f"    {path:<16} p50 {pct(vals, 50):5.2f} s  p95 {pct(vals, 95):5.2f} s  (n={len(vals)})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=2, help="visits of every page per session")
    ap.add_argument("--hazards", type=int, default=50_000)
    ap.add_argument("--sweep", default="1,2,4,6,8,10,12,16")
    ap.add_argument("--no-sweep", action="store_true", help="skip the browser sweep")
    ap.add_argument("--no-protocol", action="store_true", help="skip the protocol-session capacity sweep")
    ap.add_argument("--no-browser", action="store_true", help="skip the browser phases 1-2")
    ap.add_argument("--proto-sweep", default="1,5,10,15,20,25,30,40,50")
    ap.add_argument("--think", type=float, default=5.0, help="seconds between page views (protocol sessions)")
    ap.add_argument("--no-load", action="store_true", help="no CLI load during the concurrent phases")
    ap.add_argument("--pages", help="comma-separated url paths (default: every viewer page except 'briefing', "
                                    "whose slides rotate on a timer so its script never settles)")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit("needs Chromium at /usr/bin/chromium")
    pages = args.pages.split(",") if args.pages else [p for p in viewer_pages() if p != "briefing"]
    print(f"pages: {', '.join(pages)}  (from dashboard.py PAGES); cores: {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="bench-sessions-") as tmp:
        tmp = Path(tmp)
        db = tmp / "warehouse.duckdb"
        t0 = time.perf_counter()
        build_warehouse(db, args.hazards)
        from etl.demo.synthetic import may_ledger

        ledger = tmp / "安宁县2025年5月隐患台账.xlsx"
        ledger.write_bytes(may_ledger())
        print(f"warehouse: {args.hazards} hazards ({time.perf_counter() - t0:.1f} s to build)")
        port = free_port()
        server = start_server(db, port, tmp / "server.log")
        url = f"http://127.0.0.1:{port}"
        try:
            asyncio.run(phase(url, pages, 1, 1, seed=0))  # warm-up: imports, first queries, caches
            print()
            if not args.no_browser:
                times, errors, wall = asyncio.run(phase(url, pages, 1, args.rounds, seed=1))
                base = report("1 session, no load", times, errors, wall)
                per_page(times, pages)

            def while_loading(coro_fn):
                """Run the phase while the CLI loads (unless --no-load); returns (result, loader)."""
                loader = None if args.no_load else Loader(db, ledger)
                if loader:
                    loader.start()
                try:
                    return asyncio.run(coro_fn()), loader
                finally:
                    if loader:
                        loader.stop.set()
                        loader.join()

            def loaded_phase(n: int, seed: int):
                res, loader = while_loading(lambda: phase(url, pages, n, args.rounds, seed=seed))
                return (*res, loader)

            if not args.no_browser:
                times, errors, wall, loader = loaded_phase(args.sessions, 2)
                p95 = report(f"{args.sessions} sessions + CLI load", times, errors, wall, loader)
                per_page(times, pages)
                print(f"p95 ratio vs one session: {p95 / base:.1f}x")
            if not args.no_protocol:
                print(f"\nserver capacity: protocol sessions (tests/st_protocol.py, no browser on these cores), "
                      f"a page every {args.think:g} s ±50 %, {'no load' if args.no_load else 'the CLI loading throughout'}:")
                best = 0
                for n in [int(x) for x in args.proto_sweep.split(",") if x.strip()]:
                    (times, errors, wall, client_cpu), loader = while_loading(
                        lambda n=n: proto_phase(url, pages, n, args.rounds, args.think, seed=20 + n))
                    p95 = report(f"{n:>3} sessions", times, errors, wall, loader)
                    print(f"    client CPU {client_cpu:.0%} of one core")
                    if p95 < 2.0 and not errors:
                        best = n
                    elif n > best:
                        break
                print(f"largest session count with server-side p95 < 2 s and no errors: {best or 'none'} "
                      f"(a page every {args.think:g} s; this machine: {os.cpu_count()} cores)")
            if not args.no_sweep:
                print("\nbrowser sweep (each with the CLI loading):")
                best = 0
                for n in [int(x) for x in args.sweep.split(",") if x.strip()]:
                    times, errors, wall, loader = loaded_phase(n, 10 + n)
                    p95 = report(f"{n:>3} sessions", times, errors, wall, loader)
                    if p95 < 2.0 and not errors:
                        best = n
                    elif n > best:
                        break
                print(f"\nlargest session count with p95 < 2 s and no errors: {best or 'none'} "
                      f"(this machine: {os.cpu_count()} cores)")
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
            log = (tmp / "server.log").read_text(errors="replace")
            tracebacks = log.count("Traceback")
            if tracebacks:
                print(f"server log: {tracebacks} tracebacks; last lines:\n" + "\n".join(log.splitlines()[-15:]))


if __name__ == "__main__":
    main()
