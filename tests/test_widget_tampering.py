"""A viewer cannot reach a write path by URL or by a crafted widget message (issue 7, "Auth").

A real ``streamlit run dashboard.py`` and clients that speak the browser's websocket protocol
(``tests.st_protocol``), so a test can send what no honest browser would: the ids and values of
widgets the session was never shown. The analyst's own session shows the widget ids of every
write path (the uploader, the confirm box and load button, rollback and its confirmation, the
column fixes, the reporting-unit form); anonymous and viewer sessions then send those ids —
with a real file uploaded into their own session — under every page they can name. The
warehouse, the audit log, remembered mappings and the reporting-unit file must not change.

The control: the same messages from the analyst's session do load and roll back, so the crafted
messages are the real thing and the test would fail if a viewer's got through.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench import st_protocol as P
from etl.store import db as dbmod
from tests.browser.server import streamlit_server

PW = {"ana": "secret123", "vic": "viewer123"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from etl.admin import users
    from etl.store import uploads_service as svc
    from tests.apptest import accounts_file
    from tests.test_upload_service import march

    tmp = tmp_path_factory.mktemp("tamper")
    db = tmp / "warehouse.duckdb"
    svc.commit(svc.preview_batch([("东城街道2025年3月隐患台账.xlsx", march())], db=db),
               users.User("ana", "analyst"), db=db)
    uf = tmp / "users.toml"
    accounts_file(uf, {"ana": ("analyst", PW["ana"]), "vic": ("viewer", PW["vic"])})
    units = tmp / "units.toml"
    env = {"SAFETY_USERS": str(uf), svc.UNITS_ENV: str(units)}
    with streamlit_server(db, "tamper_server.log", env=env, startup_s=60) as (url, _proc):
        yield url, db, units


def state(db: Path, units: Path) -> dict:
    """Everything a write path could change."""
    con = dbmod.open_reader(db)
    try:
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        return {
            "uploads": q("SELECT upload_id, status FROM uploads ORDER BY upload_id"),
            "version": dbmod.data_version(con),
            "observations": q("SELECT count(*) FROM hazard_observations"),
            "audit": q("SELECT count(*) FROM audit_log"),
            "mappings": q("SELECT count(*) FROM upload_mappings"),
            "units": units.read_bytes() if units.exists() else None,
        }
    finally:
        con.close()


def may_file() -> tuple[str, bytes]:
    from etl.demo.synthetic import may_ledger

    return "安宁县2025年5月隐患台账.xlsx", may_ledger(rows=40)


async def login(s: P.Session, user: str) -> P.Run:
    return await P.login(s, user, PW[user])


def page_widgets(run: P.Run) -> dict[str, P.Element]:
    """Widgets in the page body (delta path root 0), not the sidebar shell (language, login/logout)."""
    return {e.id: e for e in run.widgets() if e.path[:1] == (0,)}


def forged(seen: dict[str, P.Element], uploader_state: WidgetState) -> list[WidgetState]:
    """Every write-path widget the analyst was shown, set the way a click/tick/typing would."""
    out = []
    for el in seen.values():
        if el.kind == "file_uploader":
            out.append(WidgetState(id=el.id, file_uploader_state_value=uploader_state.file_uploader_state_value))
        elif el.kind == "button":
            out.append(P.click(el))
        elif el.kind == "checkbox":
            out.append(P.check(el))
        elif el.kind == "text_input":
            out.append(P.text(el, "'; DROP TABLE hazard_observations; --"))
    return out


def test_viewers_cannot_open_the_upload_page_by_url_page_hash_or_query(app):
    url, db, units = app
    before = state(db, units)

    async def go():
        async with P.Session(url) as ana, P.Session(url) as anon, P.Session(url) as vic:
            await login(ana, "ana")
            r = await ana.open("upload")
            assert r.of("file_uploader"), "the analyst sees the uploader (the page under test exists)"
            upload_hash = ana.pages["upload"]
            await login(vic, "vic")
            for s in (anon, vic):
                r = await s.open("upload")
                assert r.page_not_found and not r.of("file_uploader")
                assert "upload" not in s.pages  # not even listed
                s.page_hash = upload_hash  # the analyst's page hash, as a crafted message
                r = await s.rerun(query="page=upload&role=admin&user=ana&_auth_session=ana")
                assert not r.of("file_uploader") and not r.errors
                r = await s.open("upload", query="role=analyst")
                assert not r.of("file_uploader")

    P.run_async(go)
    assert state(db, units) == before


def test_crafted_widget_messages_from_viewers_reach_no_write_path(app):
    url, db, units = app
    before = state(db, units)
    assert before["uploads"] == [(1, "live")]
    name, blob = may_file()

    async def go():
        async with P.Session(url) as ana, P.Session(url) as anon, P.Session(url) as vic:
            # 1. The analyst's session shows the ids of the write paths.
            await login(ana, "ana")
            r = await ana.open("upload")
            seen = page_widgets(r)
            r = await ana.rerun(widgets=[P.click(r.find("button", "回退这次导入"))])
            yes = r.find("button", "确认回退")
            seen.update(page_widgets(r))
            uploader = r.find("file_uploader", "")
            r = await ana.rerun(widgets=[await ana.upload(uploader.id, [(name, blob)])])
            assert not r.errors
            go_button, confirm = r.find("button", "导入 1 个文件"), r.find("checkbox", "核对")
            seen.update(page_widgets(r))
            assert {"rb_yes", "upload_go"} <= {e.id.rsplit("-", 1)[-1] for e in seen.values()}

            # 2. Anonymous and viewer sessions send them all, with a real file in their own session.
            await login(vic, "vic")
            for s in (anon, vic):
                await s.open("")
                own = await s.upload(uploader.id, [(name, blob)])
                for page_hash in ("", ana.pages["upload"]):
                    s.page_hash = page_hash
                    for _ in range(2):  # twice: a first run could stage state for a second
                        r = await s.rerun(widgets=forged(seen, own))
                        assert state(db, units) == before, "a viewer's crafted message wrote"
                        assert not set(page_widgets(r)) & set(seen), "the upload page ran for a viewer"
                        assert not r.errors, r.errors

            # 3. Control: the same messages from the analyst's session do write.
            r = await ana.rerun(widgets=[P.click(yes)])
            assert not r.errors
            assert state(db, units)["uploads"] == [(1, "rolled_back")]
            r = await ana.rerun(widgets=[P.check(confirm)])
            r = await ana.rerun(widgets=[P.click(go_button)])
            assert not r.errors, r.errors
            return state(db, units)

    after = P.run_async(go)
    assert after["uploads"] == [(1, "rolled_back"), (2, "live")]
    assert after["version"] > before["version"] and after["audit"] > before["audit"]
