"""Files that can't be read as a whole are refused with one clear sentence (Chinese / English),
and the warehouse is left exactly as it was (docs/DATA_CONTRACT.md §1.2)."""

from __future__ import annotations

import re

import pytest

from tests.fixtures import analyse_in_bounded_child, has_chinese, warehouse_state
from tests.fixtures import ledgers as L

pipeline = pytest.importorskip("etl.ingest.pipeline", reason="etl.ingest.pipeline not written yet")
writes = pytest.importorskip("etl.store.writes", reason="etl.store.writes not written yet")
analyse, ingest, RefusedFile = pipeline.analyse, writes.ingest, pipeline.RefusedFile

# (builder, file name it arrives under)
REFUSED = [
    ("only_sheet_empty", "ledger.xlsx"),
    ("title_but_no_header", "ledger.xlsx"),
    ("missing_found_date_column", "ledger.xlsx"),
    ("encrypted_cfb_junk", "ledger.xlsx"),
    ("encrypted_cfb_junk", "ledger.xls"),
    ("encrypted_ooxml_package", "ledger.xlsx"),
    ("truncated_zip", "ledger.xlsx"),
    ("random_bytes", "ledger.xlsx"),
    ("random_bytes", "ledger.xls"),
    ("random_bytes", "ledger.csv"),
    ("zip_not_a_workbook", "ledger.xlsx"),
    ("prose_txt_as_csv", "ledger.csv"),
    ("english_fire_inspection_csv", "Highrise Inspections Data.csv"),
    ("english_fire_inspection_xlsx", "inspections.xlsx"),
    ("empty_file", "ledger.csv"),
    ("empty_file", "ledger.xlsx"),
]
IDS = [f"{b}-{n.rsplit('.', 1)[-1]}" for b, n in REFUSED]


@pytest.mark.parametrize(("builder", "name"), REFUSED, ids=IDS)
def test_analyse_refuses(builder, name):
    with pytest.raises(RefusedFile) as info:
        analyse(getattr(L, builder)(), name)
    e = info.value
    assert has_chinese(e.message_zh), e.message_zh
    # English sentence (it may quote Chinese header names as examples)
    assert re.search(r"[A-Za-z]{3,}\s+[A-Za-z]{2,}", e.message_en or ""), e.message_en
    assert str(e) == f"{e.message_zh} / {e.message_en}"
    assert "Traceback" not in str(e)


def test_missing_required_column_is_named():
    with pytest.raises(RefusedFile) as info:
        analyse(L.missing_found_date_column(), "ledger.xlsx")
    assert "发现日期" in info.value.message_zh


def test_encrypted_workbook_says_so():
    with pytest.raises(RefusedFile) as info:
        analyse(L.encrypted_ooxml_package(), "ledger.xlsx")
    assert "加密" in info.value.message_zh or "密码" in info.value.message_zh, info.value.message_zh


def test_english_sheet_refused_for_no_header():
    with pytest.raises(RefusedFile) as info:
        analyse(L.english_fire_inspection_csv(), "Highrise Inspections Data.csv")
    assert "表头" in info.value.message_zh or "列" in info.value.message_zh, info.value.message_zh


def test_big5_csv_never_crashes():
    """Big5 is not a contract encoding: a Chinese refusal or a fully accounted load are both fine."""
    try:
        a = analyse(L.big5_csv(), "683113371043_big5.csv")
    except RefusedFile as e:
        assert has_chinese(e.message_zh)
    else:
        assert a.rows_read == a.rows_loaded + a.rows_rejected + a.rows_skipped


@pytest.fixture
def loaded_db(db_path):
    rep = ingest(L.march_ledger(), "m.xlsx", db=db_path)
    assert rep.status == "loaded"
    return db_path


@pytest.mark.parametrize(("builder", "name"), REFUSED, ids=IDS)
def test_ingest_refusal_leaves_warehouse_untouched(loaded_db, builder, name):
    before = warehouse_state(loaded_db)
    rep = ingest(getattr(L, builder)(), name, db=loaded_db)
    assert rep.status == "refused"
    assert rep.analysis is None
    assert rep.upload_id is None
    assert has_chinese(rep.message) and " / " in rep.message
    before.assert_equal(warehouse_state(loaded_db))


def test_ingest_missing_path_is_refused(loaded_db, tmp_path):
    before = warehouse_state(loaded_db)
    rep = ingest(tmp_path / "没有这个文件.xlsx", db=loaded_db)
    assert rep.status == "refused"
    assert has_chinese(rep.message)
    before.assert_equal(warehouse_state(loaded_db))


