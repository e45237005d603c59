"""Running more than one server: replicas over one warehouse (issue 7, "how to run more").

Two ``streamlit run dashboard.py`` processes share one warehouse file, as behind a proxy with
sticky sessions (README, "Serving more people"). A load through either writer path (the CLI
here, an analyst on one replica's upload page) publishes one snapshot; the next page run on
*both* replicas shows it, without a restart, and neither replica holds a lock the other or
the CLI needs.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys

from bench import st_protocol as P
from etl.store import db as dbmod
from tests.browser.server import ROOT, streamlit_server


def status_line(run: P.Run) -> str:
    return next((x for x in run.texts("markdown") if "最近一次导入" in x), "")


def test_two_replicas_serve_one_warehouse_and_both_see_every_load(tmp_path):
    from etl.admin import users
    from etl.demo.synthetic import may_ledger
    from etl.store import uploads_service as svc
    from tests.apptest import accounts_file
    from tests.test_upload_service import march

    db = tmp_path / "warehouse.duckdb"
    svc.commit(svc.preview_batch([("东城街道2025年3月隐患台账.xlsx", march())], db=db), users.User("ana", "analyst"), db=db)
    uf = tmp_path / "users.toml"
    accounts_file(uf, {"ana": ("analyst", "secret123")})
    env = {"SAFETY_USERS": str(uf), svc.UNITS_ENV: str(tmp_path / "units.toml")}
    cli_file = tmp_path / "城关镇2025年4月隐患台账.xlsx"
    cli_file.write_bytes(may_ledger(rows=50, seed=1))

    with streamlit_server(db, "replica_a.log", env=env) as (url_a, _), \
            streamlit_server(db, "replica_b.log", env=env) as (url_b, _):

        async def go() -> None:
            async with P.Session(url_a) as a, P.Session(url_b) as b, P.Session(url_a) as analyst:
                for s in (a, b):
                    assert "东城街道2025年3月隐患台账" in status_line(await s.open(""))
                # the CLI loads while both replicas hold their readers open
                r = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "etl", "load", str(cli_file),
                                                             "--db", str(db)], cwd=ROOT, capture_output=True,
                                            text=True, timeout=300)
                assert r.returncode == 0, r.stderr
                for s in (a, b):
                    assert cli_file.stem in status_line(await s.rerun())
                # an analyst on replica A loads through the upload page; replica B shows it
                await P.login(analyst, "ana", "secret123")
                run = await P.upload_and_load(analyst, [("河西街道2025年5月隐患台账.xlsx", may_ledger(rows=30, seed=2))])
                assert P.successes(run) and not run.errors, run.errors
                assert "河西街道2025年5月隐患台账" in status_line(await b.rerun())

        P.run_async(go)
    with dbmod.open_reader(db) as con:
        assert con.execute("SELECT count(*) FROM uploads WHERE status = 'live'").fetchone()[0] == 3
