"""Start a real ``streamlit run dashboard.py`` on a free local port (shared by the browser tests)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.browser_ready import CONTENT, READY_JS  # noqa: F401 - the browser tests import them from here

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def streamlit_server(warehouse: Path, log_name: str, *, env: dict[str, str] | None = None,
                     startup_s: float = 90) -> Iterator[tuple[str, subprocess.Popen]]:
    """Yields (url, process); the server's output goes to tests/artifacts/<log_name>."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium at /usr/bin/chromium")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    full_env = {**os.environ, "SAFETY_WAREHOUSE": str(warehouse), "PYTHONPATH": str(ROOT), **(env or {})}
    with open(ARTIFACTS / log_name, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + startup_s
        while not healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"streamlit did not start; see {ARTIFACTS / log_name}")
            time.sleep(0.3)
        try:
            yield url, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def ledger_dropzone(page):
    """The upload page's ledger uploader: the one that takes several files. The page also holds the
    single-file 会商意见 uploader (in its own expander), so a bare test-id locator would match two."""
    return page.locator("input[data-testid='stFileUploaderDropzoneInput'][multiple]")
