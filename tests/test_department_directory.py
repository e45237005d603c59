"""The department directory (config/departments.toml): one department is one row, whichever way a
town writes its name, and every renaming is reported.

Towns write 应急局, 县应急局, 安监局 or 县应急管理局 for the same department. Kept as written, the
department would show as several rows in ⑤'s follow-through, the department filter and the
考核通报, each with part of its hazards. The fixtures (ledgers, an inspection log, a registry and
the directory itself) are written in code into a temporary config folder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from etl.read import queries
from etl.read.config import load_departments
from etl.store import db
from etl.store.writes import ingest, preview
from tests.fixtures.intensity_visits import LOG_HEADER
from tests.fixtures.ledgers import Sheet, d, xlsx

D = dt.date
DIRECTORY = """\
# test directory
[aliases]
"县应急管理局" = ["应急局", "县应急局", "安监局"]
"县市场监管局" = ["市场监管局", "市监局"]
"""
HEADER = ["隐患编号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改期限", "整改状态", "责任部门"]


def ledger(rows: list[tuple[str, str]]) -> tuple[bytes, str]:
    """城关镇's April ledger: (hazard id, department as written)."""
    body = [[hid, "危化品", f"{hid}化工厂", "储罐报警器失效", "一般", d(2025, 4, 3), d(2025, 4, 30), "整改中", dept]
            for hid, dept in rows]  # fmt: skip
    return xlsx([Sheet("4月", [["城关镇2025年4月安全生产隐患排查整改台账"], HEADER, *body])]), "城关镇2025年4月台账.xlsx"


@pytest.fixture
def directory(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "departments.toml").write_text(DIRECTORY, encoding="utf-8")
    monkeypatch.setenv("SAFETY_CONFIG_DIR", str(folder))
    return folder / "departments.toml"


def notices(an) -> list[str]:
    return [n.text("zh") for n in an.notices]


def test_other_names_are_read_as_the_directorys_and_each_renaming_is_reported(directory):
    an = preview(*ledger([("A1", "应急局"), ("A2", "应急局"), ("A3", "县 应急局"), ("A4", "县应急管理局"),
                          ("A5", "安监局"), ("A6", "县消防救援大队"), ("A7", "应急局办公室")]))  # fmt: skip
    assert an.table.column("department").to_pylist() == [
        "县应急管理局", "县应急管理局", "县应急管理局", "县应急管理局", "县应急管理局", "县消防救援大队",
        "应急局办公室",  # not a whole name of the directory: kept as written
    ]  # fmt: skip
    got = notices(an)
    assert "部门“应急局”按部门名录（config/departments.toml）读作“县应急管理局”：2 行" in got
    assert "部门“安监局”按部门名录（config/departments.toml）读作“县应急管理局”：1 行" in got
    assert sum("按部门名录" in n for n in got) == 3  # 应急局, 县 应急局, 安监局; nothing for the rest
    en = [n.text("en") for n in an.notices]
    assert "department '应急局' read as '县应急管理局' by the department directory (config/departments.toml): 2 rows" in en


def test_one_department_is_one_row_across_a_ledger_a_log_and_a_registry(directory, tmp_path):
    path = tmp_path / "warehouse.duckdb"
    assert ingest(*ledger([("A1", "应急局"), ("A2", "县应急管理局"), ("A3", "市监局")]), db=path).status == "loaded"
    log = [["城关镇2025年4月安全检查记录"], LOG_HEADER,
           [d(2025, 4, 8), "A1化工厂", "危化品", "县应急局", "日常检查", "乙", 1, 0, 0]]  # fmt: skip
    assert ingest(xlsx([Sheet("检查记录", log)]), "城关镇2025年4月检查记录.xlsx", db=path).status == "loaded"
    registry = [["城关镇监管对象名录"], ["单位名称", "行业领域", "监管部门", "风险等级"],
                ["A1化工厂", "危化品", "安监局", "红"], ["A3化工厂", "危化品", "市场监管局", "黄"]]  # fmt: skip
    assert ingest(xlsx([Sheet("名录", registry)]), "城关镇2025年4月监管对象名录.xlsx", db=path).status == "loaded"
    con = db.open_reader(path)
    try:
        assert sorted(r[0] for r in con.execute("SELECT DISTINCT department FROM hazards").fetchall()) == [
            "县市场监管局", "县应急管理局"]  # fmt: skip
        assert con.execute("SELECT DISTINCT department FROM inspections").fetchall() == [("县应急管理局",)]
        assert sorted(r[0] for r in con.execute("SELECT DISTINCT department FROM entities").fetchall()) == [
            "县市场监管局", "县应急管理局"]  # fmt: skip
        params = dict(start_month=D(2025, 4, 1), end_month=D(2025, 4, 1), towns=None, sectors=None, departments=None,
                      level=None, as_of=D(2025, 4, 30))  # fmt: skip
        follow = queries.run(con, "gap_followthrough", **params)
        rows = follow[~follow["is_county"]].set_index("department")
        assert rows.loc["县应急管理局", "total"] == 2 and "应急局" not in rows.index  # one row, both hazards
        reporting = queries.run(con, "gap_reporting", **{**params, "start_month": None})
        april = pd.to_datetime(reporting["month"]) == pd.Timestamp(2025, 4, 1)
        dept = reporting[(reporting["reporter_type"] == "department") & april]
        assert dict(zip(dept["reporter"], dept["reported"], strict=True)) == {"县应急管理局": True, "县市场监管局": False}
    finally:
        con.close()


