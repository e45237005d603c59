"""The upload page through Streamlit's AppTest: log in, drop generated workbooks, read the
preview and report, fix a column in the form, load, see the data version change, roll back;
viewers and anonymous users get no upload controls; the load path refuses them directly."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from etl.admin import users
from etl.store import uploads_service as svc
from pages._shared import safe
from tests import apptest
from tests.fixtures import ledgers as L
from tests.fixtures import warehouse_state
from tests.test_upload_service import MARCH, ODD_HEADER, april, ledger, march

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PW = {"ana": "secret123", "vic": "viewer123", "root": "admin1234"}


# keep the entrypoint (login, navigation, role gating) on every AppTest run (conftest.py)
pytestmark = pytest.mark.usefixtures("entrypoint_every_run")


@pytest.fixture(autouse=True)
def env(tmp_path, monkeypatch, db_path, st_caches):
    roles = {"ana": "analyst", "vic": "viewer", "root": "admin"}
    uf = apptest.accounts_file(tmp_path / "users.toml", {name: (role, PW[name]) for name, role in roles.items()})
    monkeypatch.setenv("SAFETY_USERS", str(uf))
    monkeypatch.setenv("SAFETY_WAREHOUSE", str(db_path))
    monkeypatch.setenv(svc.UNITS_ENV, str(tmp_path / "units.toml"))


def app(user: str | None = None) -> AppTest:
    at = apptest.app(timeout=90).run()
    assert not at.exception, at.exception
    if user:
        apptest.log_in(at, user, PW[user])
        assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    # what the reader sees: cell text is escaped
    return apptest.texts(at, ("markdown", "error", "warning", "info", "success", "caption"), shown=True)


def uploader(at: AppTest):
    found = at.get("file_uploader")
    return found[0] if found else None


def upload(at: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    uploader(at).set_value([(n, b, XLSX) for n, b in files]).run()
    assert not at.exception, at.exception
    return at


def assert_no_upload_page(at: AppTest) -> None:
    """The upload page is not in this session's navigation at all."""
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/upload.py")
    assert uploader(at) is None


def load_all(at: AppTest) -> AppTest:
    at.checkbox[0].check().run()
    at.button(key="upload_go").click().run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("user", [None, "vic"])
def test_viewer_and_anonymous_see_no_upload_controls(user):
    at = app(user)
    assert_no_upload_page(at)
    assert not any(b.key == "upload_go" for b in at.button)


def _guarded_page():
    import streamlit as st

    from pages._shared import auth

    auth.require_role("analyst")
    st.file_uploader("should never show")


def test_page_guard_stops_anyone_below_analyst():
    at = AppTest.from_function(_guarded_page, default_timeout=30).run()
    assert not at.exception, at.exception
    assert uploader(at) is None and "数据员" in at.warning[0].value
    at.session_state["_auth_session"] = users.Session("vic", "viewer", "", 0, 1e12)
    at.run()
    assert uploader(at) is None
    at.session_state["_auth_session"] = users.Session("ana", "analyst", "", 0, 1e12)
    at.run()
    assert uploader(at) is not None
    at.session_state["_auth_session"] = users.Session("ana", "analyst", "", 0, 1)  # expired
    at.run()
    assert uploader(at) is None


def test_wrong_password_says_so_and_stays_anonymous():
    at = app()
    at.text_input(key="auth_user").set_value("ana")
    at.text_input(key="auth_password").set_value("wrong-one1")
    next(b for b in at.button if b.label == "登录").click().run()
    assert "用户名或密码不正确" in texts(at)
    assert_no_upload_page(at)


def test_direct_call_to_the_load_path_without_role_is_refused(db_path):
    pvs = svc.preview_batch([("东城街道2025年3月.xlsx", march())], db=db_path)
    before = warehouse_state(db_path)
    viewer = users.authenticate("vic", PW["vic"])
    with pytest.raises(PermissionError):
        svc.commit(pvs, viewer, db=db_path)
    with pytest.raises(PermissionError):
        svc.rollback(1, viewer, db=db_path)
    warehouse_state(db_path).assert_equal(before)


