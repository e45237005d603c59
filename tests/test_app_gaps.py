"""AppTest: the supervision-gap page renders with full data, with hazards only (no registry, no
inspection logs), and on an empty warehouse; every state says something useful."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pages._shared.i18n import t
from tests import warehouse_factory as wf
from tests.apptest import assert_clean, open_page
from tests.test_queries_gaps import HAZARDS, _add_visits_and_registry

pytestmark = pytest.mark.usefixtures("st_caches")  # fresh Streamlit caches for every test


def _open_gaps(path: Path, monkeypatch: pytest.MonkeyPatch, **query) -> AppTest:
    monkeypatch.setenv("SAFETY_WAREHOUSE", str(path))
    at = open_page("pages/gaps.py", **{"asof": "2025-06-30", **query})
    assert_clean(at)
    return at


def test_page_with_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = wf.build(tmp_path / "w.duckdb", HAZARDS)
    _add_visits_and_registry(path)
    at = _open_gaps(path, monkeypatch)
    heads = [s.value for s in at.subheader]
    for key in ("gaps.cov.title", "gaps.never.title", "gaps.owner.title", "gaps.rep.title", "gaps.follow.title",
                "gaps.levels.title", "gaps.enf.title", "gaps.rep8.title"):  # fmt: skip
        assert t(key) in heads, key
    assert len(at.get("plotly_chart")) >= 7  # the team ranking needs ≥ 5 visits per team: says so instead
    infos = " ".join(i.value for i in at.info)
    assert t("gaps.no_registry") not in infos and t("gaps.no_inspections") not in infos
    md = " ".join(m.value for m in at.markdown)
    # default window = all months with hazards (May 2024 on): 金辉超市 was visited in Dec 2024, so only
    # 河西小学 (blue, self-inspection only) is left
    assert t("gaps.never.summary", total="1", high="0") in md
    # its self-inspection (2025-04-03) is shown as such, not as its last inspection
    never = next(df.value for df in at.dataframe if t("gaps.col.last_self") in df.value.columns)
    row = never.set_index(t("gaps.col.entity")).loc["河西小学"]
    assert row[t("gaps.col.last_supervisory")] == t("gaps.never_on_record")
    assert row[t("gaps.col.last_self")] == "2025年4月3日"
    assert "阳光幼儿园" not in never[t("gaps.col.entity")].tolist()  # visited by the town in March


def test_page_drill_selection_from_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's own bound keys (as a chart click or a shared link sets them) list the visits."""
    path = wf.build(tmp_path / "w.duckdb", HAZARDS)
    _add_visits_and_registry(path)
    at = _open_gaps(path, monkeypatch, gaplvl=t("gaps.level.higher"))  # bound options show by label
    frames = [df.value for df in at.dataframe]
    assert any("河西燃气站" in df.to_string() and "督查一组" in df.to_string() for df in frames)


def test_page_with_hazards_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = wf.build(tmp_path / "w.duckdb", HAZARDS)
    at = _open_gaps(path, monkeypatch)
    infos = [i.value for i in at.info]
    assert t("gaps.no_registry") in infos
    assert t("gaps.no_inspections") in infos
    assert t("gaps.follow.title") in [s.value for s in at.subheader]  # ledgers alone still show follow-through


def test_page_on_empty_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = wf.build_empty(tmp_path / "w.duckdb")
    at = _open_gaps(path, monkeypatch)
    assert t("empty.warehouse") in [i.value for i in at.info]
    assert not at.get("plotly_chart")


def _drill_script() -> None:
    import streamlit as st

    from pages._shared import widgets

    st.session_state["gap_cov"] = {"selection": {"points": [
        {"customdata": ["城关镇", "fire"]},
        {"customdata": ["登记表才有的镇", "school"]},  # a town the sidebar does not offer
        {"customdata": ["城关镇", "fire"]},
    ]}}  # fmt: skip
    widgets.drill("gap_cov", ["town", "sector"], {"town": {"城关镇", "北坪镇"}, "sector": None})()
    st.write(repr((st.session_state.get("town"), st.session_state.get("sector"), "gap_cov" in st.session_state)))


def test_a_drill_writes_only_values_the_target_widget_offers() -> None:
    """The gap page's clicks go through the shared ``widgets.drill``; a town known only from the
    registry must not reach the town filter (it is not one of its options), a sector always may."""
    at = AppTest.from_function(_drill_script, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.markdown[0].value == repr((["城关镇"], ["fire", "school"], False))
