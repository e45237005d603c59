"""Hazard rows are read column by column (each column's distinct values once; etl.hazard_row
``columns``) and only rows that warn, reject or need other columns go through the row reader.
The promise: the result is the row reader's, exactly — the same records in the same order, the
same rejected rows with the same sentences in the same order, the same warnings with the same
counts and examples in the same order, the same reading report. Each test reads a file both
ways and compares everything."""

from __future__ import annotations

import dataclasses
import inspect
import random
from datetime import date, datetime

import pytest

from etl.ingest import hazard_row, rows
from etl.ingest import pipeline as pipeline_mod
from etl.ingest.pipeline import analyse
from etl.ingest.reading import distinct_values
from tests.fixtures import ledgers as L
from tests.fixtures import ledgers_heldout as HO
from tests.fixtures import ledgers_v2 as V
from tests.fixtures import nothing_visits as NV


def _row_path_only(monkeypatch) -> None:
    """The loader as it was: every hazard row through the row reader."""
    real = rows.hazard_handler

    def handler(*args, **kwargs):
        reader = real(*args, **kwargs)
        return hazard_row.HazardReader(reader.row, lambda data_rows, excel_rows: None)

    monkeypatch.setattr(rows, "hazard_handler", handler)


def _everything(a) -> dict:
    return {
        "counts": (a.rows_read, a.rows_loaded, a.rows_rejected, a.rows_skipped),
        "problems": [dataclasses.astuple(p) for p in a.problems],
        "notices": [(n.notice, n.count, list(n.examples), n.text("en")) for n in a.notices],
        "warnings": a.warnings,
        "sheets": [dataclasses.asdict(s) for s in a.sheets],
        "towns": a.towns,
        "month": a.report_month,
        "table": a.table.to_pylist(),
    }


def _both_ways(monkeypatch, data: bytes, name: str) -> tuple[dict, dict]:
    by_columns = _everything(analyse(data, name))
    with monkeypatch.context() as m:
        _row_path_only(m)
        by_rows = _everything(analyse(data, name))
    return by_columns, by_rows


