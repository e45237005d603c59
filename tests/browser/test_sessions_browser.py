"""Ten browser sessions browse while an analyst uploads and rolls back through the app (issue 7, "Load").

A real ``streamlit run dashboard.py``; ten Playwright contexts in Debian's Chromium, each opening
pages in its own order (a fresh Streamlit session per page, as a shared link does); at the same
time an analyst's session (``tests.st_protocol``, the browser's websocket protocol) logs in, drops
ledgers on the upload page, loads them and rolls them back, again and again, and the CLI loads a
file too. Every load publishes a snapshot the sessions must pick up.

Promised: every page view finishes with its content and no error box; every load and rollback
the analyst asks for succeeds (no "busy", no "database is locked"); the server log has no
traceback. Page times are printed (``-s``), never asserted.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import subprocess
import sys
import threading
import time

import pytest

from bench import st_protocol as P
from etl.store import db as dbmod
from tests.browser.server import ARTIFACTS, CHROMIUM, CONTENT, READY_JS, ROOT, streamlit_server

pytestmark = pytest.mark.browser
SESSIONS = 10
VIEWS_PER_SESSION = 3
PAGES = ["overview", "trends", "rectification", "explorer", "gaps"]


@pytest.fixture(scope="module")
def busy_app(tmp_path_factory):
    from etl.store import uploads_service as svc
    from tests.apptest import accounts_file
    from tests.warehouse_factory import build_random

    tmp = tmp_path_factory.mktemp("sessions")
    db = tmp / "warehouse.duckdb"
    build_random(db, 20_000, seed=3)
    with dbmod.writer(db) as con:  # the factory leaves upload_id_seq at 0; catch it up for real loads
        con.execute("SELECT nextval('upload_id_seq') FROM range((SELECT max(upload_id) FROM upload_log))")
    uf = tmp / "users.toml"
    accounts_file(uf, {"ana": ("analyst", "secret123")})
    env = {"SAFETY_USERS": str(uf), svc.UNITS_ENV: str(tmp / "units.toml")}
    with streamlit_server(db, "sessions_server.log", env=env, startup_s=60) as (url, _proc):
        yield url, db, tmp


async def browse(browser, url: str, order: list[str], views: list, errors: list) -> None:
    ctx = await browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = await ctx.new_page()
    try:
        for path in order:
            t0 = time.perf_counter()
            try:
                await page.goto(f"{url}/{path}", wait_until="commit", timeout=180_000)
                handle = await page.wait_for_function(READY_JS, arg=CONTENT, timeout=180_000, polling=100)
                if await handle.json_value() == "error":
                    errors.append(f"{path}: {await page.locator('[data-testid=stMain]').inner_text()}"[:300])
                views.append((path, time.perf_counter() - t0))
            except Exception as exc:  # a timeout is a failure of the promise, reported with the rest
                errors.append(f"{path}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        await ctx.close()


async def analyst(url: str, stop: asyncio.Event, log: list) -> None:
    """Load a new ledger through the upload page, roll it back, until the browsing ends (at least once)."""
    from etl.demo.synthetic import may_ledger

    async with P.Session(url, timeout=180) as s:
        await P.login(s, "ana", "secret123")
        i = 0
        while not stop.is_set() or i == 0:
            i += 1
            r = await P.upload_and_load(s, [(f"安宁县2025年{5 + i % 7}月隐患台账.xlsx", may_ledger(rows=300, seed=i))])
            log.append(("load", P.successes(r), r.errors))
            r = await P.roll_back_newest(s)
            log.append(("rollback", P.successes(r), r.errors))


def cli_load(db, ledger) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", "load", str(ledger), "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def test_ten_sessions_browse_while_an_analyst_uploads(busy_app):
    from playwright.async_api import async_playwright

    from etl.demo.synthetic import may_ledger

    url, db, tmp = busy_app
    ledger = tmp / "城关镇2024年12月隐患台账.xlsx"
    ledger.write_bytes(may_ledger(rows=500, seed=99))
    with dbmod.open_reader(db) as con:
        v0 = dbmod.data_version(con)
    views: list = []
    errors: list = []
    log: list = []
    cli: list = []

    async def main() -> None:
        rnd = random.Random(7)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                               "--disable-dev-shm-usage"])
            stop = asyncio.Event()
            worker = asyncio.create_task(analyst(url, stop, log))
            cli_thread = threading.Thread(target=lambda: cli.append(cli_load(db, ledger)))
            cli_thread.start()
            orders = [rnd.sample(PAGES, VIEWS_PER_SESSION) for _ in range(SESSIONS)]
            await asyncio.gather(*(browse(browser, url, o, views, errors) for o in orders))
            stop.set()
            await worker
            await asyncio.to_thread(cli_thread.join)
            await browser.close()

    P.run_async(main)  # on its own thread: the sync-API fixture of the other browser tests owns this one's loop

    times = sorted(s for _, s in views)
    print(f"\n{len(views)} views by {SESSIONS} sessions: p50 {statistics.median(times):.2f} s, "
          f"max {times[-1]:.2f} s; analyst steps {len(log)}; CLI rc {cli[0].returncode if cli else None}")
    assert not errors, errors
    assert len(views) == SESSIONS * VIEWS_PER_SESSION
    loads = [x for x in log if x[0] == "load"]
    rollbacks = [x for x in log if x[0] == "rollback"]
    assert loads and len(rollbacks) == len(loads)
    for kind, ok, errs in log:
        assert ok and not errs, (kind, ok, errs)
    assert cli and cli[0].returncode == 0, cli[0].stderr if cli else "the CLI load did not run"
    with dbmod.open_reader(db) as con:
        v1 = dbmod.data_version(con)
        live = con.execute("SELECT count(*) FROM upload_log WHERE status = 'live' AND uploaded_by = 'ana'").fetchone()[0]
    assert v1 >= v0 + 1 + 2 * len(loads) and live == 0  # every app load rolled back; the CLI load stays
    server_log = (ARTIFACTS / "sessions_server.log").read_text(errors="replace")
    assert "Traceback" not in server_log and "locked" not in server_log.lower()
