"""A town's package of several kinds in one workbook (隐患台账 + 检查记录 + 企业名录): loaded once as each
kind, each load reading only the sheets of its kind. The same content loaded twice as the same kind is
still a duplicate; a rollback frees that kind for a reload."""

from __future__ import annotations

import datetime as dt

import duckdb

from etl.store import writes
from tests.fixtures import ledgers_heldout as H

NAME = "城关镇4月报送.xlsx"


def _roles(report) -> dict[str, str]:
    return {s.name: s.role for s in report.analysis.sheets}


def _visits(db, upload_id: int) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT inspection_date, entity_name, hazards_found, major_hazards_found FROM inspections "
                           "WHERE upload_id = ? ORDER BY inspection_date", [upload_id]).fetchall()


def _hazard_count(db) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM hazards").fetchone()[0]


def test_the_package_loads_once_as_each_kind(db_path):
    data = H.mixed_kinds_package()
    first = writes.ingest(data, NAME, db=db_path)
    assert first.status == "loaded" and first.analysis.kind == "hazard"
    assert _roles(first) == {"隐患台账": "data", "检查记录": "other_kind", "企业名录": "other_kind"}
    sheet = next(s for s in first.analysis.sheets if s.name == "检查记录")
    assert "再次导入本文件并把类型选为“检查记录”" in sheet.reason
    assert "load this file again with the kind set to 'inspection'" in sheet.reason_text("en")
    assert _hazard_count(db_path) == 2

    second = writes.ingest(data, NAME, db=db_path, kind="inspection")
    assert second.status == "loaded" and second.analysis.kind == "inspection"
    # only the 检查记录 sheet is read: the two hazards are not stored as visits
    assert _roles(second) == {"隐患台账": "other_kind", "检查记录": "data", "企业名录": "other_kind"}
    assert _visits(db_path, second.upload_id) == [(dt.date(2025, 4, 3), "城关化工厂", 5, 1),
                                                  (dt.date(2025, 4, 9), "城关超市", 2, 0)]
    assert _hazard_count(db_path) == 2

    # the same content as the same kind again: a duplicate of the load of that kind
    again = writes.ingest(data, NAME, db=db_path)
    assert again.status == "duplicate" and again.duplicate_of == first.upload_id
    again = writes.ingest(data, NAME, db=db_path, kind="inspection")
    assert again.status == "duplicate" and again.duplicate_of == second.upload_id
    assert f"已于上传 #{second.upload_id} 作为检查记录导入" in again.message and "(Inspection log)" in again.message

    # a rollback of the inspection load takes its visits away and frees the kind for a reload
    writes.rollback_upload(db_path, second.upload_id)
    assert _visits(db_path, second.upload_id) == [] and _hazard_count(db_path) == 2
    third = writes.ingest(data, NAME, db=db_path, kind="inspection")
    assert third.status == "loaded" and len(_visits(db_path, third.upload_id)) == 2


def test_a_chosen_kind_no_sheet_reads_as_is_still_the_analysts_correction(db_path):
    """When no sheet reads as the kind the analyst chose, every sheet is read as that kind (as before):
    the choice corrects the detection rather than setting every sheet aside."""
    from tests.fixtures import ledgers as L

    auto = writes.ingest(L.levels(), "城关镇2025年3月隐患台账.xlsx", db=db_path, dry_run=True)
    assert auto.analysis.kind == "hazard"
    chosen = writes.ingest(L.levels(), "城关镇2025年3月隐患台账.xlsx", db=db_path, dry_run=True, kind="registry")
    assert chosen.analysis.kind == "registry"
    assert all(s.role != "other_kind" for s in chosen.analysis.sheets)


def test_the_upload_page_preview_offers_the_other_kind_once_the_first_is_loaded(db_path):
    """The upload page's preview: the package is a duplicate as a hazard ledger once loaded, and ready
    (with its two visits) when the analyst sets the kind to 检查记录 in the file's form."""
    from etl.store import uploads_service as svc

    data = H.mixed_kinds_package()
    assert writes.ingest(data, NAME, db=db_path).status == "loaded"
    dup = svc.preview_file(NAME, data, None, db=db_path)
    assert dup.status == "duplicate" and "作为隐患台账导入" in dup.message_zh and "(Hazard ledger)" in dup.message_en
    pv = svc.preview_file(NAME, data, svc.FileOptions(kind="inspection"), db=db_path)
    assert pv.status == "ready" and pv.loadable and pv.analysis.rows_loaded == 2
