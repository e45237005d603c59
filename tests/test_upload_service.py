"""etl.store.uploads_service: preview, refusals, diff, role checks, remembered mappings, history,
rollback, reporting status, reports. Workbooks are built in code."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from etl.admin.users import Session, User
from etl.store import db as dbmod
from etl.store import uploads_service as svc
from tests.fixtures import has_chinese, hazards_frame, warehouse_state
from tests.fixtures import ledgers as L
from tests.fixtures.ledgers import STD_HEADER, H, Sheet, d, xlsx

ANA = User("ana", "analyst")
BOB = User("bob", "analyst")
ADMIN = User("root", "admin")
VIEWER = User("vic", "viewer")


def ledger(town: str, year: int, month: int, rows: list[list], *, header=None) -> bytes:
    title = f"{town}{year}年{month}月安全生产隐患排查整改台账"
    return xlsx([Sheet("Sheet1", [[title], list(header or STD_HEADER), *rows])])


MARCH = [
    H(1, "DC-1", "学校", "东城小学", "安全出口指示灯损坏", "一般", d(2025, 3, 3), d(2025, 3, 17), "已整改", d(2025, 3, 10), "县教育局"),
    H(2, "DC-2", "消防", "东城商场", "消防通道被占用", "重大", d(2025, 3, 10), d(2025, 4, 10), "整改中", None, "县消防救援大队"),
    H(3, "DC-3", "燃气", "东城饭店", "燃气报警器缺失", "一般", d(2025, 3, 12), d(2025, 4, 12), "未整改", None, "县住建局"),
]
# a cumulative April ledger: DC-2 now rectified, DC-3 dropped (still open in March), one new hazard
APRIL = [
    H(1, "DC-2", "消防", "东城商场", "消防通道被占用", "重大", d(2025, 3, 10), d(2025, 4, 10), "已整改", d(2025, 4, 8), "县消防救援大队"),
    H(2, "DC-4", "特种设备", "东城宾馆", "电梯超期未检", "一般", d(2025, 4, 2), d(2025, 4, 30), "未整改", None, "县市场监管局"),
]


@functools.cache  # openpyxl stamps the save time into the file: build once, compare bytes safely
def march() -> bytes:
    return ledger("东城街道", 2025, 3, MARCH)


@functools.cache
def april() -> bytes:
    return ledger("东城街道", 2025, 4, APRIL)


def load(db: Path, files: list[tuple[str, bytes]], user=ANA) -> list[svc.CommitResult]:
    return svc.commit(svc.preview_batch(files, db=db), user, db=db)


@pytest.fixture
def loaded(db_path: Path) -> Path:
    res = load(db_path, [("东城街道2025年3月.xlsx", march())])
    assert [r.status for r in res] == ["loaded"]
    return db_path


# ---------------------------------------------------------------- preview and refusals


def zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * 30_000_000)
    return buf.getvalue()


REFUSALS = [
    ("ledger.xlsx", L.only_sheet_empty),
    ("ledger.xlsx", L.title_but_no_header),
    ("ledger.xlsx", L.missing_found_date_column),
    ("ledger.xlsx", L.encrypted_ooxml_package),
    ("ledger.xls", L.encrypted_cfb_junk),
    ("ledger.xlsx", L.truncated_zip),
    ("ledger.xlsx", L.random_bytes),
    ("ledger.csv", L.prose_txt_as_csv),
    ("ledger.xlsx", L.zip_not_a_workbook),
    ("ledger.csv", L.empty_file),
    ("bomb.xlsx", zip_bomb),
    ("notes.docx", lambda: b"PK\x03\x04 not a spreadsheet"),
    ("ledger.pdf", lambda: b"%PDF-1.4"),
]


@pytest.mark.parametrize(("name", "builder"), REFUSALS, ids=[f"{b.__name__}-{n}" for n, b in REFUSALS])
def test_each_refusal_is_a_sentence_and_changes_nothing(loaded, name, builder):
    before = warehouse_state(loaded)
    [pv] = svc.preview_batch([(name, builder())], db=loaded)
    assert pv.status == "refused"
    assert has_chinese(pv.message_zh) and pv.message_en
    assert name in pv.message_zh  # the sentence names the file
    res = svc.commit([pv], ANA, db=loaded)
    assert [r.status for r in res] == ["skipped"]
    warehouse_state(loaded).assert_equal(before)


def test_file_size_limit_is_checked_on_the_server(db_path):
    limits = svc.Limits(max_file_bytes=1000, max_files=5)
    [pv] = svc.preview_batch([("东城街道2025年3月.xlsx", march())], db=db_path, limits=limits)
    assert pv.status == "refused" and "上限" in pv.message_zh


def test_batch_limit(monkeypatch):
    monkeypatch.setenv("SAFETY_UPLOAD_MAX_FILES", "2")
    monkeypatch.setenv("SAFETY_UPLOAD_MAX_MB", "7")
    limits = svc.Limits.from_env()
    assert limits == svc.Limits(7 * svc.MB, 2)
    assert svc.check_batch([("a.xlsx", b"")] * 3, limits)
    assert not svc.check_batch([("a.xlsx", b"")] * 2, limits)
    assert svc.Limits() == svc.Limits(10 * svc.MB, svc.DEFAULT_MAX_FILES)


def test_preview_reports_kind_month_towns_header_and_counts(db_path):
    [pv] = svc.preview_batch([("台账.xlsx", march())], db=db_path)
    a = pv.analysis
    assert pv.status == "ready" and pv.loadable
    assert (a.kind, a.report_month, a.towns) == ("hazard", dt.date(2025, 3, 1), ["东城街道"])
    [lay] = pv.layouts
    assert lay.header_row == 2 and lay.mapping["发现日期"] == "found_date"
    assert a.rows_read == a.rows_loaded + a.rows_rejected + a.rows_skipped == 3
    assert pv.reporting_unit == "东城街道"
    assert len(pv.diff.new) == 3 and pv.diff.status_changes.empty


def test_needs_town_and_month_are_flagged_and_fixed_by_options(db_path):
    data = L.no_town_no_month()
    [pv] = svc.preview_batch([("ledger.xlsx", data)], db=db_path)
    assert pv.needs_town and pv.needs_month and not pv.loadable
    opts = svc.FileOptions(town="西湖镇", month=dt.date(2025, 5, 1))
    pv = svc.preview_file("ledger.xlsx", data, opts, db=db_path)
    assert pv.loadable and not pv.needs_town and not pv.needs_month
    assert pv.analysis.towns == ["西湖镇"] and pv.analysis.report_month == dt.date(2025, 5, 1)


def test_same_content_twice_in_a_batch_loads_once(db_path):
    pvs = svc.preview_batch([("a.xlsx", march()), ("b.xlsx", march())], db=db_path)
    assert [p.status for p in pvs] == ["ready", "duplicate"]
    res = svc.commit(pvs, ANA, db=db_path)
    assert sorted(r.status for r in res) == ["loaded", "skipped"]


def test_already_loaded_file_is_marked_duplicate(loaded):
    [pv] = svc.preview_batch([("again.xlsx", march())], db=loaded)
    assert pv.status == "duplicate" and pv.duplicate_of == 1 and not pv.loadable


# ---------------------------------------------------------------- diff and spelling


def test_diff_new_changed_and_missing_from_cumulative_ledger(loaded):
    [pv] = svc.preview_batch([("东城街道2025年4月.xlsx", april())], db=loaded)
    dff = pv.diff
    assert dff.cumulative
    assert dff.new["entity_name"].tolist() == ["东城宾馆"]
    ch = dff.status_changes
    assert ch["entity_name"].tolist() == ["东城商场"]
    assert (ch["current_status"].iloc[0], ch["status"].iloc[0]) == ("open", "rectified")
    # DC-3 is open since March and the April cumulative ledger no longer lists it
    assert dff.missing["entity_name"].tolist() == ["东城饭店"]
    # DC-1 was rectified in March: its absence is not a question
    assert "东城小学" not in dff.missing["entity_name"].tolist()


def test_monthly_new_only_ledger_is_not_cumulative(loaded):
    rows = [H(1, "DC-9", "学校", "东城中学", "围墙开裂", "一般", d(2025, 4, 3), None, "未整改")]
    [pv] = svc.preview_batch([("x.xlsx", ledger("东城街道", 2025, 4, rows))], db=loaded)
    assert not pv.diff.cumulative and pv.diff.missing.empty and len(pv.diff.new) == 1


def test_did_you_mean_for_misspelt_town_and_department(loaded):
    rows = [H(1, "X-1", "学校", "东成小学", "围墙开裂", "一般", d(2025, 4, 3), None, "未整改", None, "县教育厅")]
    [pv] = svc.preview_batch([("x.xlsx", ledger("东成街道", 2025, 4, rows))], db=loaded)
    text = "\n".join(pv.suggestions)
    assert "东成街道" in text and "是否应为“东城街道”" in text
    assert "县教育厅" in text and "县教育局" in text
    assert all(s in pv.warnings for s in pv.suggestions)


def test_known_spellings_give_no_suggestion(loaded):
    [pv] = svc.preview_batch([("东城街道2025年4月.xlsx", april())], db=loaded)
    assert not any("东城街道" in s for s in pv.suggestions)


# ---------------------------------------------------------------- roles, commit, audit


@pytest.mark.parametrize("user", [None, VIEWER, Session("vic", "viewer", "", 0, 1e12)])
def test_commit_without_role_is_refused_and_writes_nothing(db_path, user):
    pvs = svc.preview_batch([("东城街道2025年3月.xlsx", march())], db=db_path)
    before = warehouse_state(db_path)
    with pytest.raises(PermissionError):
        svc.commit(pvs, user, db=db_path)
    warehouse_state(db_path).assert_equal(before)


def test_commit_loads_archives_audits_and_bumps_version(db_path):
    pvs = svc.preview_batch([("东城街道2025年3月.xlsx", march())], db=db_path)
    steps = []
    [res] = svc.commit(pvs, ANA, db=db_path, progress=lambda f, m: steps.append(f))
    assert res.status == "loaded" and res.data_version == 1
    assert steps[-1] == 1.0 and steps == sorted(steps)
    assert svc.original_file(pvs[0].sha256, db=db_path) == march()
    hist = svc.history(db=db_path)
    assert hist.iloc[0]["uploaded_by"] == "ana" and hist.iloc[0]["reporting_unit"] == "东城街道"
    audit = svc.audit_trail(db=db_path)
    assert audit.iloc[0]["user_name"] == "ana" and audit.iloc[0]["action"] == "upload"
    assert len(hazards_frame(db_path)) == 3


def test_original_file_refuses_path_like_hashes(loaded):
    assert svc.original_file("../../etc/passwd", db=loaded) is None


# ---------------------------------------------------------------- rollback


def test_rollback_own_upload_restores_previous_state(loaded):
    before = hazards_frame(loaded)
    [res] = load(loaded, [("东城街道2025年4月.xlsx", april())])
    assert hazards_frame(loaded).set_index("source_hazard_id").loc["DC-2", "status"] == "rectified"
    v = svc.rollback(res.upload_id, ANA, db=loaded)
    assert v == res.data_version + 1
    after = hazards_frame(loaded)
    assert after[["hazard_key", "status"]].equals(before[["hazard_key", "status"]])
    hist = svc.history(db=loaded).set_index("upload_id")
    assert hist.loc[res.upload_id, "status"] == "rolled_back" and hist.loc[res.upload_id, "rolled_back_by"] == "ana"
    assert svc.audit_trail(db=loaded).iloc[0]["action"] == "rollback"


def test_analyst_cannot_roll_back_anothers_upload_but_admin_can(loaded):
    with pytest.raises(PermissionError):
        svc.rollback(1, BOB, db=loaded)
    with pytest.raises(PermissionError):
        svc.rollback(1, VIEWER, db=loaded)
    with pytest.raises(PermissionError):
        svc.rollback(1, None, db=loaded)
    assert svc.history(db=loaded).iloc[0]["status"] == "live"
    svc.rollback(1, ADMIN, db=loaded)
    assert svc.history(db=loaded).iloc[0]["status"] == "rolled_back"
    assert svc.can_roll_back(ANA, "ana") and not svc.can_roll_back(BOB, "ana") and svc.can_roll_back(ADMIN, None)


def test_rollback_of_unknown_upload(loaded):
    from etl.store.load import UnknownUpload

    with pytest.raises(UnknownUpload):
        svc.rollback(99, ADMIN, db=loaded)


# ---------------------------------------------------------------- remembered mappings

ODD_HEADER = [h if h != "发现日期" else "巡查日子" for h in STD_HEADER]


def test_fix_a_column_in_the_form_and_have_it_remembered_next_month(db_path):
    mar = ledger("南山乡", 2025, 3, [[v for v in r] for r in MARCH], header=ODD_HEADER)
    [pv] = svc.preview_batch([("南山乡3月.xlsx", mar)], db=db_path)
    assert pv.status == "refused" and "发现日期" in pv.message_zh
    assert "巡查日子" in pv.layouts[0].ignored  # the form can offer it
    opts = svc.FileOptions(column_overrides={"巡查日子": "found_date"})
    pv = svc.preview_file("南山乡3月.xlsx", mar, opts, db=db_path)
    assert pv.loadable and pv.analysis.rows_loaded == 3
    svc.commit([pv], ANA, db=db_path)
    audit = svc.audit_trail(db=db_path)
    saved = audit[audit["action"] == "mapping_save"]
    assert len(saved) == 1 and json.loads(saved.iloc[0]["detail"])["overrides"] == {"巡查日子": "found_date"}
    # next month, same layout: offered (applied) automatically
    apr = ledger("南山乡", 2025, 4, [H(1, "NS-9", "学校", "南山小学", "围墙开裂", "一般", d(2025, 4, 3), None, "未整改")],
                 header=ODD_HEADER)
    [pv2] = svc.preview_batch([("南山乡4月.xlsx", apr)], db=db_path)
    assert pv2.status == "ready" and pv2.remembered is not None and pv2.remembered["saved_by"] == "ana"
    assert pv2.options.column_overrides == {"巡查日子": "found_date"}
    assert pv2.signature == pv.signature


def test_signature_ignores_what_columns_were_mapped_to(db_path):
    data = ledger("南山乡", 2025, 3, MARCH, header=ODD_HEADER)
    refused = svc.preview_file("a.xlsx", data, db=db_path)
    fixed = svc.preview_file("a.xlsx", data, svc.FileOptions(column_overrides={"巡查日子": "found_date"}), db=db_path)
    assert refused.signature == fixed.signature != ""


def test_mapping_a_column_to_ignore(db_path):
    opts = svc.FileOptions(column_overrides={"责任部门": ""})
    pv = svc.preview_file("东城街道2025年3月.xlsx", march(), opts, db=db_path)
    assert pv.analysis.frame["department"].isna().all()
    assert "责任部门" in pv.layouts[0].ignored


# ---------------------------------------------------------------- reporting status


def test_reporting_status_against_configured_units(loaded, tmp_path):
    units = svc.ReportingUnits(("东城街道", "南山乡"), ("县教育局",), True)
    rep = svc.reporting_status(dt.date(2025, 3, 1), db=loaded, units=units).set_index("unit")
    assert bool(rep.loc["东城街道", "received"]) and not bool(rep.loc["南山乡", "received"])
    assert not bool(rep.loc["县教育局", "received"]) and rep.loc["县教育局", "unit_type"] == "department"
    assert "东城街道2025年3月.xlsx" in rep.loc["东城街道", "files"]
    rep4 = svc.reporting_status(dt.date(2025, 4, 1), db=loaded, units=units)
    assert not rep4["received"].any()


def test_reporting_status_with_a_file_covering_several_towns(db_path):
    """A county ledger names many towns; each counts as having reported (it crashed the tab once)."""
    from etl.demo.synthetic import may_ledger

    svc.commit(svc.preview_batch([("安宁县2025年5月隐患台账.xlsx", may_ledger(rows=60))], db=db_path), ANA, db=db_path)
    units = svc.ReportingUnits(("城关镇", "河西街道", "不存在乡"), (), True)
    rep = svc.reporting_status(dt.date(2025, 5, 1), db=db_path, units=units).set_index("unit")
    assert bool(rep.loc["城关镇", "received"]) and bool(rep.loc["河西街道", "received"])
    assert not bool(rep.loc["不存在乡", "received"])


def test_reporting_status_with_an_upload_without_towns(loaded):
    """An upload whose towns are NULL (a registry, an old row) is simply not a town's report."""
    with dbmod.writer(loaded) as con:
        con.execute("UPDATE upload_log SET towns = NULL")
        con.execute("DELETE FROM upload_reporting_unit")
    units = svc.ReportingUnits(("东城街道",), (), True)
    rep = svc.reporting_status(dt.date(2025, 3, 1), db=loaded, units=units).set_index("unit")
    assert not bool(rep.loc["东城街道", "received"])


