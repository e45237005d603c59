"""会议交办事项 in a real browser against a real ``streamlit run``: an analyst records two items at
one meeting on the 会议材料 page (an overdue major hazard, and a town figure), next month's
ledger arrives and rectifies both hazards (the major is not verified), and the next briefing's
first slide (``?mode=present``) shows one done, one overdue. Screenshots: tests/artifacts/followup_*.png."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.server import ARTIFACTS, streamlit_server

pytestmark = pytest.mark.browser
PASSWORD = "secret123"


@pytest.fixture(scope="module")
def follow_server(tmp_path_factory):
    from tests.apptest import accounts_file
    from tests.test_assignments import JUNE, load

    tmp = tmp_path_factory.mktemp("follow_app")
    db = tmp / "warehouse.duckdb"
    load(db, 6, JUNE)
    uf = tmp / "users.toml"
    accounts_file(uf, {"ana": ("analyst", PASSWORD)})
    with streamlit_server(db, "follow_server.log", env={"SAFETY_USERS": str(uf)}, startup_s=60) as (url, _proc):
        yield url, db


def wait_idle(page, timeout: int = 60_000) -> None:
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    page.wait_for_timeout(700)


def set_date(page, key: str, value: str) -> None:
    """Type into Streamlit 1.67's date field (react-aria: year, month and day segments)."""
    y, m, d = value.split("-")
    for part, text in (("year", y), ("month", m), ("day", d)):
        page.locator(f".st-key-{key} [data-type='{part}']").click()
        page.keyboard.type(text)
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)


def open_form(page) -> None:
    """Open the 记录交办事项 expander unless it is open (it starts open while the list is empty)."""
    details = page.locator("details").filter(has=page.locator("summary", has_text="记录交办事项"))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
        wait_idle(page)


def record(page, *, title: str, due: str) -> None:
    wait_idle(page)
    open_form(page)
    title_box = page.locator("[class*='st-key-asg_title_'] input")
    title_box.fill(title)
    set_date(page, "asg_meeting", "2025-07-05")
    set_date(page, "asg_due", due)
    page.get_by_role("button", name="保存交办事项").click()
    wait_idle(page)
    page.get_by_text("已记录交办事项").wait_for(timeout=30_000)


def test_two_assignments_then_next_month_then_the_briefing(follow_server, page):
    from etl.store import assignments as asg
    from etl.store import db as dbmod
    from tests.test_assignments import JULY, load

    url, db = follow_server
    page.goto(url)
    wait_idle(page)
    page.get_by_text("登录（数据员 / 管理员）").click()
    page.get_by_label("用户名").fill("ana")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    wait_idle(page)
    page.get_by_text("已登录").wait_for(timeout=30_000)
    page.get_by_role("link", name="会议材料").click()
    wait_idle(page)
    open_form(page)
    # 1: the overdue major hazard (CG-1), due 2025-07-25
    page.locator(".st-key-asg_source").get_by_text("逾期重大隐患").click()
    wait_idle(page)
    record(page, title="化工厂报警器整改并验收", due="2025-07-25")
    # 2: 城关镇's overdue major hazards down to 0 by 2025-07-31
    open_form(page)
    page.locator(".st-key-asg_source").get_by_text("乡镇/部门指标").click()
    wait_idle(page)
    record(page, title="城关镇逾期重大隐患清零", due="2025-07-31")  # the default figure: overdue majors ≤ 0
    page.screenshot(path=str(ARTIFACTS / "followup_recorded.png"), full_page=True)
    con = dbmod.open_reader(db)
    try:
        rows = asg.status(con, as_of=dt.date(2025, 7, 6)).set_index("title")
    finally:
        con.close()
    assert set(rows.index) == {"化工厂报警器整改并验收", "城关镇逾期重大隐患清零"}
    assert rows.loc["化工厂报警器整改并验收", "kind"] == "hazard"
    assert rows.loc["城关镇逾期重大隐患清零", ["kind", "figure", "assignee"]].tolist() == [
        "figure",
        "overdue_major",
        "城关镇",
    ]
    assert rows["meeting_date"].dt.date.tolist() == [dt.date(2025, 7, 5)] * 2
    assert (rows["changed_by"] == "ana").all()

    load(db, 7, JULY)  # next month's ledger: both hazards reported rectified, the major not verified
    page.goto(f"{url}/?mode=present&month=2025-07&asof=2025-07-31&interval=600")
    page.get_by_text("上次会议交办事项落实情况").first.wait_for(timeout=60_000)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "followup_present.png"))
    cards = [c.inner_text() for c in page.locator("[class*='st-key-pcard_2']").all()]
    got = {c.split("\n")[0].strip(): c.split("\n")[-1].strip() for c in cards}
    assert got == {"已完成": "1", "推进中": "0", "逾期未完成": "1", "来源已撤回": "0"}, cards
    assert "第 1 / 8 页" in page.content()  # the assignments, the six slides and 考核通报
