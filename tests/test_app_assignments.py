"""AppTest: the 会议交办事项 section of the 会议材料 page — the analyst records and closes items
through the form, a refused due date is one sentence, viewers and anonymous users see the list
and no form; the status shown is the computed one (warehouse of test_queries_supervision)."""

from __future__ import annotations

import datetime as dt

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from etl.admin import users
from etl.store import assignments as asg
from etl.store import db
from pages._shared import safe
from tests import apptest
from tests.test_queries_supervision import HAZARDS
from tests.warehouse_factory import build

PW = {"ana": "analyst-pass-1", "vic": "viewer-pass-1"}
PAGE = "pages/briefing.py"


# keep the entrypoint (login, navigation) on every AppTest run (conftest.py)
pytestmark = pytest.mark.usefixtures("entrypoint_every_run")


@pytest.fixture
def wh(tmp_path, monkeypatch, st_caches):
    uf = apptest.accounts_file(tmp_path / "users.toml", {"ana": ("analyst", PW["ana"]), "vic": ("viewer", PW["vic"])})
    path = build(tmp_path / "warehouse.duckdb", HAZARDS)
    monkeypatch.setenv("SAFETY_USERS", str(uf))
    monkeypatch.setenv("SAFETY_WAREHOUSE", str(path))
    return path


def app(user: str | None = None) -> AppTest:
    at = apptest.app(timeout=90, period=["2025-01", "2025-06"], asof="2025-06-30")
    at.run()
    if user:
        apptest.log_in(at, user, PW[user])
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    return apptest.texts(at, ("markdown", "error", "success", "caption", "info"), shown=True)


def rows(path) -> list[tuple]:
    c = db.open_reader(path)
    try:
        return c.execute("SELECT assignment_id, version, kind, title, assignee, hazard_key, changed_by "
                         "FROM assignments ORDER BY 1").fetchall()  # fmt: skip
    finally:
        c.close()


def save(at: AppTest, *, title: str, due: dt.date) -> AppTest:
    next(w for w in at.text_input if (w.key or "").startswith("asg_title_")).set_value(title)
    at.date_input(key="asg_meeting").set_value(dt.date(2025, 7, 5))
    at.date_input(key="asg_due").set_value(due)
    next(b for b in at.button if b.label == "保存交办事项").click().run()
    assert not at.exception, at.exception
    return at


def test_analyst_records_a_free_item_and_a_hazard_item_and_closes_one(wh):
    at = app("ana")
    assert "还没有记录交办事项" in texts(at)
    at.selectbox(key="asg_assignee_town").set_value("城关镇").run()
    save(at, title="开展燃气专项检查", due=dt.date(2025, 7, 31))
    assert "已记录交办事项 #1" in texts(at)
    at.segmented_control(key="asg_source").set_value("overdue").run()
    assert at.selectbox(key="asg_hz_overdue").value == "S1"  # the one overdue major
    save(at, title="化工厂报警器整改并验收", due=dt.date(2025, 7, 31))
    got = rows(wh)
    assert [(r[0], r[2], r[3], r[4], r[5], r[6]) for r in got] == [
        (1, "free", "开展燃气专项检查", "城关镇", None, "ana"),
        (2, "hazard", "化工厂报警器整改并验收", "城关镇", "S1", "ana"),
    ]
    table = next(df.value for df in at.dataframe if "落实情况" in df.value.columns)
    assert table["交办内容"].tolist() == ["开展燃气专项检查", "化工厂报警器整改并验收"]
    at.text_input(key="asg_close_note").set_value("已检查 8 家")
    next(b for b in at.button if b.label == "办结").click().run()
    assert "交办事项 #1 已办结" in texts(at)
    assert [r[1] for r in rows(wh)] == [2, 1]


def test_due_date_before_the_meeting_is_refused_with_a_sentence(wh):
    at = app("ana")
    at.selectbox(key="asg_assignee_town").set_value("城关镇").run()
    save(at, title="x", due=dt.date(2025, 7, 1))
    assert "早于会议日期" in texts(at) and at.error
    assert rows(wh) == []


@pytest.mark.parametrize("user", [None, "vic"])
def test_viewers_see_the_list_and_no_form(wh, user):
    asg.add(wh, users.User("ana", "analyst"), meeting_date=dt.date(2025, 7, 5), assignee_kind="town",
            assignee="城关镇", title="开展燃气专项检查", due_date=dt.date(2025, 7, 31))  # fmt: skip
    at = app(user)
    table = next(df.value for df in at.dataframe if "落实情况" in df.value.columns)
    assert table["交办内容"].tolist() == ["开展燃气专项检查"]
    assert "登录为数据员或管理员后可记录" in texts(at)
    assert not [b for b in at.button if b.label in ("保存交办事项", "办结")]


def test_present_mode_starts_with_the_assignments_when_there_are_any(wh):
    def show() -> str:
        st.cache_data.clear()
        at = AppTest.from_file(apptest.APP, default_timeout=90)
        at.query_params["mode"] = "present"
        at.query_params["month"] = "2025-06"
        at.run()
        assert not at.exception, at.exception
        return safe.shown("\n".join(m.value for m in at.markdown))

    assert "第 1 / 7 页" in show()  # no assignments: the six slides and 考核通报
    asg.add(wh, users.User("ana", "analyst"), meeting_date=dt.date(2025, 6, 5), assignee_kind="town",
            assignee="城关镇", title="化工厂报警器整改并验收", due_date=dt.date(2025, 6, 20), kind="hazard",
            hazard_key="S1")  # fmt: skip
    body = show()
    assert "第 1 / 8 页" in body and "上次会议交办事项落实情况" in body
    assert "逾期未完成" in body  # S1 is still open on 2025-06-30, past its due date


