"""One definition of every headline figure (issue 16, item 2): the overview's cards, the
会议材料 page and the briefing pack (etl.brief.collect, the model behind the .pptx, .docx and
the slide show) give the same numbers for the same scope — headline month, as-of date, towns,
and a period equal to the pack's 12-month window.

Each figure is computed twice, through the page (AppTest, the card as rendered) and through the
pack's model, and compared; the pack model's numbers are also checked against a direct count
of the warehouse rows, so the two paths cannot agree on a wrong number."""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl import brief
from etl.read import queries
from etl.store import db
from pages._shared import theme
from tests.apptest import APP, assert_clean, texts
from tests.warehouse_factory import build_random

M = dt.date(2026, 3, 1)
AS_OF = dt.date(2026, 4, 20)
WINDOW_START = dt.date(2025, 4, 1)  # the pack's 12 months ending March 2026


pytestmark = pytest.mark.usefixtures("app_warehouse")  # fresh caches and a private warehouse path


@pytest.fixture
def wh(tmp_path):
    return build_random(tmp_path / "warehouse.duckdb", 2500, seed=11, last_month=dt.date(2026, 4, 1), months=24)


def card(html: str, label: str) -> str:
    m = re.search(re.escape(label) + r"</div><div class='kpi-value'>([^<]+)<", html)
    assert m, label
    return m.group(1)


def pack(path, towns=()):
    con = db.open_reader(path)
    try:
        return brief.collect(lambda name, **p: queries.run(con.cursor(), name, **p), M, AS_OF, towns=towns)
    finally:
        con.close()


def direct(path, towns=()) -> dict:
    """The same figures straight from the contract view, for a third opinion."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        where = "town IN (SELECT unnest($towns))" if towns else "TRUE"
        sql = f"""
        WITH h AS (
          SELECT *, (status = 'rectified' AND coalesce(rectified_date, last_day(report_month)) <= $as_of) AS rect
          FROM hazards WHERE found_date <= $as_of AND {where})
        SELECT
          count(*) FILTER (WHERE date_trunc('month', found_date) = $m) AS found,
          count(*) FILTER (WHERE date_trunc('month', found_date) = $m AND level = 'major') AS major,
          count(*) FILTER (WHERE found_date < $m + INTERVAL 1 MONTH AND NOT rect AND deadline < $as_of) AS overdue,
          count(*) FILTER (WHERE found_date >= $ws AND found_date < $m + INTERVAL 1 MONTH AND rect)
            / count(*) FILTER (WHERE found_date >= $ws AND found_date < $m + INTERVAL 1 MONTH) AS rate
        FROM h"""  # noqa: S608 - the only formatted part is a fixed clause chosen above
        params = {"as_of": AS_OF, "m": M, "ws": WINDOW_START}
        if towns:
            params["towns"] = list(towns)
        row = con.execute(sql, params).fetchone()
    finally:
        con.close()
    return dict(zip(("found", "major", "overdue", "rate"), row, strict=True))


@pytest.mark.parametrize("towns", [(), ("城关镇",)])
def test_overview_briefing_page_and_pack_agree(wh, towns):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = AS_OF.isoformat()
    at.query_params["month"] = f"{M:%Y-%m}"
    if towns:
        at.query_params["town"] = list(towns)
    at.run()
    at.select_slider(key="period").set_range(f"{WINDOW_START:%Y-%m}", "2026-04").run()
    assert_clean(at)
    html = texts(at)
    d = pack(wh, towns)
    truth = direct(wh, towns)
    month = theme.fmt_month(M, "zh")
    figures = {
        "found": (card(html, f"{month}发现隐患"), int(d.kpi["cur"]["total"]), truth["found"]),
        "major": (card(html, f"{month}重大隐患"), int(d.kpi["cur"]["major_total"]), truth["major"]),
        "overdue": (card(html, "逾期未整改（累计）"), int(d.kpi["stock"]["overdue"]), truth["overdue"]),
        "rate": (card(html, "整改率"), theme.fmt_pct(d.window["rect_rate"], "zh"), theme.fmt_pct(truth["rate"], "zh")),
    }
    for name, (page, model, count) in figures.items():
        model_text = model if isinstance(model, str) else theme.fmt_int(model, "zh")
        count_text = count if isinstance(count, str) else theme.fmt_int(count, "zh")
        assert page == model_text == count_text, (name, page, model_text, count_text)
    assert int(d.kpi["cur"]["total"]) > 0 and int(d.kpi["stock"]["overdue"]) > 0  # the test compares real numbers

    # the 会议材料 page: built from the same sidebar scope, the same figures, one as-of date
    at.switch_page("pages/briefing.py").run()
    assert_clean(at)
    assert not at.date_input or [w.key for w in at.date_input] == ["asof"]  # only the sidebar's
    line = texts(at).replace("\\", "")  # the page escapes Markdown (95\\.4\\%)
    assert (f"{month}发现隐患 {figures['found'][0]} 项（重大 {figures['major'][0]} 项）；"
            f"逾期未整改（累计）{figures['overdue'][0]} 项") in line  # fmt: skip
    assert f"近12个月整改率 {figures['rate'][0]}" in line
    assert "状态截至 2026年4月20日" in line or "状态截至 2026-04-20" in line


def test_a_one_town_pack_is_named_after_it_and_names_no_best_or_worst_town(wh):
    from etl.brief import text as brief_text

    d = pack(wh, ("城关镇",))
    words = "\n".join(body for _, body in brief_text.sections(d))
    assert "城关镇共排查隐患" in words and "全县共排查" not in words
    assert "整改率最高的是" not in words and "覆盖率最低的是" not in words
    assert brief.file_stem(d).startswith("城关镇2026年03月")
    assert brief.file_stem(pack(wh)).startswith("全县2026年03月")
