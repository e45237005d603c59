"""Shared pytest fixtures. Keep small; add with targeted edits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # `pytest` from the venv does not put the repo on sys.path
    sys.path.insert(0, str(REPO_ROOT))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh warehouse location (the loader creates and migrates it)."""
    return tmp_path / "wh" / "warehouse.duckdb"


@pytest.fixture
def run_etl():
    """Run ``python -m etl ARGS…`` from the repo root; returns CompletedProcess (text)."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
        full_env = {k: v for k, v in os.environ.items() if k != "SAFETY_WAREHOUSE"}
        full_env["PYTHONIOENCODING"] = "utf-8"
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "etl", *map(str, args)],
            cwd=REPO_ROOT,
            env=full_env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
        )

    return run


# --- AppTest (helpers in tests/apptest.py); opt in with pytestmark = pytest.mark.usefixtures(…) ---


@pytest.fixture
def st_caches():
    """Fresh Streamlit caches before and after the test (they live as long as the process)."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app_warehouse(tmp_path: Path, monkeypatch, st_caches) -> Path:
    """The app's warehouse (``SAFETY_WAREHOUSE``) at tmp_path/warehouse.duckdb, with fresh caches;
    a test builds it there, or the app creates it empty."""
    path = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("SAFETY_WAREHOUSE", str(path))
    return path


@pytest.fixture
def entrypoint_every_run(monkeypatch):
    """AppTest (1.67) resets ``PagesManager.uses_pages_directory`` before every run, so with a
    ``pages/`` folder next to dashboard.py every run after the first executes the page script
    alone (MPA v1), skipping the entrypoint (login, navigation, role gating). A real server
    keeps the flag False once ``st.navigation`` is called; do the same here."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


# --- long variants (crash trials, fuzzing): `pytest --runslow` or SAFETY_SLOW=1 ---


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False, help="also run tests marked slow")


def run_slow(config) -> bool:
    return bool(config.getoption("--runslow")) or os.environ.get("SAFETY_SLOW") == "1"


def pytest_collection_modifyitems(config, items):
    if run_slow(config):
        return
    skip = pytest.mark.skip(reason="slow variant: run with --runslow or SAFETY_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