def test_a_directory_with_a_mistake_changes_nothing_and_says_where(directory):
    directory.write_text(DIRECTORY + '"县消防救援大队" = ["消防大队", "应急局"]\n', encoding="utf-8")
    an = preview(*ledger([("A1", "应急局"), ("A2", "消防大队")]))
    assert an.table.column("department").to_pylist() == ["应急局", "消防大队"]
    got = notices(an)
    assert len(got) == 2 and "部门名录有误，部门名称均按原样导入：departments.toml 第 5 行：“应急局”同时列在“县应急管理局”和“县消防救援大队”下" in got[1]


def test_without_a_directory_every_name_is_kept_and_nothing_is_said(tmp_path, monkeypatch):
    monkeypatch.setenv("SAFETY_CONFIG_DIR", str(tmp_path))  # no departments.toml here
    an = preview(*ledger([("A1", "应急局")]))
    assert an.table.column("department").to_pylist() == ["应急局"]
    assert not any("部门名录" in n for n in notices(an))


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ('"县教育局" = ["县应急管理局"]\n', "本身是名录中的部门"),
        ('"县教育局" = "教育局"\n', "应为名称列表"),
        ("[other]\nx = 1\n", "未知设置“other”"),
    ],
)
def test_each_kind_of_mistake_is_one_sentence(tmp_path, extra, words):
    path = tmp_path / "departments.toml"
    path.write_text(DIRECTORY + extra, encoding="utf-8")
    aliases, problems = load_departments(path)
    assert aliases == {} and len(problems) == 1 and words in problems[0].text("zh")


def test_the_shipped_directory_is_valid_and_maps_no_department_to_another():
    aliases, problems = load_departments(Path(__file__).resolve().parents[1] / "config" / "departments.toml")
    assert problems == []
    assert aliases["应急局"] == "县应急管理局" and aliases["市监局"] == "县市场监管局"
    assert not set(aliases) & {v for v in aliases.values()}  # a department's own name is never renamed


def test_uploads_read_before_the_directory_named_a_department_are_listed_to_load_again(tmp_path, monkeypatch):
    """Rows loaded before a way of writing was added to the directory keep it as written, so one
    department shows as two rows until the file is loaded again. The upload engine lists each such
    upload with the names, the directory's names and the rows; rolled back and loaded again, the
    upload reads them as the directory's and the list is empty."""
    from etl.store import uploads_service as svc
    from etl.store.writes import rollback_upload

    path = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("SAFETY_CONFIG_DIR", str(tmp_path))  # no directory yet
    data, name = ledger([("A1", "应急局"), ("A2", "应急局"), ("A3", "县应急管理局"), ("A4", "县消防救援大队")])
    first = ingest(data, name, db=path)
    assert first.status == "loaded"
    assert svc.stale_department_names(db=path).empty  # no directory, nothing to compare with

    (tmp_path / "departments.toml").write_text(DIRECTORY, encoding="utf-8")
    stale = svc.stale_department_names(db=path)
    assert stale.to_dict("records") == [{"upload_id": first.upload_id, "file_name": name, "field": "department",
                                         "name": "应急局", "directory_name": "县应急管理局", "rows": 2}]  # fmt: skip

    rollback_upload(path, first.upload_id)
    again = ingest(data, name, db=path)
    assert again.status == "loaded" and svc.stale_department_names(db=path).empty
    con = db.open_reader(path)
    try:
        assert con.execute("SELECT DISTINCT department FROM hazards ORDER BY 1").fetchall() == [
            ("县应急管理局",), ("县消防救援大队",)]  # fmt: skip
    finally:
        con.close()

    # a directory with a mistake renames nothing, so it calls nothing stale either
    rollback_upload(path, again.upload_id)
    (tmp_path / "departments.toml").unlink()
    assert ingest(data, name, db=path).status == "loaded"  # 应急局 stored as written once more
    (tmp_path / "departments.toml").write_text(DIRECTORY.replace('"市场监管局"', '"应急局"'), encoding="utf-8")
    assert load_departments()[1]  # the mistake: 应急局 under two departments
    assert svc.stale_department_names(db=path).empty


def test_the_upload_list_on_the_command_line_says_which_uploads_to_load_again(tmp_path, run_etl):
    path = tmp_path / "warehouse.duckdb"
    data, name = ledger([("A1", "应急局"), ("A2", "县消防救援大队")])
    (tmp_path / name).write_bytes(data)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_etl("load", tmp_path / name, "--db", path, env={"SAFETY_CONFIG_DIR": str(empty)}).returncode == 0
    quiet = run_etl("uploads", "--db", path, env={"SAFETY_CONFIG_DIR": str(empty)})
    assert quiet.returncode == 0 and "部门名录" not in quiet.stdout
    (tmp_path / "departments.toml").write_text(DIRECTORY, encoding="utf-8")
    proc = run_etl("uploads", "--db", path, env={"SAFETY_CONFIG_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert "说明：上传 1 的部门“应急局”（1 行）导入在部门名录之前，名录现读作“县应急管理局”" in proc.stdout
    assert "roll it back and load the file again" in proc.stdout
