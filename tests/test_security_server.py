"""Issue 14, items 6 and 7 against a real ``streamlit run dashboard.py``: the server's memory
across a hostile upload stays under a stated cap, and the upload endpoint refuses bodies over
the ledger-sized limit even from a session that shows no uploader.

Clients speak the browser's websocket protocol (``tests.st_protocol``). Memory is the server
process's resident set (its kernel high-water mark, reset after warm-up), never time.
"""

from __future__ import annotations

import os
import threading
import time

import pytest
import requests

from bench import st_protocol as P
from tests.browser.server import streamlit_server
from tests.fixtures import hostile_shapes as S
from tests.fixtures import ledgers as L

SERVER_CAP_MB = 150  # growth of the server's peak RSS over its warmed-up level
PW = "secret123"


def _kb(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


class ServerPeak:
    """Peak RSS growth of another process over a block: its VmHWM (reset through clear_refs when
    allowed) and a sampling thread."""

    def __init__(self, pid: int):
        self.pid = pid

    def __enter__(self):
        self.base = _kb(self.pid, "VmRSS")
        try:
            with open(f"/proc/{self.pid}/clear_refs", "w") as fh:
                fh.write("5")
            self.hwm = True
        except OSError:
            self.hwm = False
        self.sampled, self._stop = self.base, threading.Event()
        self._t = threading.Thread(target=self._sample, daemon=True)
        self._t.start()
        return self

    def _sample(self):
        while not self._stop.is_set():
            self.sampled = max(self.sampled, _kb(self.pid, "VmRSS"))
            time.sleep(0.005)

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()
        peak = max(self.sampled, _kb(self.pid, "VmHWM") if self.hwm else 0)
        self.mb = (peak - self.base) / 1024
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from etl.store import uploads_service as svc
    from tests.apptest import accounts_file

    tmp = tmp_path_factory.mktemp("hostile_server")
    db = tmp / "warehouse.duckdb"
    uf = tmp / "users.toml"
    accounts_file(uf, {"ana": ("analyst", PW)})
    env = {"SAFETY_USERS": str(uf), svc.UNITS_ENV: str(tmp / "units.toml")}
    with streamlit_server(db, "hostile_server.log", env=env, startup_s=90) as (url, proc):
        yield url, proc


def test_hostile_uploads_leave_the_server_small(server):
    url, proc = server

    async def scenario():
        async with P.Session(url, timeout=180) as s:
            await P.login(s, "ana", PW)
            r = await s.open("upload")
            uploader = r.find("file_uploader", "").id
            # warm up: an ordinary ledger previewed (workers started, page modules imported)
            r = await s.rerun(widgets=[await s.upload(uploader, [("东城街道2025年3月隐患台账.xlsx", L.march_ledger())])])
            assert not any("过大" in e for e in r.errors), r.errors
            hostile = [("城关镇2025年3月隐患台账.xlsx", S.declared_grid(384_000, "Z", 1)),
                       ("河西街道2025年3月隐患台账.xlsx", S.declared_grid(384_000, "Z", 16)),
                       ("南山乡2025年3月隐患台账.xlsx", S.declared_grid(150_000, "Z", 1)),
                       ("北坪镇2025年3月隐患台账.csv", S.blank_lines_csv(9))]
            with ServerPeak(proc.pid) as g:
                r = await s.rerun(widgets=[await s.upload(uploader, hostile)])
            return r, g

    run, growth = P.run_async(scenario)
    print(f"server peak RSS growth during the hostile upload: {growth.mb:.0f} MB (cap {SERVER_CAP_MB})")
    refusals = [e for e in run.errors if "过大" in e]
    assert len(refusals) >= 3, run.errors  # the three over the budget or the line cap, each a sentence
    assert growth.mb < SERVER_CAP_MB, f"the server grew {growth.mb:.0f} MB during the hostile upload"
    assert proc.poll() is None


def test_the_upload_endpoint_refuses_bodies_over_the_limit_from_any_session(server):
    """An anonymous session asks for upload URLs (no uploader on its screen) and PUTs 12 MB:
    the server refuses it (the limit is 10 MB; it was 50)."""
    url, proc = server

    async def scenario():
        async with P.Session(url, timeout=120) as s:
            await s.open("")
            blob = os.urandom(12 * 1024 * 1024)
            try:
                await s.upload("any-widget-id", [("big.xlsx", blob)])
            except requests.HTTPError as exc:
                return exc.response.status_code
            return 200

    assert P.run_async(scenario) == 413
    assert proc.poll() is None