def test_reporting_units_file_and_admin_only_save(tmp_path, db_path, monkeypatch):
    path = tmp_path / "units.toml"
    monkeypatch.setenv(svc.UNITS_ENV, str(path))
    assert not svc.load_reporting_units().configured
    units = svc.ReportingUnits(("城关镇",), ("县应急管理局",), True)
    with pytest.raises(PermissionError):
        svc.save_reporting_units(units, ANA, db=db_path)
    svc.save_reporting_units(units, ADMIN, db=db_path)
    assert svc.load_reporting_units() == units
    assert svc.audit_trail(db=db_path).iloc[0]["action"] == "reporting_units"


def test_unconfigured_units_fall_back_to_known_towns(loaded):
    rep = svc.reporting_status(dt.date(2025, 3, 1), db=loaded, units=svc.ReportingUnits())
    assert rep["unit"].tolist() == ["东城街道"]


# ---------------------------------------------------------------- reports


def test_validation_report_lists_every_rejected_row_and_neutralises_formulas(db_path):
    rows = [*MARCH, H(4, "DC-5", "学校", "=HYPERLINK(\"http://x\",\"点我\")", "描述", "一般", "待定", None, "未整改"),
            H(5, "DC-6", "学校", "乙", "描述", "一般", "@SUM(1)", None, "未整改")]
    [pv] = svc.preview_batch([("东城街道2025年3月.xlsx", ledger("东城街道", 2025, 3, rows))], db=db_path)
    assert pv.analysis.rows_rejected == 2
    wb = openpyxl.load_workbook(io.BytesIO(svc.validation_report_xlsx(pv)))
    assert wb.sheetnames[:3] == ["概要", "被拒绝的行", "提示"]
    ws = wb["被拒绝的行"]
    header = [c.value for c in ws[1]]
    assert header == ["工作表", "Excel行号", "列", "原始值", "原因"]
    body = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert sorted(r[1] for r in body) == [6, 7]
    assert any(r[3] == "'@SUM(1)" for r in body)
    for r in ws.iter_rows(min_row=2):
        for c in r:
            assert c.data_type != "f"
    assert "新增隐患" in wb.sheetnames
    # the clerk's copy: Chinese headers, words for codes, no hash keys or checksums
    new_header = [c.value for c in wb["新增隐患"][1]]
    assert new_header == ["乡镇（街道）", "单位名称", "隐患描述", "发现日期", "本次台账状态", "Excel行号"]
    assert {r[4] for r in wb["新增隐患"].iter_rows(min_row=2, values_only=True)} <= {"未整改", "已整改"}
    summary = {r[0]: r[1] for r in wb["概要"].iter_rows(min_row=2, values_only=True)}
    assert "SHA-256" not in summary and summary["类型"] == "隐患排查整改台账"
    every = " ".join(str(c.value) for ws2 in wb for row in ws2.iter_rows() for c in row if c.value is not None)
    assert pv.sha256 not in every and "hazard_key" not in every and "entity_name" not in every


def test_error_report_of_a_loaded_upload(db_path):
    rows = [*MARCH, H(4, "DC-5", "学校", "丙", "描述", "一般", "=1+1", None, "未整改")]
    svc.commit(svc.preview_batch([("x.xlsx", ledger("东城街道", 2025, 3, rows))], db=db_path), ANA, db=db_path)
    errs = svc.upload_errors(1, db=db_path)
    assert errs["source_row"].tolist() == [6]
    ws = openpyxl.load_workbook(io.BytesIO(svc.error_report_xlsx(1, db=db_path))).active
    values = [c.value for c in ws[2]]
    assert values[1] == 6 and all(not (isinstance(v, str) and v.startswith("=")) for v in values)


def test_reader_connection_can_be_passed_in(loaded):
    con = dbmod.open_reader(loaded)
    try:
        [pv] = svc.preview_batch([("东城街道2025年4月.xlsx", april())], con=con.cursor())
        assert svc.history(con=con.cursor()).shape[0] == 1
    finally:
        con.close()
    assert pv.diff.cumulative
