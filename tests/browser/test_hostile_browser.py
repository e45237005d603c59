"""A ledger full of hostile cells in a real browser (issue 14, findings 1-3): every page, the
slide show and the upload page are visited in Chromium against a real ``streamlit run`` over a
warehouse loaded from tests/fixtures/hostile.py. On every view: no request leaves the local
server (Playwright's request log), no link (``a[href]``) or image points off the site, no
payload's inline style is applied, and the payload text is on the page literally. The table
toolbar offers no "Download as CSV" (formula cells) while the app's .xlsx button stays.

The addresses in the payloads are ``evil.example`` (reserved, never resolves): an escape shows
up in the request log, never on the Internet."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.server import ARTIFACTS, ledger_dropzone, streamlit_server
from tests.fixtures import hostile as H

pytestmark = pytest.mark.browser
PASSWORD = "secret123"
WJ = "\u2060"

# Every link and image on the page, resolved by the browser (relative ones become local).
LINKS_JS = """() => [
  ...Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
  ...Array.from(document.querySelectorAll('img[src], image[href]')).map(i => i.src || i.getAttribute('href')),
]"""
STYLED_JS = """() => Array.from(document.querySelectorAll('[style]'))
  .filter(e => (e.getAttribute('style') || '').replace(/\\s/g, '').includes('font-size:80px')).length"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    from etl.store import uploads_service as svc
    from etl.store.writes import ingest
    from tests.apptest import accounts_file

    tmp = tmp_path_factory.mktemp("hostile_app")
    db = tmp / "warehouse.duckdb"
    rep = ingest(H.hostile_xlsx(), H.FILE_NAME, db=db)
    assert rep.status == "loaded", rep.message
    uf = tmp / "users.toml"
    accounts_file(uf, {"ana": ("analyst", PASSWORD)})
    env = {"SAFETY_USERS": str(uf), svc.UNITS_ENV: str(tmp / "units.toml")}
    with streamlit_server(db, "hostile_server.log", env=env, startup_s=60) as (url, _proc):
        yield url, tmp


