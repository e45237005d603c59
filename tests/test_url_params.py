"""URL parameters are input (issue 14, finding 5): a number must be finite and in range, a date or
month well-formed and within 2000-01-01..(today + 10 years, end of year), a name known; anything
else is the default plus one sentence (a toast), never a traceback or a busy timer.

The review's payloads: ``?mode=present&interval=nan`` reran the slide timer as fast as it could;
``asof=0001-01-01`` and ``month=9999-12`` raised an uncaught ValueError in date arithmetic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pages._shared import safe, urlcheck
from tests import apptest
from tests.fixtures import query
from tests.warehouse_factory import build_random

TODAY = dt.date(2026, 5, 17)


# ---- the parsers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["nan", "NaN", "inf", "-inf", "-1", "0", "1e9", "0.5", "abc", "1,5", "20s"])
def test_number_rejects_non_finite_and_out_of_range(raw):
    value, note = urlcheck.number("interval", raw, 20.0, 1.0, 3600.0, lang="en")
    assert value == 20.0
    assert note and f"interval={raw}" in safe.shown(note) and "1 to 3600" in note


@pytest.mark.parametrize(("raw", "want"), [("1", 1.0), ("20", 20.0), ("2.5", 2.5), ("3600", 3600.0), (None, 20.0)])
def test_number_accepts_what_is_in_range(raw, want):
    assert urlcheck.number("interval", raw, 20.0, 1.0, 3600.0) == (want, None)


@pytest.mark.parametrize("raw", ["0001-01-01", "9999-12-31", "1999-12-31", "2037-01-01", "garbage", "2025-02-30",
                                 "2025-6-1x", ""])  # fmt: skip
def test_date_outside_the_range_or_malformed_is_the_default(raw):
    value, note = urlcheck.date("asof", raw, lang="zh", today=TODAY)
    assert value is None
    assert (note is None) == (raw == "")  # an empty parameter is simply absent
    if note:
        assert "asof=" in note and "2000-01-01" in note and "2036-12-31" in note


def test_date_and_month_inside_the_range():
    assert urlcheck.date("asof", "2025-06-30", today=TODAY) == (dt.date(2025, 6, 30), None)
    assert urlcheck.date("asof", "2036-12-31", today=TODAY) == (dt.date(2036, 12, 31), None)
    assert urlcheck.month("month", "2025-06", today=TODAY) == (dt.date(2025, 6, 1), None)
    assert urlcheck.month("month", "2000-1", today=TODAY) == (dt.date(2000, 1, 1), None)


@pytest.mark.parametrize("raw", ["9999-12", "0001-01", "2025-13", "2025-00", "garbage", "2025-06-01", "25-06"])
def test_month_outside_the_range_or_malformed_is_the_default(raw):
    value, note = urlcheck.month("month", raw, lang="en", today=TODAY)
    assert value is None and note and "YYYY-MM" in note


def test_integer_choice_and_known_names():
    assert urlcheck.integer("slide", "3", 1) == (3, None)
    assert urlcheck.integer("slide", "nan", 1)[0] == 1 and urlcheck.integer("slide", "nan", 1)[1]
    assert urlcheck.integer("slide", "1" * 40, 1)[1]  # no giant integers
    assert urlcheck.choice("lang", "en", ("zh", "en"), "zh") == ("en", None)
    lang, note = urlcheck.choice("lang", "fr", ("zh", "en"), "zh", lang="en")
    assert lang == "zh" and "zh, en" in safe.shown(note)
    keep, note = urlcheck.known("town", ["城关镇", "无此镇", "城关镇"], {"城关镇", "北坪镇"}, lang="zh")
    assert keep == ["城关镇"] and "无此镇" in note


def test_a_hostile_value_is_quoted_back_inert_and_short():
    _, note = urlcheck.date("asof", "[点此](http://evil.example)" + "x" * 100, lang="zh")
    assert "](" not in note.replace("\\]", "").replace("\\(", "")
    assert "http:\u2060//" in note.replace("\\", "") and len(note) < 300


def test_sidebar_check_fixes_only_what_is_wrong():
    fixes, notes = urlcheck.check_filters(
        {"asof": ["0001-01-01"], "period": ["2025-01", "9999-12"], "town": ["城关镇", "无此镇"], "dept": ["应急局"]},
        months=["2025-01", "2025-02"], towns=["城关镇"], departments=["应急局"], today=TODAY,
    )  # fmt: skip
    assert fixes == {"asof": [], "period": [], "town": ["城关镇"]}
    assert len(notes) == 3


# ---- the app -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wh") / "warehouse.duckdb"
    build_random(path, 2000, seed=5)
    return path


@pytest.fixture(autouse=True)
def _env(warehouse, monkeypatch, st_caches):
    monkeypatch.setenv("SAFETY_WAREHOUSE", str(warehouse))


def run(**params) -> AppTest:
    at = apptest.app(**params).run()
    apptest.assert_clean(at)
    return at


def toasts(at: AppTest) -> list[str]:
    return [safe.shown(x.value) for x in at.toast]


def shown_markdown(at: AppTest) -> str:
    return safe.shown("\n".join(m.value for m in at.markdown))


@pytest.mark.parametrize("interval", ["nan", "inf", "-1", "0", "1e9"])
def test_present_interval_must_be_finite_and_in_range(interval):
    at = run(mode="present", interval=interval)
    assert any(f"interval={interval}" in x for x in toasts(at)), toasts(at)
    assert "每 20 秒" in shown_markdown(at)  # the timer runs at the default, not 'nan' (a busy loop)


@pytest.mark.parametrize("params", [{"month": "9999-12"}, {"month": "0001-01"}, {"asof": "0001-01-01"},
                                    {"asof": "9999-12-31"}, {"asof": "garbage"}, {"slide": "nan"}, {"lang": "xx"},
                                    {"sector": "无此行业"}, {"level": "catastrophic"}, {"town": "无此镇"}])  # fmt: skip
def test_present_bad_params_are_a_sentence_and_the_slides_still_show(params):
    at = run(mode="present", **params)
    key, value = next(iter(params.items()))
    assert any(f"{key}={value}" in x for x in toasts(at)), toasts(at)
    assert "第 1 / 7 页" in shown_markdown(at)  # six fixed slides and 考核通报


def test_present_good_params_say_nothing():
    at = run(mode="present", interval="30", month="2025-06", asof="2025-06-30", slide="2", lang="zh")
    assert not at.toast
    assert "第 2 / 7 页" in shown_markdown(at) and "每 30 秒" in shown_markdown(at)


@pytest.mark.parametrize("params", [{"asof": "0001-01-01"}, {"asof": "9999-12-31"}, {"asof": "garbage"},
                                    {"period": ["9999-12", "9999-12"]}, {"month": "9999-12"}, {"town": "无此镇"},
                                    {"dept": "无此部门"}, {"sector": "xx"}, {"level": "xx"}, {"lang": "xx"}])  # fmt: skip
def test_dashboard_bad_params_fall_back_with_a_sentence(params):
    at = run(**params)
    key, value = next(iter(params.items()))
    value = value[0] if isinstance(value, list) else value
    assert any(f"{key}={value}" in x for x in toasts(at)), toasts(at)
    assert at.session_state["asof"] == dt.date.today()
    # said once: the next run (any click) does not repeat it
    at.run()
    assert not at.toast


def test_dashboard_keeps_the_good_part_of_a_town_list(warehouse):
    real = query(warehouse, "SELECT min(town) FROM hazards")[0][0]
    at = run(town=["无此镇", real, "无此镇2"])
    assert at.multiselect(key="town").value == [real]
    assert len(at.toast) == 1 and "town=无此镇、无此镇2" in toasts(at)[0]
