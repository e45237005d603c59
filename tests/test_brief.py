"""Briefing pack (issue 6): the .pptx and .docx carry the warehouse's numbers.

Also home of ``add_gap_data`` — a registry and inspection visits on top of a
``warehouse_factory`` warehouse, so the supervision-gap slides have something to show (used
by test_app_present.py and browser/test_present_browser.py too).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pandas as pd
import pytest

from etl import brief
from etl.brief import scoreboard
from etl.brief import text as brief_text
from etl.read import queries
from etl.store import db
from tests import warehouse_factory as wf

LAST = dt.date(2025, 6, 1)  # the fixture's meeting month
AS_OF = dt.date(2025, 6, 30)


def add_gap_data(path: Path, seed: int = 3, inspected_share: float = 0.7) -> None:
    """A registry (every unit named in the hazards, with risk levels) and inspection visits
    for about ``inspected_share`` of the units in the last 12 months."""
    rng = random.Random(seed)
    con = db.open_reader(path)
    try:
        units = con.execute("SELECT DISTINCT entity_name, town, sector, department FROM hazards "
                            "WHERE entity_name IS NOT NULL ORDER BY ALL").fetchall()  # fmt: skip
        last = con.execute("SELECT max(report_month) FROM uploads").fetchone()[0]
        next_id = con.execute("SELECT coalesce(max(upload_id), 0) + 1 FROM upload_log").fetchone()[0]
    finally:
        con.close()
    ent_rows, insp_rows = [], []
    reg_id, insp_id = next_id, next_id + 1
    risks = ["red", "orange", "yellow", "blue"]
    for i, (name, town, sector, dept) in enumerate(units):
        risk = rng.choices(risks, weights=[1, 2, 4, 5])[0]
        ent_rows.append([reg_id, i + 1, name, town, sector, None, dept, f"91{i:016d}", risk, last, "名录.xlsx", "名录",
                         i + 2])  # fmt: skip
        if rng.random() < inspected_share:
            day = wf.add_months(last, -rng.randint(0, 11)) + dt.timedelta(days=rng.randint(0, 27))
            insp_rows.append([insp_id, len(insp_rows) + 1, f"I{i:06d}", day, town, sector, None, dept, name, "routine",
                              "张三、李四", 1, 0, 0.0, day.replace(day=1), "检查.xlsx", "检查", i + 2])  # fmt: skip
    with db.writer(path) as con:
        con.execute("BEGIN TRANSACTION")
        for uid, kind, fname in ((reg_id, "registry", "监管对象名录.xlsx"), (insp_id, "inspection", "检查记录.xlsx")):
            con.execute(
                "INSERT INTO upload_log (upload_id, file_name, sha256, kind, report_month, loaded_at, rows_read,"
                " rows_loaded, rows_rejected, rows_skipped, status, towns) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, 0,"
                " 'live', NULL)",
                [uid, fname, f"gap{uid}", kind, last, dt.datetime(2025, 7, 1, 9, 0)],
            )
        con.executemany(f"INSERT INTO entity_obs VALUES ({', '.join('?' * 13)})", ent_rows)
        con.executemany(f"INSERT INTO inspection_obs VALUES ({', '.join('?' * 18)})", insp_rows)
        con.execute("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'")
        con.execute("COMMIT")


def build_meeting_warehouse(path: Path, n: int = 4000, seed: int = 5) -> Path:
    wf.build_random(path, n, seed=seed, last_month=LAST, months=24)
    add_gap_data(path)
    return path


@pytest.fixture(scope="module")
def wh(tmp_path_factory) -> Path:
    return build_meeting_warehouse(tmp_path_factory.mktemp("brief") / "warehouse.duckdb")


@pytest.fixture(scope="module")
def con(wh):
    c = db.open_reader(wh)
    yield c
    c.close()


@pytest.fixture(scope="module")
def q(con):
    def run(name, **params):
        return queries.run(con.cursor(), name, **params)

    return run


@pytest.fixture(scope="module")
def data(q) -> brief.BriefData:
    return brief.collect(q, LAST, AS_OF, county="安宁县", now=dt.datetime(2025, 7, 2, 9, 0))


def _f(start, end, as_of=AS_OF):
    return queries.hazard_filters(start_month=start, end_month=end, as_of=as_of)


# ---- the data model --------------------------------------------------------------------------


def test_default_month_and_as_of(q):
    assert brief.default_month(q, today=dt.date(2025, 7, 15)) == LAST
    assert brief.default_as_of(LAST, today=dt.date(2025, 7, 15)) == AS_OF
    assert brief.default_as_of(LAST, today=dt.date(2025, 6, 10)) == dt.date(2025, 6, 10)  # month not over
    assert brief.shift_as_of(AS_OF, -12) == dt.date(2024, 6, 30)
    assert brief.shift_as_of(dt.date(2025, 3, 31), -1) == dt.date(2025, 2, 28)


def test_collect_matches_queries(q, data):
    cur = q("kpis", **_f(LAST, LAST)).iloc[0]
    assert int(data.kpi["cur"]["total"]) == int(cur["total"]) > 0
    yoy = q("kpis", **_f(dt.date(2024, 6, 1), dt.date(2024, 6, 1), dt.date(2024, 6, 30))).iloc[0]
    assert int(data.kpi["yoy"]["total"]) == int(yoy["total"])
    stock = q("kpis", **_f(None, LAST)).iloc[0]
    assert data.overdue_total == int(stock["overdue_major"])
    # the trend keeps every hazard of the window: top sectors + the rest add up
    sm = q("sector_monthly", grain="month", **_f(dt.date(2024, 7, 1), LAST))
    assert int(data.trend.to_numpy().sum()) == int(sm["found"].sum())
    assert len(data.trend) == 12 and data.trend.index[-1] == LAST
    assert data.coverage_total is not None and 0 < data.coverage_total < 1
    assert data.never_high_total > 0 and set(data.never["risk_level"]) <= {"red", "orange"}


# ---- PowerPoint ------------------------------------------------------------------------------


def _open_pptx(blob: bytes):
    import io

    from pptx import Presentation

    return Presentation(io.BytesIO(blob))


def _charts(slide):
    return [s.chart for s in slide.shapes if getattr(s, "has_chart", False) and s.has_chart]


def _tables(slide):
    return [s.table for s in slide.shapes if getattr(s, "has_table", False) and s.has_table]


def _table_text(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _sections(prs) -> dict[str, list]:
    """The slides of each section (SLIDES key → its slides in order, continued ones included)."""
    out: dict[str, list] = {k: [] for k in brief.SLIDES}
    for slide in list(prs.slides)[1:]:
        title = slide.shapes.title.text
        if scoreboard.SLIDE_TITLE in title:  # slides 七, checked in tests/test_brief_scoreboard.py
            continue
        key = next((k for k in brief.SLIDES if brief.SLIDE_TITLES_ZH[k] in title), None)
        assert key is not None, title
        out[key].append(slide)
    return out


def test_pptx_slides_titles_and_fonts(data):
    prs = _open_pptx(brief.build_pptx(data))
    slides = list(prs.slides)
    sections = _sections(prs)
    assert all(sections[k] for k in brief.SLIDES)  # every section, in order
    order = [next(k for k in brief.SLIDES if brief.SLIDE_TITLES_ZH[k] in s.shapes.title.text) for s in slides[1:]
             if scoreboard.SLIDE_TITLE not in s.shapes.title.text]  # fmt: skip
    assert order == sorted(order, key=brief.SLIDES.index)
    assert "安宁县" in slides[0].shapes.title.text
    body = " ".join(sh.text_frame.text for sh in slides[0].shapes if sh.has_text_frame)
    assert "2025年6月" in body and "数据截至 2025年6月30日" in body
    # the cover's boxes have a real height and sit inside the slide (they had zero height at the top edge)
    for shape in slides[0].shapes:
        assert shape.height > 0 and shape.top > 0 and shape.top + shape.height <= prs.slide_height
    xml = slides[1].shapes.title.text_frame._txBody.xml  # noqa: SLF001
    assert 'typeface="Microsoft YaHei"' in xml and "<a:ea " in xml
    # every table cell is read from the back of the room: at least 18 pt
    sizes = {run.font.size.pt for s in slides for t in _tables(s) for row in t.rows for c in row.cells
             for p in c.text_frame.paragraphs for run in p.runs}  # fmt: skip
    assert sizes and min(sizes) >= 18
    # "与上次会议相比" compared nothing: gone
    assert not any("与上次会议相比" in s.shapes.title.text for s in slides)


def test_pptx_chart_values_equal_queries(q, data):
    prs = _open_pptx(brief.build_pptx(data))
    sec = _sections(prs)
    s_kpi, s_trend, s_towns, s_gaps, s_changes = (sec[k][0] for k in ("kpi", "trend", "towns", "gaps", "changes"))
    # KPI chart: found / major this month, last month, a year ago
    (ktable,) = _tables(s_kpi)
    cells = _table_text(ktable)
    assert cells[0][1:4] == ["2025年6月", "上月", "去年同期"]
    expect = [
        q("kpis", **_f(LAST, LAST)).iloc[0],
        q("kpis", **_f(dt.date(2025, 5, 1), dt.date(2025, 5, 1), dt.date(2025, 5, 31))).iloc[0],
        q("kpis", **_f(dt.date(2024, 6, 1), dt.date(2024, 6, 1), dt.date(2024, 6, 30))).iloc[0],
    ]
    assert cells[1][1:4] == [f"{int(r['total']):,}" for r in expect]  # found
    assert cells[2][1:4] == [f"{int(r['major_total']):,}" for r in expect]  # of which major
    # trend: per sector and month, equal to sector_monthly
    (tchart,) = _charts(s_trend)
    sm = q("sector_monthly", grain="month", **_f(dt.date(2024, 7, 1), LAST))
    sm["m"] = [brief._date(x) for x in sm["period"]]
    names = {v: k for k, v in data.sector_names.items()}
    cats = list(tchart.plots[0].categories)
    assert cats[0] == "2024年7月" and cats[-1] == "2025年6月"
    top = [s for s in tchart.plots[0].series if s.name != "其余行业"]
    assert len(top) == brief.TOP_SECTORS
    for series in top:
        code = names[series.name]
        per = sm[sm["sector"] == code].groupby("m")["found"].sum()
        months = [brief.add_months(dt.date(2024, 7, 1), i) for i in range(12)]
        assert list(series.values) == [int(per.get(m, 0)) for m in months]
    total = sum(sum(s.values) for s in tchart.plots[0].series)
    assert total == int(sm["found"].sum())
    # towns: the rate per town, exactly rates_by
    (rchart,) = _charts(s_towns)
    rb = q("rates_by", dim="town", **_f(dt.date(2024, 7, 1), LAST)).set_index("key")
    got = dict(zip(rchart.plots[0].categories, rchart.plots[0].series[0].values, strict=True))
    assert got.keys() == set(rb.index)
    for town, v in got.items():
        assert v == pytest.approx(float(rb.loc[town, "rect_rate"]))
    # overdue board: every overdue_majors row, most overdue first, over continued slides
    om = q("overdue_majors", limit=brief.BOARD_LIMIT, **_f(None, LAST))
    rows = [r for s in sec["overdue"] for t in _tables(s) for r in _table_text(t)[1:]]
    assert len(rows) == data.overdue_total == len(om)
    assert [r[1] for r in rows] == om["entity_name"].tolist()
    assert [r[-1] for r in rows] == [f"{int(x)} 天" for x in om["days_overdue"]]
    # gaps: coverage per town equals gap_coverage summed per town
    (cchart,) = _charts(s_gaps)
    gc = q("gap_coverage", **_f(dt.date(2024, 7, 1), LAST)).groupby("town")[["inspected", "units"]].sum()
    for town, v in zip(cchart.plots[0].categories, cchart.plots[0].series[0].values, strict=True):
        assert v == pytest.approx(gc.loc[town, "inspected"] / gc.loc[town, "units"])
    never = [r for s in sec["gaps"][1:] for t in _tables(s) for r in _table_text(t)[1:]]
    assert len(never) == len(data.never) > 0
    # changes: the new-majors table lists majors found in June
    text = " ".join(sh.text_frame.text for sh in s_changes.shapes if sh.has_text_frame)
    assert f"新增重大隐患 {data.new_majors_total} 项" in text
    assert data.new_majors_total == int(q("kpis", **_f(LAST, LAST)).iloc[0]["major_total"])


# ---- Word ------------------------------------------------------------------------------------


def _docx_text(blob: bytes) -> str:
    import io

    from docx import Document

    d = Document(io.BytesIO(blob))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_report_numbers_equal_queries(q, data):
    text = _docx_text(brief.build_docx(data))
    cur = q("kpis", **_f(LAST, LAST)).iloc[0]
    yoy = q("kpis", **_f(dt.date(2024, 6, 1), dt.date(2024, 6, 1), dt.date(2024, 6, 30))).iloc[0]
    rate = float(cur["rect_rate"]) * 100
    head = f"全县共排查隐患 {int(cur['total'])} 项，其中重大隐患 {int(cur['major_total'])} 项，整改率 {rate:.1f}%"
    assert head in text
    diff = rate - float(yoy["rect_rate"]) * 100
    if abs(diff) >= 0.05:
        assert f"同比{'上升' if diff > 0 else '下降'} {abs(diff):.1f} 个百分点" in text
    stock = q("kpis", **_f(None, LAST)).iloc[0]
    assert f"仍有 {int(stock['overdue_major'])} 项重大隐患逾期未整改" in text
    for heading in ("一、主要工作和成效", "二、存在的问题", "三、下一步工作"):
        assert heading in text
    om = q("overdue_majors", limit=1, **_f(None, LAST)).iloc[0]
    assert f"最长逾期 {int(om['days_overdue'])} 天" in text
    # departments below the 12-month average are named with their rate
    below = data.depts_below_average()
    rb = q("rates_by", dim="department", **_f(dt.date(2024, 7, 1), LAST)).set_index("key")
    for r in below.head(3).itertuples():
        assert f"{r.key}（{float(rb.loc[r.key, 'rect_rate']) * 100:.1f}%）" in text


def test_report_follows_the_official_document_format(data):
    """GB/T 9704: A4, type area 156 × 225 mm, 22 lines × 28 characters, title 小标宋 22 pt,
    body 仿宋 16 pt, Noto CJK named as the alternates, every overdue major in 附表1."""
    import io

    from docx import Document
    from docx.oxml.ns import qn

    from etl.brief import document

    d = Document(io.BytesIO(brief.build_docx(data)))
    sec = d.sections[0]
    mm = lambda x: round(x / 36000, 1)  # noqa: E731 - EMU → mm
    assert (mm(sec.page_width), mm(sec.page_height)) == (210.0, 297.0)
    assert mm(sec.page_width - sec.left_margin - sec.right_margin) == 156.0
    assert mm(sec.page_height - sec.top_margin - sec.bottom_margin) == 225.0
    grid = sec._sectPr.find(qn("w:docGrid"))  # noqa: SLF001
    assert grid.get(qn("w:type")) == "lines"
    pitch = int(grid.get(qn("w:linePitch")))
    assert round(225 / (pitch / 1440 * 25.4)) == 22  # lines per page
    spacing = d.styles["Normal"].element.rPr.find(qn("w:spacing"))
    char_pt = 16 + int(spacing.get(qn("w:val"))) / 20
    assert int(156 / 25.4 * 72 / char_pt) == 28  # characters per line
    title = d.paragraphs[0].runs[0]
    assert title.font.size.pt == 22 and title.font.name == "方正小标宋简体"
    body = next(p for p in d.paragraphs if p.text.startswith("2025年6月") and "排查隐患" in p.text).runs[0]
    assert body.font.size.pt == 16 and body.font.name == "仿宋_GB2312"
    fonts = d.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable").blob.decode()
    assert 'w:name="仿宋_GB2312"' in fonts and "Noto Serif CJK SC" in fonts
    assert "Noto" in d.core_properties.comments  # the fallback is said
    board = d.tables[0]
    assert len(board.rows) - 1 == data.overdue_total  # 附表1 lists every item
    assert document.FONT_NOTE


def test_edited_text_is_exported(data):
    sections = brief_text.sections(data)
    edited = [(h, t + "\n分析员补充：请各乡镇于下周五前反馈。") for h, t in sections]
    text = _docx_text(brief.build_docx(data, edited))
    assert "分析员补充：请各乡镇于下周五前反馈。" in text


def test_text_is_deterministic(q, data):
    again = brief.collect(q, LAST, AS_OF, county="安宁县", now=dt.datetime(2025, 7, 2, 9, 0))
    assert brief_text.sections(again) == brief_text.sections(data)


def test_empty_month_still_builds(q):
    d = brief.collect(q, dt.date(2020, 1, 1), None, county="安宁县")
    assert int(d.kpi["cur"]["total"]) == 0
    prs = _open_pptx(brief.build_pptx(d))
    assert all(_sections(prs).values())  # every section still has its slide
    text = _docx_text(brief.build_docx(d))
    assert "全县共排查隐患 0 项，其中重大隐患 0 项" in text


def test_towns_not_reporting_are_named(tmp_path):
    h = [
        {"town": "城关镇", "sector": "fire", "found_date": dt.date(2025, 5, 3)},
        {"town": "南山乡", "sector": "school", "found_date": dt.date(2025, 5, 9)},
        {"town": "城关镇", "sector": "gas", "found_date": dt.date(2025, 6, 3), "level": "major",
         "deadline": dt.date(2025, 6, 10)},
    ]  # fmt: skip
    path = wf.build(tmp_path / "w.duckdb", h)
    c = db.open_reader(path)
    try:
        d = brief.collect(lambda n, **p: queries.run(c.cursor(), n, **p), LAST, AS_OF)
    finally:
        c.close()
    assert d.missing_towns == ["南山乡"]
    text = _docx_text(brief.build_docx(d))
    assert "南山乡未按时报送2025年6月隐患排查台账" in text
    assert d.new_majors_total == 1 and d.overdue_total == 1


def test_cli_writes_both_files(wh, tmp_path, run_etl):
    out = tmp_path / "pack" / "会议材料.pptx"
    r = run_etl("brief", "--db", str(wh), "--month", "2025-06", "--out", str(out), "--county", "安宁县")
    assert r.returncode == 0, r.stderr
    assert out.exists() and out.with_suffix(".docx").exists()
    prs = _open_pptx(out.read_bytes())
    assert "安宁县" in list(prs.slides)[0].shapes.title.text
    r = run_etl("brief", "--db", str(wh), "--month", "2025-13", "--out", str(out))
    assert r.returncode == 2 and "YYYY-MM" in r.stderr


def test_cli_default_month(wh, tmp_path, run_etl):
    r = run_etl("brief", "--db", str(wh), "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "2025年6月" in r.stdout
    assert len(list(tmp_path.glob("*.pptx"))) == 1 and len(list(tmp_path.glob("*.docx"))) == 1


def test_zip_has_both(data):
    import io
    import zipfile

    z = zipfile.ZipFile(io.BytesIO(brief.build_zip(data)))
    assert sorted(Path(n).suffix for n in z.namelist()) == [".docx", ".pptx"]


def test_trend_wide_groups_the_rest():
    df = pd.DataFrame({"period": [dt.date(2025, 1, 1)] * 7, "sector": list("abcdefg"), "level": "general",
                       "found": [7, 6, 5, 4, 3, 2, 1]})  # fmt: skip
    w = brief.trend_wide(df, dt.date(2024, 12, 1), dt.date(2025, 1, 1), top=3)
    assert list(w.columns) == ["a", "b", "c", brief.REST]
    assert w.loc[dt.date(2025, 1, 1)].tolist() == [7, 6, 5, 10]
    assert w.loc[dt.date(2024, 12, 1)].tolist() == [0, 0, 0, 0]


# Last October's hazard, fixed in November 2024 (reported by the November ledger), and this
# October's, still open; only October 2025's ledger is in.
TWO_OCTOBERS = [
    {"town": "城关镇", "sector": "fire", "found_date": dt.date(2024, 10, 8), "description": "去年十月",
     "history": [{"report_month": dt.date(2024, 10, 1), "status": "open", "rectified_date": None},
                 {"report_month": dt.date(2024, 11, 1), "status": "rectified", "rectified_date": dt.date(2024, 11, 12)}]},
    {"town": "城关镇", "sector": "fire", "found_date": dt.date(2025, 10, 9), "description": "今年十月",
     "report_month": dt.date(2025, 10, 1)},
]  # fmt: skip


def test_last_years_month_is_measured_at_the_same_age_of_the_data(tmp_path):
    """The meeting on 2025-11-20 reviews October 2025; only October's ledger is in. Last
    October's hazard was fixed in November 2024 (reported by the November ledger). Measured
    at the shifted as-of date (2024-11-20) it would count as fixed and the pack would report a
    100-point fall; at the same age of the data (end of October 2024) both are open."""
    path = wf.build(tmp_path / "w.duckdb", TWO_OCTOBERS)
    con = db.open_reader(path)
    try:
        def q(name, **params):
            return queries.run(con, name, **params)

        d = brief.collect(q, dt.date(2025, 10, 1), dt.date(2025, 11, 20))
    finally:
        con.close()
    assert d.kpi["cur"]["rect_rate"] == 0
    assert d.kpi["yoy"]["rect_rate"] == 0  # not 1.0: the November 2024 ledger is a month newer than any of 2025's
    text = "".join(brief_text.achievements(d))
    assert "同比下降" not in text and "与去年同期持平" in text