def _messy_ledger(seed: int, n: int = 600) -> bytes:
    """A v2 hazard ledger whose columns each mix good values with every kind of value that warns
    or rejects — each value repeated over many rows, so a reading cached per value must still
    count every row and keep the first examples in row order."""
    rnd = random.Random(seed)

    def pick(good: list, bad: list):
        """Mostly a plain value, so whole rows of plain values come up as well."""
        return rnd.choice(good) if rnd.random() < 0.9 or not bad else rnd.choice(bad)

    towns = (["城关镇", "河西镇", "北坪乡"], ["", "城关镇 "])
    sectors = (["消防", "燃气", "工贸"], ["在建工地", "九小场所", "外星产业", "", "3"])
    levels = (["一般", "重大"], ["较大", "", "一般隐患", "特别", 2])
    found = ([datetime(2025, 4, 3), datetime(2025, 4, 9), "2025/4/7"],
             ["4.3", 4.15, "", "去年", "#N/A", "12.28", date(1980, 1, 1)])
    deadlines = ([datetime(2025, 5, 1), None], ["立即", "6月底前", "长期", "#REF!", "尽快", "5.20", "2025年4月30日前"])
    statuses = (["已整改", "未整改", "整改中"], ["", "已验收", "立行立改", "正在整改，预计6月底完成", "2025-04-10", "1", "9",
                                          "已完成整改并销号"])
    rects = ([datetime(2025, 4, 10), None], [datetime(2025, 4, 1), "4.20", "不详", "#DIV/0!"])
    verified = ([None, datetime(2025, 4, 12)], [datetime(2025, 4, 2), "4.25", "不知道"])
    results = ([None, "合格", "不合格"], ["待定", "2"])
    methods = ([None, "日常检查", "四不两直"], ["明查暗访", "飞行", "5"])
    sup_levels = ([None, "县级", "市级"], ["村级"])
    funds = ([None, 1.5, 0], ["2万元", "3000元", "若干"])
    units = ([f"单位{i}" for i in range(40)], ["", None])
    descs = ([f"隐患{i}" for i in range(30)], ["", "无隐患", "本月无隐患"])
    header = ["序号", "隐患编号", "所属街镇", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改期限",
              "整改状态", "整改完成日期", "验收日期", "验收结论", "检查方式", "督办级别", "督办单位", "整改资金（万元）",
              "整改责任人"]
    data = [["城关镇2025年4月隐患排查整改台账（含重大隐患）"], header]
    for i in range(n):
        data.append([i + 1, rnd.choice([f"Z-{i % 97}", f"Z-{i}", None, "ＺＺ－１", 17]), pick(*towns), pick(*sectors),
                     pick(*units), pick(*descs), pick(*levels), pick(*found), pick(*deadlines), pick(*statuses),
                     pick(*rects), pick(*verified), pick(*results), pick(*methods), pick(*sup_levels),
                     rnd.choice(["县应急局", None]), pick(*funds), rnd.choice(["张三", None])])
        if i % 150 == 149:
            data.append(["合计", "", "", "", f"共{i}项"])
    data.append(["填表人：李四", None, None, "审核人：王五"])
    return L.xlsx([L.Sheet("2025年4月", data)])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_messy_ledger_reads_the_same_by_columns_as_by_rows(monkeypatch, seed):
    by_columns, by_rows = _both_ways(monkeypatch, _messy_ledger(seed), "城关镇2025年4月隐患台账.xlsx")
    assert by_columns == by_rows
    # the file does exercise both readings: rows loaded plainly, rows rejected, decisions counted
    read, loaded, rejected, skipped = by_columns["counts"]
    assert loaded > 100 and rejected > 20 and skipped > 0
    assert len(by_columns["notices"]) > 10


def _fixtures():
    for mod in (L, V, HO, NV):
        for name, fn in inspect.getmembers(mod, inspect.isfunction):
            if fn.__module__ != mod.__name__ or name.startswith("_"):
                continue
            if any(p.default is p.empty for p in inspect.signature(fn).parameters.values()):
                continue
            yield pytest.param(fn, id=f"{mod.__name__.rsplit('.', 1)[-1]}.{name}")


@pytest.mark.parametrize("builder", list(_fixtures()))
def test_every_fixture_reads_the_same_by_columns_as_by_rows(monkeypatch, builder):
    data = builder()
    if not isinstance(data, bytes):
        pytest.skip("not a file")
    ext = "csv" if "csv" in builder.__name__ else "xls" if builder.__name__.startswith("xls") else "xlsx"
    try:
        by_columns, by_rows = _both_ways(monkeypatch, data, f"东城街道2025年3月台账.{ext}")
    except Exception as exc:  # a fixture the loader refuses: refused the same way both times
        with monkeypatch.context() as m:
            _row_path_only(m)
            with pytest.raises(type(exc)):
                analyse(data, f"东城街道2025年3月台账.{ext}")
        return
    assert by_columns == by_rows


def test_a_boolean_beside_one_keeps_its_own_reading(monkeypatch):
    """True == 1 in a set or dict, but TRUE and 1 read differently (a level code 1, the word TRUE)."""
    assert sorted(map(repr, distinct_values([["x"], [1], [True], [1.0], [0], [False]], 0, 0))) == sorted(
        map(repr, ["x", 1, True, 1.0, 0, False]))
    data = L.xlsx([L.Sheet("Sheet1", [
        ["隐患编号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态"],
        ["B-1", "消防", "甲店", "灭火器过期", True, datetime(2025, 3, 3), 1],
        ["B-2", "消防", "乙店", "通道堵塞", 1, datetime(2025, 3, 4), True],
        ["B-3", "消防", "丙店", "线路老化", "一般", datetime(2025, 3, 5), "已整改"],
    ])])
    by_columns, by_rows = _both_ways(monkeypatch, data, "东城街道2025年3月台账.xlsx")
    assert by_columns == by_rows