def test_analyst_uploads_checks_loads_and_rolls_back(db_path):
    at = app("ana")
    assert "已登录" in texts(at)
    at.switch_page("pages/upload.py").run()
    assert not at.exception, at.exception
    upload(at, [("东城街道2025年3月.xlsx", march()), ("坏文件.xlsx", L.truncated_zip())])
    body = texts(at)
    assert "东城街道2025年3月.xlsx" in body and "可导入" in body and "隐患台账" in body and "2025年3月" in body
    assert any("坏文件.xlsx" in safe.shown(e.value) and "损坏" in e.value for e in at.error)  # a sentence, not a traceback
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["将导入"] == "3" and metrics["拒绝"] == "0" and metrics["新增隐患"] == "3"
    assert at.button(key="upload_go").disabled  # confirm first
    load_all(at)
    assert any("导入完成：" in s.value and "数据版本" not in s.value for s in at.success), texts(at)
    assert uploader(at).value in (None, [])  # a fresh uploader for the next batch
    assert warehouse_state(db_path).data_version == 1

    # April: the diff shows the status change and the hazard missing from the cumulative ledger
    upload(at, [("东城街道2025年4月.xlsx", april())])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["状态变化"] == "1" and metrics["累计台账中缺少"] == "1" and metrics["新增隐患"] == "1"
    load_all(at)
    assert any("导入完成：" in s.value for s in at.success)

    # history: pick upload #2, roll back with confirmation
    hist = at.selectbox(key="hist_pick")
    assert hist.value == 2
    at.button(key="rb_2").click().run()
    assert any("确认回退上传 #2" in safe.shown(w.value) for w in at.warning)
    assert warehouse_state(db_path).data_version == 2  # nothing yet
    at.button(key="rb_yes").click().run()
    assert not at.exception, at.exception
    assert any("已回退上传 #2" in s.value for s in at.success)
    assert warehouse_state(db_path).data_version == 3
    assert svc.history(db=db_path).set_index("upload_id").loc[2, "status"] == "rolled_back"
    assert svc.audit_trail(db=db_path)["user_name"].eq("ana").all()


def test_fix_an_unrecognised_column_in_the_form(db_path):
    at = app("ana")
    at.switch_page("pages/upload.py").run()
    upload(at, [("南山乡2025年3月.xlsx", ledger("南山乡", 2025, 3, MARCH, header=ODD_HEADER))])
    assert any("发现日期" in e.value for e in at.error)
    box = next(s for s in at.selectbox if s.label == "巡查日子")
    box.set_value("found_date")
    next(b for b in at.button if b.label == "按此重新检查").click().run()
    assert not at.exception, at.exception
    assert not any("发现日期" in e.value for e in at.error)
    assert {m.label: m.value for m in at.metric}["将导入"] == "3"
    load_all(at)
    assert any("导入完成：" in s.value for s in at.success)
    assert svc.audit_trail(db=db_path)["action"].tolist()[:2] == ["mapping_save", "upload"]


def test_town_and_month_given_in_the_form():
    at = app("ana")
    at.switch_page("pages/upload.py").run()
    upload(at, [("ledger.xlsx", L.no_town_no_month())])
    assert "找不到乡镇" in texts(at) and "找不到报送月份" in texts(at)
    at.text_input(key=next(k for k in (t.key for t in at.text_input) if k and k.endswith("_town"))).set_value("西湖镇")
    month_box = next(s for s in at.selectbox if s.key and s.key.endswith("_month"))
    month_box.set_value(next(o for o in month_box.options if o != month_box.options[0]))
    next(b for b in at.button if b.label == "按此重新检查").click().run()
    assert not at.exception, at.exception
    assert "找不到乡镇" not in texts(at)
    assert {m.label: m.value for m in at.metric}["将导入"] == "3"


@pytest.mark.parametrize(("name", "builder"), [("x.xlsx", L.encrypted_ooxml_package), ("x.csv", L.random_bytes),
                                               ("x.xlsx", L.title_but_no_header), ("x.xlsx", L.only_sheet_empty)])
