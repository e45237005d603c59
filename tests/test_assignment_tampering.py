"""A viewer cannot record or close a 会议交办事项 with crafted widget messages (issue 12), tested as
the upload path is (tests/test_widget_tampering.py): a real server, clients speaking Streamlit's
websocket protocol (bench/st_protocol.py). The analyst's session shows the ids of the record and
close forms; anonymous and viewer sessions send those ids, filled in and submitted, under every
page hash they can name; the assignment versions and the audit log must not change. Control: the
same messages from the analyst's session do write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bench import st_protocol as P
from etl.store import db as dbmod
from tests.browser.server import streamlit_server

PW = {"ana": "secret123", "vic": "viewer123"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from etl.admin import users
    from etl.store import assignments as asg
    from tests.apptest import accounts_file
    from tests.test_queries_supervision import HAZARDS
    from tests.warehouse_factory import build

    tmp = tmp_path_factory.mktemp("asg_tamper")
    db = build(tmp / "warehouse.duckdb", HAZARDS)
    asg.add(db, users.User("ana", "analyst"), meeting_date=dt.date(2025, 6, 5), assignee_kind="town",
            assignee="城关镇", title="开展燃气专项检查", due_date=dt.date(2025, 6, 30))  # fmt: skip
    uf = tmp / "users.toml"
    accounts_file(uf, {"ana": ("analyst", PW["ana"]), "vic": ("viewer", PW["vic"])})
    with streamlit_server(db, "asg_tamper_server.log", env={"SAFETY_USERS": str(uf)}, startup_s=60) as (url, _p):
        yield url, db


def state(db: Path) -> dict:
    con = dbmod.open_reader(db)
    try:
        return {
            "versions": con.execute(
                "SELECT assignment_id, version, closed FROM assignment_versions ORDER BY 1, 2"
            ).fetchall(),
            "audit": con.execute("SELECT count(*) FROM audit_log").fetchone()[0],
            "version": dbmod.data_version(con),
        }
    finally:
        con.close()


def forged(seen: dict[str, P.Element]) -> list:
    out = []
    for el in seen.values():
        if el.kind == "button":
            out.append(P.click(el))
        elif el.kind == "text_input":
            out.append(P.text(el, "伪造的交办事项"))
    return out


def test_crafted_assignment_messages_from_viewers_write_nothing(app):
    url, db = app
    before = state(db)
    assert len(before["versions"]) == 1

    async def go():
        async with P.Session(url) as ana, P.Session(url) as anon, P.Session(url) as vic:
            await P.login(ana, "ana", PW["ana"])
            r = await ana.open("briefing")
            save = r.find("button", "保存交办事项")
            close = r.find("button", "办结")
            title = next(e for e in r.of("text_input") if e.label == "交办内容")
            note = r.find("text_input", "办结说明")
            seen = {e.id: e for e in (save, close, title, note)}
            await P.login(vic, "vic", PW["vic"])
            for s in (anon, vic):
                r = await s.open("briefing")
                assert not [e for e in r.of("button") if e.label in ("保存交办事项", "办结")]
                for page_hash in ("", ana.pages["briefing"]):
                    s.page_hash = page_hash
                    for _ in range(2):
                        r = await s.rerun(widgets=forged(seen))
                        assert state(db) == before, "a viewer's crafted message wrote"
                        assert not r.errors, r.errors
            # control: the analyst's own messages do write (a new item, and the free item closed)
            r = await ana.rerun(widgets=[P.text(title, "分析员记录的事项"), P.click(save)])
            assert not r.errors, r.errors
            r = await ana.open("briefing")
            r = await ana.rerun(widgets=[P.text(r.find("text_input", "办结说明"), "已完成"),
                                         P.click(r.find("button", "办结"))])  # fmt: skip
            assert not r.errors, r.errors

    P.run_async(go)
    after = state(db)
    assert [v[:2] for v in after["versions"]] == [(1, 1), (1, 2), (2, 1)]
    assert after["versions"][1][2] is True  # closed
    assert after["audit"] == before["audit"] + 2
