"""The demo county's 无隐患 rows (etl/demo/nothing.py), read back from the files and through the real
loader: some towns' ledgers list units inspected with nothing found, and every such row loads as an
inspection visit from the hazard ledger (docs/DATA_CONTRACT.md §1.1, §2) — not a hazard, not a
rejected row — so the supervision-gap pages count ledger visits.

The 无隐患 rows are found in the files independently of etl.demo (a short cell saying 无隐患 /
未发现隐患, the words of the contract), so the checks see what a town's file says.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from etl import demo
from etl.read import queries
from etl.store import db
from etl.store.writes import ingest_many

END = dt.date(2025, 5, 1)
WINDOW_START = dt.date(2024, 12, 1)  # the last six months are loaded
SAYS_NOTHING = re.compile(r"^(?:本月|经检查|经排查)?(?:无|未发现)(?:安全)?隐患$")
TOWN_RE = re.compile(r"([\u4e00-\u9fff]{2,4}?(?:街道|镇|乡))")
MONTH_RE = re.compile(r"(\d{4})(?:年|\.)?(\d{1,2})月?")
HEADERS = {  # docs/DATA_CONTRACT.md §3 (the variants the demo towns use)
    "unit": "单位名称 企业名称 被检查单位 被查单位 隐患单位 检查对象 场所名称",
    "found": "发现日期 发现时间 排查时间 检查日期 检查时间 隐患发现日期",
    "level": "隐患等级 隐患级别 等级 隐患类型（一般/重大）",
}


def rows_of(path: Path) -> list[tuple[str, list[list[object]]]]:
    """(sheet name, rows) of every visible sheet; a CSV is one sheet."""
    if path.suffix == ".csv":
        raw = path.read_bytes()
        text = raw[3:].decode("utf-8") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("gb18030")
        return [(path.stem, [list(r) for r in csv.reader(io.StringIO(text))])]
    wb = CalamineWorkbook.from_path(str(path))
    return [
        (m.name, wb.get_sheet_by_name(m.name).to_python())
        for m in wb.sheets_metadata
        if m.visible == SheetVisibleEnum.Visible
    ]


def nothing_rows(path: Path) -> list[tuple[int, list[object]]]:
    """(Excel row number, cells) of the rows that say the unit had no hazard."""
    return [
        (r + 1, row)
        for _name, rows in rows_of(path)
        for r, row in enumerate(rows)
        if any(isinstance(v, str) and SAYS_NOTHING.match(re.sub(r"[\s，,。]", "", v)) for v in row)
    ]


def month_of(path: Path) -> dt.date:
    m = MONTH_RE.search(path.name)
    return dt.date(int(m[1]), int(m[2]), 1)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[Path, list[tuple[int, list[object]]]]:
    """Every demo ledger → its 无隐患 rows."""
    d = tmp_path_factory.mktemp("demo_nothing")
    paths = demo.generate(d / "samples", END)
    return {p: nothing_rows(p) for p in paths if p.parent.name == "ledgers"} | {
        p: [] for p in paths if p.parent.name == "inspections"
    }


@pytest.fixture(scope="module")
def loaded(files, tmp_path_factory):
    """The last six months: the ledgers that carry 无隐患 rows and the county's inspection logs."""
    picked = [
        p
        for p, rows in files.items()
        if month_of(p) >= WINDOW_START and (rows or p.parent.name == "inspections")
    ]
    wh = tmp_path_factory.mktemp("demo_nothing_wh") / "warehouse.duckdb"
    reports = ingest_many(picked, db=wh, user="demo")
    con = db.open_reader(wh)
    yield {r.file_name: r for r in reports}, con
    con.close()


def columns(rows: list[list[object]]) -> dict[str, int]:
    """unit / found / level column → index, from the labels of the first rows (docs/DATA_CONTRACT.md §3)."""
    out: dict[str, int] = {}
    for row in rows[:8]:
        for c, v in enumerate(row):
            label = re.sub(r"[\s:：]", "", str(v or ""))
            for canon, words in HEADERS.items():
                if label in words.split():
                    out.setdefault(canon, c)
    return out


def looks_like_day(v: object) -> bool:
    if hasattr(v, "year") or (isinstance(v, (int, float)) and 40000 < v < 60000):
        return True
    t = str(v or "").translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return re.fullmatch(r"(\d{4}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?( \d\d:\d\d)?|\d{8}", t) is not None


def test_some_towns_write_nothing_rows_with_unit_and_day(files):
    towns = Counter()
    for p, rows in files.items():
        if not rows:
            continue
        towns[TOWN_RE.search(p.name)[1]] += len(rows)
        cols = columns(next(grid for _n, grid in rows_of(p)))
        assert {"unit", "found", "level"} <= set(cols), p.name
        for r, row in rows:
            assert str(row[cols["unit"]] or "").strip(), (p.name, r)
            assert looks_like_day(row[cols["found"]]), (p.name, r, row[cols["found"]])
            assert row[cols["level"]] in (None, "", "/"), (p.name, r)
    # a few towns, not all (each town keeps its habits), month after month
    assert 2 <= len(towns) < len(demo.TOWNS), towns
    assert len({month_of(p) for p, rows in files.items() if rows}) >= 20


def test_every_nothing_row_loads_as_a_visit_from_the_ledger(files, loaded):
    reports, con = loaded
    ledgers = {p.name: rows for p, rows in files.items() if p.parent.name == "ledgers" and rows}
    picked = [n for n in reports if n in ledgers]
    assert len(picked) >= 10
    for name in picked:
        r = reports[name]
        assert r.status == "loaded", (name, r.message)
        assert r.analysis.visits_found == len(ledgers[name]), name

    from_ledgers = set(
        con.execute(
            "SELECT o.source_file, o.source_row FROM inspection_obs o JOIN uploads u USING (upload_id)"
            " WHERE u.kind = 'hazard'"
        ).fetchall()
    )
    expected = {(name, r) for name in picked for r, _row in ledgers[name]}
    assert from_ledgers == expected  # every 无隐患 row is a visit, stored from its own row
    hazards = set(con.execute("SELECT source_file, source_row FROM hazard_observations").fetchall())
    rejected = set(
        con.execute("SELECT u.file_name, e.source_row FROM load_errors e JOIN uploads u USING (upload_id)").fetchall()
    )
    assert not expected & hazards
    assert not expected & rejected


def test_ledger_visits_reach_the_gap_figures_once(files, loaded):
    reports, con = loaded
    stored = con.execute(
        "SELECT count(*) FROM inspection_obs o JOIN uploads u USING (upload_id) WHERE u.kind = 'hazard'"
    ).fetchone()[0]
    visits = con.execute("SELECT count(*), count(DISTINCT town) FROM inspections WHERE source_kind = 'hazard'").fetchone()
    # part of them are the town station's visits the county log also lists: counted once, as the log's
    assert 0 < visits[0] < stored
    assert visits[1] >= 2
    assert con.execute(
        "SELECT count(*) FROM inspections WHERE source_kind = 'hazard' AND (hazards_found <> 0 OR major_hazards_found <> 0)"
    ).fetchone()[0] == 0
    f = queries.hazard_filters(start_month=WINDOW_START, end_month=END, as_of=dt.date(2025, 5, 31))
    f = {k: f[k] for k in ("start_month", "end_month", "as_of", "towns", "sectors", "departments")}
    kpis = queries.run(con, "gap_enforcement_kpis", **f).iloc[0]
    assert kpis["ledger_visits"] > 0  # left out of the per-visit figures, and said so