def test_bad_files_are_a_sentence_and_the_app_stays_up(db_path, name, builder):
    at = app("ana")
    at.switch_page("pages/upload.py").run()
    upload(at, [(name, builder())])
    assert len(at.error) == 1 and name in safe.shown(at.error[0].value)
    assert "没有可导入的文件" in texts(at)
    assert warehouse_state(db_path).data_version == 0


def test_templates_tab_offers_three_downloads():
    at = app("ana")
    at.switch_page("pages/upload.py").run()
    keys = {b.key for b in at.get("download_button")}
    assert {"tpl_hazard", "tpl_inspection", "tpl_registry"} <= keys


def test_admin_sees_the_page_and_can_edit_reporting_units():
    at = app("root")
    at.switch_page("pages/upload.py").run()
    assert uploader(at) is not None
    assert any("报送单位名单" in str(e.label) for e in at.expander)


def test_closed_app_shows_only_the_login_until_someone_logs_in(tmp_path):
    uf = tmp_path / "users.toml"
    acc = users.load_accounts(uf)
    users.save_accounts(users.Accounts(users.Settings(require_login=True, slow_seconds=0), acc.users), uf)
    at = AppTest.from_file(apptest.APP, default_timeout=90).run()
    assert not at.exception, at.exception
    assert "需要登录" in texts(at) and not at.get("metric") and not at.get("plotly_chart")
    at.text_input(key="auth_user").set_value("vic")
    at.text_input(key="auth_password").set_value(PW["vic"])
    next(b for b in at.button if b.label == "登录").click().run()
    assert not at.exception, at.exception
    assert "需要登录" not in texts(at) and "已登录" in texts(at)


def test_a_package_of_several_kinds_is_loaded_once_as_each_on_the_page(db_path):
    """A 隐患台账 with a 检查记录 and a 企业名录 beside it: the page says which sheets this load leaves
    out and how to load them; choosing 检查记录 in the file's form loads the visits from the same file."""
    import duckdb

    from tests.fixtures import ledgers_heldout as H

    data = H.mixed_kinds_package()  # one content: the builder stamps the time it was made
    at = app("ana")
    at.switch_page("pages/upload.py").run()
    upload(at, [("城关镇4月报送.xlsx", data)])
    shown = texts(at)
    assert "工作表“检查记录、企业名录”是检查记录、监管对象名录，这次不导入" in shown
    load_all(at)
    assert any("导入完成：" in s.value for s in at.success)

    upload(at, [("城关镇4月报送.xlsx", data)])
    assert "已于上传" in texts(at)  # the same content as a hazard ledger: a duplicate
    kind_box = next(s for s in at.selectbox if s.label == "表格类型")
    kind_box.set_value("inspection")
    next(b for b in at.button if b.label == "按此重新检查").click().run()
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric}["将导入"] == "2"
    assert "工作表“隐患台账、企业名录”是隐患台账、监管对象名录，这次不导入" in texts(at)
    load_all(at)
    assert any("导入完成：" in s.value for s in at.success)
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM inspections").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM hazards").fetchone()[0] == 2


def test_the_history_lists_uploads_read_before_the_directory_named_their_departments(db_path, tmp_path, monkeypatch):
    """A ledger loaded before the directory named 应急局: the history tab says so, lists the upload
    with the name as written and the directory's, and says how to load it again."""
    from etl.store.writes import ingest
    from tests.test_department_directory import DIRECTORY, ledger

    monkeypatch.setenv("SAFETY_CONFIG_DIR", str(tmp_path))
    assert ingest(*ledger([("A1", "应急局"), ("A2", "县应急管理局")]), db=db_path).status == "loaded"
    at = app("ana")
    at.switch_page("pages/upload.py").run()
    assert not any("部门名录" in w.value for w in at.warning)  # no directory yet: nothing to say
    (tmp_path / "departments.toml").write_text(DIRECTORY, encoding="utf-8")
    at.run()
    assert not at.exception, at.exception
    (warn,) = [w for w in at.warning if "部门名录" in w.value]
    assert "回退，再重新导入（1 次上传）" in warn.value
    frames = [df.value for df in at.dataframe if "原写法" in df.value.columns]
    assert len(frames) == 1 and frames[0].iloc[0][["原写法", "名录名称", "行数"]].tolist() == ["应急局", "县应急管理局", 1]
