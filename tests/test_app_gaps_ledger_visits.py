"""AppTest: the supervision-gap page counts a hazard ledger's 无隐患 visits (migration 009) — a unit
visited only so is not "never inspected", and the visit drill-down says where each visit came
from. Files: tests/fixtures/nothing_visits.py (城关镇, April 2025)."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.store.writes import ingest
from pages._shared.i18n import t
from tests.apptest import assert_clean, open_page
from tests.fixtures import nothing_visits as F

pytestmark = pytest.mark.usefixtures("st_caches")  # fresh Streamlit caches for every test


def test_gap_page_counts_ledger_visits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "wh" / "warehouse.duckdb"
    for data, name in ((F.registry(), F.REGISTRY_NAME), (F.ledger(), F.LEDGER_NAME)):
        assert ingest(data, name, db=path).status == "loaded"
    monkeypatch.setenv("SAFETY_WAREHOUSE", str(path))
    # 城关小学 (县教育局) and 城关加油站 (县应急管理局) were visited by county departments
    at = open_page("pages/gaps.py", asof="2025-04-30", gaplvl=t("gaps.level.county"))
    assert_clean(at)
    md = " ".join(m.value for m in at.markdown)
    # of five registry units, only the two whose 无隐患 rows gave no day are left (yellow, blue)
    assert t("gaps.never.summary", total="2", high="0") in md
    never = next(df.value for df in at.dataframe if t("gaps.col.last_self") in df.value.columns)
    assert sorted(never[t("gaps.col.entity")]) == ["城关木器厂", "城关饭店"]
    drill = next(df.value for df in at.dataframe if t("gaps.col.source") in df.value.columns)
    got = dict(zip(drill[t("gaps.col.entity")], drill[t("gaps.col.source")], strict=True))
    assert got == {"城关小学": t("gaps.source.hazard"), "城关加油站": t("gaps.source.hazard")}
    # per-visit figures count inspection logs' visits only (migration 012): with none, the levels and
    # enforcement sections say so, and how many ledger visits there are (all three, at every level)
    assert [i.value for i in at.info].count(t("gaps.no_log_visits", n=3)) == 2
