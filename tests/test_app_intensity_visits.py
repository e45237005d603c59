"""AppTest: the gap page and the scorecard say how many hazard-ledger 无隐患 visits their per-visit
figures left out (migration 012), on the two towns of tests/fixtures/intensity_visits.py: six
ledger visits in 西山乡 (five at town level, one by 县应急管理局)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etl.store.writes import ingest
from pages._shared import theme
from pages._shared.i18n import t
from pages._shared.safe import html_text
from tests.apptest import assert_clean, open_page
from tests.fixtures import intensity_visits as F

pytestmark = pytest.mark.usefixtures("st_caches")  # fresh Streamlit caches for every test


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "wh" / "warehouse.duckdb"
    for data, name in F.files():
        assert ingest(data, name, db=path).status == "loaded"
    monkeypatch.setenv("SAFETY_WAREHOUSE", str(path))
    return path


def test_gap_page_names_the_ledger_visits_its_per_visit_figures_leave_out(warehouse):
    at = open_page("pages/gaps.py", asof="2025-04-30")
    assert_clean(at)
    captions = [c.value for c in at.caption]
    assert t("gaps.enf.ledger_visits", n=6) in captions  # ⑦ enforcement
    assert t("gaps.levels.ledger_visits", n=6) in captions  # ⑥ levels
    # the period's 14 visits, six of them ledger rows (coverage counts them all)
    note = t("gaps.registry_note", units="11", month=theme.fmt_month(dt.date(2025, 4, 1), "zh"), n="14")
    assert note + t("gaps.registry_note.ledger", n="6") in captions
    # the headline card: 3 of the logs' 8 visits found nothing (with the ledger's six it would be 9 of 14),
    # its hover text saying the six are left out
    card = next(m.value for m in at.markdown if html_text(t("gaps.kpi.zero_share")) in m.value)
    assert ">37.5%<" in card and html_text(t("gaps.kpi.zero_share.help", n=6)) in card
    levels = next(df.value for df in at.dataframe if t("gaps.col.ledger_visits") in df.value.columns)
    got = dict(zip(levels[t("gaps.col.who_level")], levels[t("gaps.col.ledger_visits")], strict=True))
    assert got == {t("gaps.level.county"): 1, t("gaps.level.town"): 5, t("gaps.level.unknown"): 0}


def test_scorecard_names_the_ledger_visits_the_zero_share_leaves_out(warehouse):
    at = open_page("pages/scorecard.py", asof="2025-04-30", month="2025-04")
    assert_clean(at)
    captions = [c.value for c in at.caption]
    assert t("score.zero_ledger", n=6) in captions  # towns: 西山乡's six
    assert t("score.zero_ledger", n=1) in captions  # departments: 县应急管理局's one
    towns = next(df.value for df in at.dataframe if t("score.ind.zero_find_share") in df.value.columns)
    xs = towns[towns[t("score.col.unit")] == F.XS][t("score.ind.zero_find_share")].iloc[0]
    assert "（2/4）" in xs  # 2 of its log's 4 visits, not 8 of 10
