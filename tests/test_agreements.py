"""会商意见 loaded back (etl/ingest/agreements.py, migration 008): the agenda sheet the 会商清单 page exports,
filled in as the meeting would, is an upload of kind 'agreement' with full row accounting;
unknown units and departments are rejected with reasons, the rest load; the agreed owners fill
the department only where the ledgers named none; a rollback withdraws them."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import openpyxl
import pytest

from etl.admin import maintenance
from etl.ingest import agreements
from etl.problems import RefusedFile
from etl.read import blindspots as bs
from etl.read import config as cfg
from etl.read import queries
from etl.store import db
from etl.store.writes import CommandLine, rollback_upload
from pages._shared import export
from tests import warehouse_factory as wf
from tests.test_blindspots import EXTRA, PARAMS
from tests.test_queries_gaps import HAZARDS, _add_visits_and_registry

OPINIONS = {  # (事项类型, 单位名称 or 行业领域/类型) → 会商意见
    ("未登记单位", "红星化工"): "县应急管理局",
    ("未登记单位", "未登记小作坊"): "县市场监管局",
    ("未登记单位", "河西敬老院"): "县火星局",  # unknown department → rejected
    ("无牵头部门的行业", "其他"): "县应急管理局",
    ("隐患无责任部门的单位", "金辉超市"): "县消防救援大队",
    # 养老机构 (no_lead_type) left empty: not settled → non-data
}


def _agenda_bytes(path: Path, extra_rows: list[list] = ()) -> tuple[bytes, int]:
    c = db.open_reader(path)
    try:
        resp, _ = cfg.load_responsibilities(cfg.CONFIG_DIR / "responsibilities.toml")
        names = dict(c.execute("SELECT code, name_zh FROM sectors").fetchall())
        agenda = bs.read(lambda name, **p: queries.run(c, name, **p), PARAMS, resp,
                         lambda code: names.get(code, code)).agenda  # as the page builds it
    finally:
        c.close()
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(agenda, sheet="会商清单", title="会商清单", note="某日导出")))
    ws = wb.active
    head = next(r for r in range(1, 10) if ws.cell(r, 1).value == "序号")
    col = {ws.cell(head, j).value: j for j in range(1, ws.max_column + 1)}
    for r in range(head + 1, ws.max_row + 1):
        kind, unit, sector = (ws.cell(r, col[c]).value for c in ("事项类型", "单位名称", "行业领域"))
        opinion = OPINIONS.get((kind, unit)) or OPINIONS.get((kind, sector))
        if opinion:
            ws.cell(r, col[bs.AGENDA_COLUMNS[-1]]).value = opinion
    for extra in extra_rows:
        ws.append(extra)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), len(agenda)


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = wf.build(tmp_path / "w.duckdb", HAZARDS + EXTRA)
    _add_visits_and_registry(path)
    with db.writer(path) as w:  # those ids were written by hand: move the sequence past them, as a load would
        w.execute("SELECT nextval('upload_id_seq') FROM range((SELECT max(upload_id) FROM upload_log))")
    return path


def test_load_accounts_for_every_row_and_fills_missing_departments(warehouse: Path) -> None:
    ghost = [99, "未登记单位", "城关镇", "不存在的厂", None, None, None, None, 1, 1, None, "县应急管理局"]
    data, n_items = _agenda_bytes(warehouse, [ghost])
    rep = agreements.load_agreements(data, "会商清单_已填.xlsx", db=warehouse, actor=CommandLine("分析员"))
    # rows: title + note lines (non-data 2), n_items agenda rows + the ghost row
    assert rep.rows_read == 2 + n_items + 1
    assert rep.loaded == 4  # 红星化工, 未登记小作坊, sector 其他, 金辉超市
    reasons = sorted(p.reason for p in rep.rejected)
    assert len(reasons) == 2
    assert any("县火星局" in r and "不在已知部门" in r for r in reasons)
    assert any("不存在的厂" in r and "单位不在" in r for r in reasons)
    assert rep.rows_read == rep.loaded + rep.rows_rejected + rep.non_data
    c = db.open_reader(warehouse)
    try:
        up = c.execute("SELECT kind, rows_read, rows_loaded, rows_rejected, rows_skipped FROM uploads"
                       " WHERE upload_id = ?", [rep.upload_id]).fetchone()  # fmt: skip
        assert up == ("agreement", rep.rows_read, 4, 2, rep.non_data)
        errs = c.execute("SELECT column_name, raw_value FROM load_errors WHERE upload_id = ? ORDER BY 2",
                         [rep.upload_id]).fetchall()  # fmt: skip
        assert sorted(errs) == sorted([("单位名称", "不存在的厂"), (bs.AGENDA_COLUMNS[-1], "县火星局")])
        filled = dict(c.execute("SELECT hazard_key, agreed_department || '/' || agreed_by FROM hazard_agreed_owner"
                                " ORDER BY 1").fetchall())  # fmt: skip
        # H4 金辉超市 (fire, no department): its unit's agreement; B4 河西敬老院 (other, none): the
        # 'other' sector's agreement; H5 河西燃气站 (gas, none): nothing agreed
        assert filled == {"H4": "县消防救援大队/unit", "B4": "县应急管理局/sector"}
        # no source row rewritten
        assert c.execute("SELECT department FROM hazards WHERE hazard_key = 'H4'").fetchone() == (None,)
    finally:
        c.close()
    assert (warehouse.parent / "archive" / hashlib.sha256(data).hexdigest()).read_bytes() == data
    # `etl check`: the agreement upload's rows_loaded equals its observations, accounting balances
    result = maintenance.check(warehouse)
    assert result.ok, result.findings
    with pytest.raises(RefusedFile, match="已经导入过"):
        agreements.load_agreements(data, "again.xlsx", db=warehouse)
    rollback_upload(warehouse, rep.upload_id)
    c = db.open_reader(warehouse)
    try:
        assert c.execute("SELECT count(*) FROM hazard_agreed_owner").fetchone() == (0,)
    finally:
        c.close()


def test_a_sheet_that_is_not_the_agenda_is_refused_whole(warehouse: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["单位名称", "责任部门"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(RefusedFile, match="会商意见"):
        agreements.load_agreements(out.getvalue(), "x.xlsx", db=warehouse)
    c = db.open_reader(warehouse)
    try:
        assert c.execute("SELECT count(*) FROM uploads WHERE kind = 'agreement'").fetchone() == (0,)
    finally:
        c.close()


def test_cli_prints_the_accounting(warehouse: Path, tmp_path: Path, run_etl) -> None:
    data, n_items = _agenda_bytes(warehouse)
    f = tmp_path / "会商清单_已填.xlsx"
    f.write_bytes(data)
    res = run_etl("agree", str(f), "--db", str(warehouse))
    assert res.returncode == 0, res.stderr
    assert f"读取 {2 + n_items} 行 = 导入 4 + 拒绝 1 + 非数据 {2 + n_items - 5}" in res.stdout
    assert "县火星局" in res.stdout
    res = run_etl("agree", str(f), "--db", str(warehouse))
    assert res.returncode == 1 and "已经导入过" in res.stderr


def test_unit_key_is_the_warehouse_rule(warehouse: Path) -> None:
    """The Python key the sheet's names are matched with equals gap_unit_key (migration 002) of the
    name as the loader stores it (NFKC-normalised)."""
    import unicodedata

    names = ["城关镇 阳光（幼儿园）", "Ａｂｃ·有限公司", "金辉超市—二店", "  河西\u3000燃气站 ", "A&B(C)/D"]
    c = db.open_reader(warehouse)
    try:
        sql = [c.execute("SELECT gap_unit_key(?)", [unicodedata.normalize("NFKC", n)]).fetchone()[0] for n in names]
    finally:
        c.close()
    assert [agreements.unit_key(n) for n in names] == sql


def test_a_viewer_cannot_load_agreements(warehouse: Path) -> None:
    import time

    from etl.admin.users import Session

    viewer = Session("访客", "viewer", "访客", time.time(), time.time() + 3600)
    data, _ = _agenda_bytes(warehouse)
    with pytest.raises(PermissionError):
        agreements.load_agreements(data, "x.xlsx", db=warehouse, actor=viewer)
    c = db.open_reader(warehouse)
    try:
        assert c.execute("SELECT count(*) FROM uploads WHERE kind = 'agreement'").fetchone() == (0,)
    finally:
        c.close()


def test_a_short_department_name_is_rejected_with_the_directorys_name(warehouse: Path, monkeypatch) -> None:
    """A meeting's decision is recorded as written or not at all: 应急局 is not taken for 县应急管理局,
    but the rejection names the department directory's name for it (config/departments.toml)."""
    monkeypatch.setitem(OPINIONS, ("未登记单位", "河西敬老院"), "应急局")
    data, _ = _agenda_bytes(warehouse)
    rep = agreements.load_agreements(data, "会商清单_已填.xlsx", db=warehouse, actor=CommandLine("分析员"))
    why = [p for p in rep.rejected if p.raw_value == "应急局"]
    assert len(why) == 1 and "部门名录中即“县应急管理局”，请写作“县应急管理局”" in why[0].reason
    assert "the department directory calls it '县应急管理局'" in why[0].reason_en