@pytest.fixture
def watched(page):
    """The page, and every URL it requested."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    return page, seen


def wait_idle(page, timeout: int = 60_000) -> None:
    sel = "[data-testid='stApp'][data-test-script-state='notRunning']"
    page.wait_for_selector(sel, state="attached", timeout=timeout)
    page.wait_for_timeout(900)
    page.wait_for_selector(sel, state="attached", timeout=timeout)


def text(page) -> str:
    return page.evaluate("() => document.body.innerText").replace(WJ, "")


def assert_contained(page, seen: list[str], origin: str, where: str) -> None:
    foreign = [u for u in seen if not u.startswith(("data:", "blob:")) and _origin(u) != origin]
    assert not foreign, (where, foreign[:5])
    off_site = [u for u in page.evaluate(LINKS_JS) if u and not u.startswith(("data:", "blob:"))
                and _origin(u) != origin]  # fmt: skip
    assert not off_site, (where, off_site[:5])
    assert page.evaluate(STYLED_JS) == 0, where
    assert page.locator("[data-testid='stException']").count() == 0, where


def _origin(u: str) -> str:
    s = urlsplit(u)
    return f"{s.scheme}://{s.netloc}"


def _pages() -> list[tuple[str, str]]:
    import dashboard

    return [("" if s.default else s.url_path, s.path) for s in dashboard.PAGES if s.path != "pages/upload.py"]


def test_every_page_and_slide_keeps_hostile_cells_as_text(hostile_server, watched):
    url, _ = hostile_server
    page, seen = watched
    for path, name in _pages():
        page.goto(f"{url}/{path}")
        wait_idle(page)
        assert_contained(page, seen, url, name)
        if name != "pages/briefing.py":
            assert H.FILE_NAME in text(page), name  # the data-as-of caption, literally
    page.screenshot(path=str(ARTIFACTS / "hostile_last_page.png"), full_page=True)
    for n in range(1, 7):
        page.goto(f"{url}/?mode=present&slide={n}&interval=600&month=2025-03&asof=2025-04-30")
        wait_idle(page)
        page.wait_for_timeout(1500)  # the slide's fragment
        assert_contained(page, seen, url, f"slide {n}")
    page.screenshot(path=str(ARTIFACTS / "hostile_slide_6.png"))


def test_explorer_detail_and_table_toolbar(hostile_server, watched):
    url, _ = hostile_server
    page, seen = watched
    page.goto(f"{url}/explorer")
    wait_idle(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=30_000)
    grid.hover()
    page.wait_for_timeout(500)
    toolbar = page.locator("[data-testid='stElementToolbar']").first
    assert toolbar.locator("button").count() >= 1  # the toolbar is there (search, fullscreen) ...
    assert page.get_by_role("button", name="Download as CSV").count() == 0  # ... without the CSV export
    assert page.get_by_role("button", name="导出 Excel（.xlsx）").count() + page.locator(
        "[data-testid='stDownloadButton']").count() >= 1  # fmt: skip
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 52)  # the first row's selection box
    page.get_by_text("隐患详情", exact=False).first.wait_for(timeout=30_000)
    wait_idle(page)
    heading = page.locator("h3", has_text="隐患详情").first.inner_text().replace(WJ, "")
    assert any(p in heading for p in H.PAYLOADS), heading
    body = text(page)
    assert f"工作表“{H.SHEET_NAME}”" in body
    assert_contained(page, seen, url, "explorer detail")
    page.screenshot(path=str(ARTIFACTS / "hostile_explorer_detail.png"), full_page=True)


def test_upload_page_quotes_the_hostile_file_literally(hostile_server, watched):
    url, tmp = hostile_server
    page, seen = watched
    page.goto(url)
    wait_idle(page)
    page.get_by_text("登录（数据员 / 管理员）").click()
    page.get_by_label("用户名").fill("ana")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("已登录").wait_for(timeout=30_000)
    page.get_by_role("link", name="数据导入").click()
    wait_idle(page)
    ledger_dropzone(page).set_input_files(
        files=[{"name": H.FILE_NAME, "mimeType": "application/octet-stream", "buffer": H.hostile_xlsx(" 第二版")}]
    )
    page.get_by_text("③ 确认导入").wait_for(timeout=60_000)
    wait_idle(page)
    page.evaluate("""() => document.querySelectorAll("[data-testid='stExpander'] details:not([open]) > summary")
                          .forEach(s => s.click())""")  # the sheet name and header are in expanders
    wait_idle(page)
    body = text(page)
    for shown in (H.FILE_NAME, H.SHEET_NAME, H.HEADER_PAYLOAD, H.BEACON):
        assert shown in body, shown
    assert_contained(page, seen, url, "upload preview")
    page.screenshot(path=str(ARTIFACTS / "hostile_upload_preview.png"), full_page=True)

    page.get_by_text("我已核对上面的检查结果").click()
    wait_idle(page)
    page.get_by_role("button", name="导入 1 个文件").click()
    page.get_by_text("导入完成").wait_for(timeout=60_000)
    wait_idle(page)
    assert H.FILE_NAME in text(page)
    page.get_by_role("tab", name="导入记录").click()
    wait_idle(page)
    page.locator("[data-testid='stSelectbox']").filter(has_text="选择一次导入").click()  # this analyst's upload
    page.get_by_role("option", name=re.compile(r"^#2 ")).click()
    wait_idle(page)
    page.get_by_role("button", name="回退这次导入").click()
    page.get_by_text("确认回退上传", exact=False).wait_for(timeout=30_000)
    wait_idle(page)
    assert H.FILE_NAME in text(page)
    assert_contained(page, seen, url, "rollback confirmation")
    page.screenshot(path=str(ARTIFACTS / "hostile_upload_rollback.png"), full_page=True)
