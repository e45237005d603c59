"""Real browser against a real server: ?mode=present rotates on the timer, steps and pauses on
keys, hides Streamlit's chrome, and does not grow the server's memory (issue 6).

Screenshots at 1920×1080: tests/artifacts/present_<n>_<slide>.png.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.server import ARTIFACTS, streamlit_server

pytestmark = pytest.mark.browser
psutil = pytest.importorskip("psutil")

MONTH = "2025-06"
# levels: the chain log below; score: 考核通报, last, whenever the scorecard ranks a unit
SLIDES = ["kpi", "trend", "towns", "overdue", "gaps", "levels", "changes", "score"]
N = len(SLIDES)
COUNTER = re.compile(rf"第 (\d+) / {N} 页")


@pytest.fixture(scope="module")
def present_server(tmp_path_factory):
    """Our own server (its RSS is measured) over a warehouse with registry and inspections, and a
    town's log of county, town and village visits (the 层层递减 slide)."""
    from etl.store.writes import ingest
    from tests import warehouse_factory as wf
    from tests.test_brief import LAST, add_gap_data
    from tests.test_present_levels import chain_log

    wh = wf.build_random(tmp_path_factory.mktemp("present_wh") / "warehouse.duckdb", 6000, seed=5, last_month=LAST,
                         months=24)  # fmt: skip
    assert ingest(*chain_log(), db=wh).status == "loaded"  # through the loader, before add_gap_data's own ids
    add_gap_data(wh)
    with streamlit_server(wh, "present_server.log", startup_s=60) as (url, proc):
        yield url, proc.pid


@pytest.fixture
def screen(browser):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN", device_scale_factor=1)
    pg = ctx.new_page()
    yield pg
    ctx.close()


def open_show(page, url: str, **params: str) -> None:
    q = "&".join(f"{k}={v}" for k, v in {"mode": "present", "month": MONTH, **params}.items())
    page.goto(f"{url}/?{q}")
    page.wait_for_selector(".st-key-present_meta p", timeout=60_000)


def slide_no(page) -> int:
    m = COUNTER.search(page.locator(".st-key-present_meta").inner_text())
    assert m, page.locator(".st-key-present_meta").inner_text()
    return int(m.group(1))


def wait_slide(page, n: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if slide_no(page) == n:
                return
        except Exception:  # noqa: BLE001 - element re-rendering
            pass
        time.sleep(0.05)
    raise AssertionError(f"slide {n} not shown within {timeout}s (now {slide_no(page)})")


def test_chrome_hidden_and_screenshots(present_server, screen):
    url, _ = present_server
    for n, name in enumerate(SLIDES, start=1):
        open_show(screen, url, interval="600", slide=str(n))
        if name in ("trend", "towns", "overdue", "gaps", "levels", "changes", "score"):
            screen.wait_for_selector(".js-plotly-plot", timeout=30_000)
        time.sleep(1.5)  # fonts and plotly layout settle
        assert slide_no(screen) == n
        for testid in ("stSidebar", "stHeader", "stToolbar", "stSidebarCollapsedControl", "stDecoration"):
            loc = screen.locator(f"[data-testid='{testid}']")
            assert loc.count() == 0 or not loc.first.is_visible(), f"{testid} visible on slide {n}"
        assert screen.locator("[data-testid='stException']").count() == 0
        assert screen.get_by_text("数据截至 2025年6月30日").count() >= 1
        screen.screenshot(path=str(ARTIFACTS / f"present_{n}_{name}.png"))
    # the KPI numbers are at least 48 px, the chart tick labels at least 18 px
    open_show(screen, url, interval="600", slide="1")
    size = screen.locator("[class*='st-key-pvalue'] p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 48
    open_show(screen, url, interval="600", slide="2")
    screen.wait_for_selector(".js-plotly-plot .xtick text", timeout=30_000)
    tick = screen.locator(".js-plotly-plot .xtick text").first.evaluate("e => parseFloat(e.style.fontSize)")
    assert tick >= 18


def test_timer_advances(present_server, screen):
    url, _ = present_server
    open_show(screen, url, interval="2")
    assert slide_no(screen) == 1
    wait_slide(screen, 2, timeout=10)
    wait_slide(screen, 3, timeout=10)


def test_keys_step_and_pause(present_server, screen):
    url, _ = present_server
    open_show(screen, url, interval="2")
    start = slide_no(screen)
    screen.keyboard.press("Space")  # pause
    screen.wait_for_selector("text=已暂停", timeout=30_000)
    paused_at = slide_no(screen)
    assert paused_at in (start, start % N + 1)
    time.sleep(5)  # two and a half intervals: nothing moves while paused
    assert slide_no(screen) == paused_at
    screen.keyboard.press("ArrowRight")
    wait_slide(screen, paused_at % N + 1, timeout=30)
    screen.keyboard.press("ArrowLeft")
    wait_slide(screen, paused_at, timeout=30)
    screen.keyboard.press("PageDown")  # presentation clickers send PageDown/PageUp
    wait_slide(screen, paused_at % N + 1, timeout=30)
    assert screen.get_by_text("已暂停").count() >= 1
    screen.keyboard.press("Space")  # resume: the timer moves on again
    screen.wait_for_selector("text=自动播放", timeout=30_000)
    wait_slide(screen, (paused_at + 1) % N + 1, timeout=30)


def _step_many(page, n: int) -> None:
    """``n`` observed slide changes driven by ArrowRight (a press is repeated if the slide has
    not moved after 5 s, so the count is of changes the server really rendered)."""
    done = 0
    while done < n:
        before = slide_no(page)
        page.keyboard.press("ArrowRight")
        try:
            wait_slide(page, before % N + 1, timeout=5)
        except AssertionError:
            continue
        done += 1


@pytest.mark.slow  # about 4 minutes: 500 rendered slide changes
def test_memory_flat_over_500_slide_changes(present_server, screen):
    """RSS of the server after 500 slide changes is within 10 % of after 50."""
    url, pid = present_server
    proc = psutil.Process(pid)
    open_show(screen, url, interval="600")
    _step_many(screen, 50)
    time.sleep(1)
    rss_50 = proc.memory_info().rss
    _step_many(screen, 450)
    time.sleep(1)
    rss_500 = proc.memory_info().rss
    (ARTIFACTS / "present_memory.txt").write_text(
        f"rss after 50 slide changes: {rss_50 / 2**20:.1f} MiB\nrss after 500: {rss_500 / 2**20:.1f} MiB\n"
        f"growth: {(rss_500 - rss_50) / rss_50 * 100:+.1f}%\n"
    )
    assert rss_500 <= rss_50 * 1.10, f"server RSS grew from {rss_50 / 2**20:.0f} to {rss_500 / 2**20:.0f} MiB"
