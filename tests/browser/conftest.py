"""A real ``streamlit run dashboard.py`` server on a free port over a generated warehouse,
and a Chromium page (Debian's /usr/bin/chromium; ``playwright install`` cannot download)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.server import ARTIFACTS, CHROMIUM, ROOT, free_port, streamlit_server  # noqa: F401

LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip

sync_api = pytest.importorskip("playwright.sync_api")


_free_port = free_port  # kept for older imports


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.warehouse_factory import build_random

    path = tmp_path_factory.mktemp("wh") / "warehouse.duckdb"
    build_random(path, 20_000, seed=11)
    return path


@pytest.fixture(scope="session")
def server(warehouse: Path) -> str:
    with streamlit_server(warehouse, "server.log", startup_s=60) as (url, _proc):
        yield url


@pytest.fixture(scope="session")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN", device_scale_factor=1)
    pg = ctx.new_page()
    yield pg
    ctx.close()