def test_refused_bytes_do_not_block_a_later_good_file(loaded_db):
    """A refusal is not remembered as a 'duplicate' hash."""
    assert ingest(L.random_bytes(), "x.xlsx", db=loaded_db).status == "refused"
    assert ingest(L.random_bytes(), "x.xlsx", db=loaded_db).status == "refused"
    assert ingest(L.april_ledger(), "a.xlsx", db=loaded_db).status == "loaded"


def test_file_with_no_town_anywhere_explains_the_town(db_path):
    """Every row lacks a town: either an upload of 0 rows with each row's reason recorded, or a
    refusal whose sentence names the missing town — never a silent empty load."""
    rep = ingest(L.no_town_anywhere(), "ledger.xlsx", db=db_path)
    assert rep.status in ("loaded", "refused")
    if rep.status == "loaded":
        assert (rep.analysis.rows_loaded, rep.analysis.rows_rejected) == (0, 3)
        errs = warehouse_state(db_path).load_errors
        assert len(errs) == 3
        assert all(("乡镇" in r) or ("街道" in r) for r in errs["reason"])
    else:
        assert "乡镇" in rep.message or "街道" in rep.message, rep.message


# ---------------------------------------------------------------- hostile shapes, bounded child


STRAY = {
    "xlsx-A1048576": (lambda: L.far_stray_cell("A1048576"), "ledger.xlsx"),
    "xlsx-XFD10": (lambda: L.far_stray_cell("XFD10"), "ledger.xlsx"),
    "xlsx-XFD1048576": (lambda: L.far_stray_cell("XFD1048576"), "ledger.xlsx"),
    "xls-IV65536": (L.xls_far_stray_cell, "ledger.xls"),
}


@pytest.mark.parametrize("case", list(STRAY))
def test_far_stray_cell_within_budget(tmp_path, case):
    """A stray value far from the table must not make the reader materialise the whole grid."""
    build, name = STRAY[case]
    p = tmp_path / name
    p.write_bytes(build())
    verdict = analyse_in_bounded_child(p)
    if verdict["refused"]:
        assert has_chinese(verdict["zh"]), verdict
    else:
        assert verdict["loaded"] == 3, verdict
        assert verdict["read"] == verdict["loaded"] + verdict["rejected"] + verdict["skipped"], verdict
        assert verdict["read"] in (3, 4), verdict


# ---------------------------------------------------------------- English readers get English


@pytest.mark.parametrize(("builder", "name"), REFUSED, ids=IDS)
def test_the_english_sentence_has_no_chinese_but_the_file_name(builder, name):
    """Every refusal is typed: its English sentence is written from the catalogue's English words,
    never from a Chinese detail pasted into it (only the file's own name may be Chinese)."""
    from etl import problems

    with pytest.raises(RefusedFile) as info:
        analyse(getattr(L, builder)(), "城关镇" + name)
    e = info.value
    # the only Chinese allowed: the file's name, and header names the template quotes as examples
    quoted = set("".join(re.findall(r"[\u4e00-\u9fff]+", problems.REFUSALS[e.code][1])))
    stray = [ch for ch in e.message_en.replace("城关镇", "") if "\u4e00" <= ch <= "\u9fff" and ch not in quoted]
    assert not stray, e.message_en


def test_every_detail_reads_in_both_languages():
    """Each detail of a too_big or corrupt refusal (what exactly is wrong) has a Chinese and an
    English form; a refusal carries the detail's code and parameters apart from its words."""
    from etl import problems

    params = {"mb": 500, "rows": 1_048_576, "cols": 16_384, "sheet": "台账", "wan": 400, "cells": 4_000_000,
              "lines": 300_000, "limit": 200_000, "seconds": 120, "error": "BadZipFile"}
    for code, (zh, en) in problems.DETAILS.items():
        # a library's own error name reads the same in both (XML: / HTML: / CSV: and the name)
        assert has_chinese(zh.format(**params)) or zh.replace("：", ": ") == en, code
        assert not has_chinese(en.format(**params).replace("台账", "")), code
    exc = problems.too_big("城关镇台账.xlsx", "used_range", rows=1_048_576, cols=16_384)
    assert exc.code == "too_big" and exc.params["detail"] == "used_range" and exc.params["rows"] == 1_048_576
    assert "1048576 行 × 16384 列" in exc.message_zh and "1048576 rows × 16384 columns" in exc.message_en


def test_a_zip_bomb_is_refused_in_english_words_too():
    """The zip check's refusals were Chinese inside the English sentence; now each reads in its language."""
    from tests.fixtures import hostile_shapes as S

    with pytest.raises(RefusedFile) as info:
        analyse(S.bare_cells(300_000), "ledger.xlsx")
    assert "万个单元格" in info.value.message_zh
    assert "cells" in info.value.message_en and not has_chinese(info.value.message_en)
