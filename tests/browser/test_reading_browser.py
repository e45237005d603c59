"""The reading report on the upload page, in a real browser: how each column of a v2 ledger was
read (check-mark group, legend), shown before the analyst confirms, and the loader's notices in
the UI's language. Screenshots: tests/artifacts/reading_*.png."""

from __future__ import annotations

import pytest

from tests.browser.server import ARTIFACTS, ledger_dropzone
from tests.browser.test_upload_browser import assert_no_exception, login, upload_server, wait_idle  # noqa: F401

pytestmark = pytest.mark.browser


def _row(page, text: str) -> list[str]:
    """The cells of the first reading-report table row holding ``text``."""
    tr = page.locator("[data-testid='stTable'] tr").filter(has_text=text).first
    return [c.strip() for c in tr.locator("td, th").all_inner_texts() if c.strip()]


def test_reading_report_before_confirming_in_both_languages(upload_server, page):  # noqa: F811
    from tests.fixtures import ledgers_v2 as V

    url, tmp, _db = upload_server
    f = tmp / "城关镇2025年4月隐患排查治理台账.xlsx"
    f.write_bytes(V.yhpc_check_marks())
    g = tmp / "城关镇2025年4月隐患台账（代码）.xlsx"
    g.write_bytes(V.level_codes_with_dictionary())
    login(page, url)
    page.get_by_role("link", name="数据导入").click()
    wait_idle(page)
    ledger_dropzone(page).set_input_files([str(f), str(g)])
    page.get_by_text("③ 确认导入").wait_for(timeout=60_000)
    wait_idle(page)
    assert_no_exception(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert _row(page, "未治理|已治理") == ["治理状态（未治理|已治理）", "整改状态", "勾选列"]  # opened by itself
    assert "隐患等级图例（“字典”工作表）：1=一般 2=较大 3=重大" in body
    assert "“无隐患”行 1 行" in body
    assert "隐患等级为“较大”等中间等级，按“一般”导入" in body
    page.get_by_text("读法报告：每一列如何识别").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "reading_zh.png"), full_page=True)

    page.locator(".st-key-lang button", has_text="English").click()  # the same session, files still checked
    page.get_by_text("Reading report: how each column was read").first.wait_for(timeout=60_000)
    wait_idle(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert _row(page, "未治理|已治理") == ["治理状态（未治理|已治理）", "status", "check-mark group"]
    assert "an in-between level (较大), loaded as general" in body
    assert "隐患等级为“较大”" not in body  # the notices follow the UI's language
    page.screenshot(path=str(ARTIFACTS / "reading_en.png"), full_page=True)