def test_identity_keys_of_ascii_numbers_follow_the_written_rule():
    """key_part's shortcut for ASCII text (one translate, no cache) gives what the rule of
    docs/DATA_CONTRACT.md §1.3 gives: NFKC, no white space, punctuation or underscore, lower case."""
    import re
    import unicodedata

    from etl.ingest.normalize import hazard_key, hazard_keys, key_part

    def rule(text: str) -> str:
        return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text)).lower()

    samples = ["AN-2025-0001", " ab_C 12 ", "x\t\ny", "".join(map(chr, range(128))), "ＡＮ－０１", "城关-12", "a—b"]
    for s in samples:
        assert key_part(s) == rule(s), s
    found = date(2025, 3, 1)
    keys = hazard_keys(["城关镇", "城关镇", "河西镇"], ["AN-1", None, "an 1"], ["甲", "甲", None], ["线路", "线路", None],
                       [found, found, found])
    assert keys == [hazard_key("城关镇", "AN-1", "甲", "线路", found), hazard_key("城关镇", None, "甲", "线路", found),
                    hazard_key("河西镇", "an 1", None, None, found)]
    # the same number in another town is another hazard; spaces and case in the number are not
    assert keys[0] != keys[2] and hazard_key("河西镇", "AN-1", None, None, found) == keys[2]


def _rows_by_row(monkeypatch, data: bytes, name: str) -> tuple[int, int]:
    """(data rows, rows the row reader read) over the file's sheets."""
    seen = []
    real = rows.process_sheet

    def spy(*args, **kwargs):
        res = real(*args, **kwargs)
        seen.append(res)
        return res

    monkeypatch.setattr(pipeline_mod, "process_sheet", spy)
    analyse(data, name)
    return sum(r.rows_loaded + r.rows_rejected for r in seen), sum(r.rows_by_row for r in seen)


def test_only_rows_that_warn_reject_or_disagree_take_the_row_reader(monkeypatch):
    """The point of the column reading: a ledger of plain values never goes row by row, and a messy
    one sends only its messy rows (every one of them, so every count and example is still taken)."""
    plain = [["城关镇2025年4月隐患排查整改台账"],
             ["隐患编号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改期限", "整改状态", "整改完成日期"]]
    for i in range(300):
        done = i % 3 == 0
        plain.append([f"P-{i}", ["消防", "燃气", "工贸"][i % 3], f"单位{i % 40}", f"隐患{i % 25}", ["一般", "重大"][i % 2],
                      datetime(2025, 4, 1 + i % 20), datetime(2025, 5, 1), "已整改" if done else "整改中",
                      datetime(2025, 4, 25) if done else None])
    data_rows, by_row = _rows_by_row(monkeypatch, L.xlsx([L.Sheet("Sheet1", plain)]), "城关镇2025年4月隐患台账.xlsx")
    assert (data_rows, by_row) == (300, 0)
    data_rows, by_row = _rows_by_row(monkeypatch, _messy_ledger(4), "城关镇2025年4月隐患台账.xlsx")
    assert 0 < by_row < data_rows


def test_tables_are_built_in_the_c_librarys_allocator():
    """The analysis's Arrow buffers come from malloc (pipeline sets the pool on import): Arrow's own
    mimalloc pool took twice as long to build the 100k-row bench ledger's table."""
    import pyarrow as pa

    a = analyse(L.xlsx([L.Sheet("Sheet1", [["隐患编号", "行业领域", "单位名称", "隐患描述", "发现日期"],
                                           ["A-1", "消防", "甲店", "灭火器过期", datetime(2025, 3, 3)]])]),
                "东城街道2025年3月台账.xlsx")
    assert pa.default_memory_pool().backend_name == "system"
    assert pa.system_memory_pool().bytes_allocated() >= a.table.nbytes > 0
