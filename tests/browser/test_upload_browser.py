"""The upload page in a real browser against a real ``streamlit run``: log in, drop files
(``set_input_files`` on the uploader), check, confirm, load, see the overview change, roll
back, see it return. Screenshots go to tests/artifacts/upload_*.png for a human to look at."""

from __future__ import annotations

import urllib.request

import pytest

from tests.browser.server import ARTIFACTS, ledger_dropzone, streamlit_server

pytestmark = pytest.mark.browser
PASSWORD = "secret123"


@pytest.fixture(scope="module")
def upload_server(tmp_path_factory):
    """A server of its own: this test writes to its warehouse."""
    from etl.admin.users import User
    from etl.store import uploads_service as svc
    from tests.apptest import accounts_file
    from tests.test_upload_service import march

    tmp = tmp_path_factory.mktemp("upload_app")
    db = tmp / "warehouse.duckdb"
    svc.commit(svc.preview_batch([("东城街道2025年3月隐患台账.xlsx", march())], db=db), User("setup", "admin"), db=db)
    uf = tmp / "users.toml"
    accounts_file(uf, {"ana": ("analyst", PASSWORD, "王敏")})
    env = {"SAFETY_USERS": str(uf), svc.UNITS_ENV: str(tmp / "units.toml")}
    with streamlit_server(db, "upload_server.log", env=env, startup_s=60) as (url, _proc):
        yield url, tmp, db


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def wait_idle(page, timeout: int = 60_000) -> None:
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    page.wait_for_timeout(700)


def kpis(page) -> list[str]:
    page.wait_for_selector(".kpi-card", timeout=60_000)
    return [c.inner_text() for c in page.locator(".kpi-value").all()]


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


def login(page, url: str) -> None:
    page.goto(url)
    wait_idle(page)
    page.get_by_text("登录（数据员 / 管理员）").click()
    page.get_by_label("用户名").fill("ana")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    wait_idle(page)
    page.get_by_text("已登录").wait_for(timeout=30_000)


def test_login_upload_confirm_see_overview_change_and_roll_back(upload_server, page):
    from tests.fixtures import ledgers as L
    from tests.test_upload_service import april

    url, tmp, db = upload_server
    # anonymous: no upload page in the menu
    page.goto(url)
    wait_idle(page)
    before = kpis(page)
    assert page.get_by_role("link", name="数据导入").count() == 0

    login(page, url)
    page.screenshot(path=str(ARTIFACTS / "upload_0_logged_in.png"), full_page=True)
    page.get_by_role("link", name="数据导入").click()
    wait_idle(page)
    assert page.locator("h1", has_text="数据导入").count() == 1

    good, bad = tmp / "东城街道2025年4月隐患台账.xlsx", tmp / "损坏的文件.xlsx"
    good.write_bytes(april())
    bad.write_bytes(L.truncated_zip())
    ledger_dropzone(page).set_input_files([str(good), str(bad)])
    page.get_by_text("③ 确认导入").wait_for(timeout=60_000)
    wait_idle(page)
    page.screenshot(path=str(ARTIFACTS / "upload_1_checked.png"), full_page=True)
    assert_no_exception(page)
    assert page.locator("h4", has_text="东城街道2025年4月隐患台账.xlsx").filter(has_text="可导入").count() == 1
    assert page.locator("h4", has_text="损坏的文件.xlsx").filter(has_text="拒收").count() == 1
    assert page.locator("[data-testid='stAlertContentError']", has_text="损坏的文件.xlsx").count() == 1
    page.get_by_text("与现有数据对比").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "upload_1b_report.png"))
    page.get_by_text("③ 确认导入").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "upload_1c_confirm.png"))

    load_button = page.get_by_role("button", name="导入 1 个文件")
    assert load_button.is_disabled()
    page.get_by_text("我已核对上面的检查结果").click()
    wait_idle(page)
    load_button.click()
    page.get_by_text("导入完成").wait_for(timeout=60_000)
    wait_idle(page)
    # the result in words: which file became which upload, and no technical version numbers
    assert page.get_by_text("东城街道2025年4月隐患台账.xlsx：已导入，上传编号 #2", exact=False).count() == 1
    assert page.get_by_text("数据版本", exact=False).count() == 0
    page.screenshot(path=str(ARTIFACTS / "upload_2_loaded.png"), full_page=True)

    page.get_by_role("link", name="查看总览").click()
    wait_idle(page)
    after = kpis(page)
    assert after != before
    page.screenshot(path=str(ARTIFACTS / "upload_3_overview_after.png"), full_page=True)

    page.get_by_role("link", name="数据导入").click()
    wait_idle(page)
    page.get_by_role("tab", name="导入记录").click()
    wait_idle(page)
    page.get_by_role("button", name="回退这次导入").click()
    wait_idle(page)
    page.get_by_text("确认回退上传 #2", exact=False).wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "upload_4_confirm_rollback.png"), full_page=True)
    page.get_by_role("button", name="确认回退").click()
    page.get_by_text("已回退上传 #2", exact=False).wait_for(timeout=60_000)
    wait_idle(page)
    page.screenshot(path=str(ARTIFACTS / "upload_5_rolled_back.png"), full_page=True)

    page.get_by_role("link", name="总览").first.click()
    wait_idle(page)
    assert kpis(page) == before
    assert_no_exception(page)
    assert _healthy(url)


def test_bad_files_leave_the_app_healthy(upload_server, page):
    from tests.fixtures import hazards_frame
    from tests.fixtures import ledgers as L

    url, tmp, db = upload_server
    before = hazards_frame(db)
    login(page, url)
    page.get_by_role("link", name="数据导入").click()
    wait_idle(page)
    files = []
    for name, data in (("加密.xlsx", L.encrypted_ooxml_package()), ("乱码.csv", L.random_bytes()),
                       ("空表.xlsx", L.only_sheet_empty()), ("无表头.xlsx", L.title_but_no_header())):
        p = tmp / name
        p.write_bytes(data)
        files.append(str(p))
    ledger_dropzone(page).set_input_files(files)
    page.get_by_text("没有可导入的文件").wait_for(timeout=60_000)
    wait_idle(page)
    assert page.locator("[data-testid='stAlertContentError']").count() == 4
    assert_no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "upload_6_bad_files.png"), full_page=True)
    assert _healthy(url)
    assert hazards_frame(db).equals(before)