def test_analyst_edits_an_item_as_a_new_version_and_a_due_date_before_the_meeting_is_refused(wh):
    asg.add(wh, users.User("ana", "analyst"), meeting_date=dt.date(2025, 7, 5), assignee_kind="town",
            assignee="城关镇", title="开展燃气专项检查", due_date=dt.date(2025, 7, 31))  # fmt: skip
    at = app("ana")
    at.text_input(key="asg_edit_title_1_1").set_value("开展燃气和消防专项检查")
    at.date_input(key="asg_edit_due_1_1").set_value(dt.date(2025, 8, 15))
    next(b for b in at.button if b.label == "保存修改").click().run()
    assert "交办事项 #1 已保存为新版本" in texts(at)
    c = db.open_reader(wh)
    try:
        got = c.execute("SELECT version, title, due_date, based_on, changed_by FROM assignment_versions "
                        "ORDER BY version").fetchall()  # fmt: skip
    finally:
        c.close()
    assert got[1] == (2, "开展燃气和消防专项检查", dt.date(2025, 8, 15), 1, "ana")
    table = next(df.value for df in at.dataframe if "落实情况" in df.value.columns)
    assert table["版本"].tolist() == ["v2"]
    at.date_input(key="asg_edit_due_1_2").set_value(dt.date(2025, 7, 1))
    next(b for b in at.button if b.label == "保存修改").click().run()
    assert "早于会议日期" in texts(at)


def test_analyst_gives_a_town_its_months_not_reported_and_the_list_says_which_months(wh):
    at = app("ana")
    at.segmented_control(key="asg_source").set_value("figure").run()
    at.selectbox(key="asg_assignee_town").set_value("城关镇").run()
    at.selectbox(key="asg_figure").set_value("missed_reports").run()
    assert "漏报月数：从会议当月起" in texts(at)  # the rule is said where the item is made
    title = next(w for w in at.text_input if (w.key or "").startswith("asg_title_"))
    assert title.value == "按月报送隐患排查整改台账，漏报不超过 0 个月"
    at.date_input(key="asg_meeting").set_value(dt.date(2025, 7, 5))
    at.date_input(key="asg_due").set_value(dt.date(2025, 7, 20))  # before July has ended: nothing falls due
    next(b for b in at.button if b.label == "保存交办事项").click().run()
    assert "须不早于会议当月月底（2025-07-31）" in texts(at) and rows(wh) == []
    at.date_input(key="asg_due").set_value(dt.date(2025, 9, 30))
    next(b for b in at.button if b.label == "保存交办事项").click().run()
    assert "已记录交办事项 #1" in texts(at)
    assert [(r[2], r[3], r[4]) for r in rows(wh)] == [("figure", "按月报送隐患排查整改台账，漏报不超过 0 个月", "城关镇")]
    c = db.open_reader(wh)
    try:
        item = asg.status(c, as_of=dt.date.today()).iloc[0]
    finally:
        c.close()
    assert item["months_due"] == 3  # July, August and September 2025
    table = next(df.value for df in at.dataframe if "落实情况" in df.value.columns)
    assert table["依据"].tolist() == [asg.figure_evidence(item, "zh")]
    assert table["依据"].iloc[0].startswith("应报 3 个月")


def test_the_suggested_title_follows_the_figure_picked_last(wh):
    """A keyed text box keeps its first value: the title must still follow a change of figure or
    target, or an item would be saved under the title of the figure picked before."""
    at = app("ana")
    at.segmented_control(key="asg_source").set_value("figure").run()
    at.selectbox(key="asg_assignee_town").set_value("城关镇").run()

    def title() -> str:
        return next(w for w in at.text_input if (w.key or "").startswith("asg_title_")).value

    assert title() == "逾期重大隐患降至 0 项"
    at.selectbox(key="asg_figure").set_value("open_major").run()
    assert title() == "未整改重大隐患降至 0 项"
    at.number_input(key="asg_target").set_value(2).run()
    assert title() == "未整改重大隐患降至 2 项"


def test_the_edit_form_shows_the_version_another_analyst_saved_meanwhile(wh):
    """The form's boxes are keyed by the version they show: after another analyst's save they show
    that version, not the one this analyst opened (an edit made from it would undo theirs)."""
    asg.add(wh, users.User("ana", "analyst"), meeting_date=dt.date(2025, 7, 5), assignee_kind="town",
            assignee="城关镇", title="开展燃气专项检查", due_date=dt.date(2025, 7, 31))  # fmt: skip
    at = app("ana")
    assert at.text_input(key="asg_edit_title_1_1").value == "开展燃气专项检查"
    asg.edit(wh, users.User("bo", "analyst"), 1, based_on=1, title="开展燃气和消防专项检查")
    st.cache_data.clear()
    at.run()
    assert at.text_input(key="asg_edit_title_1_2").value == "开展燃气和消防专项检查"
    assert not [w for w in at.text_input if w.key == "asg_edit_title_1_1"]
