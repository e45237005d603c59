"""AppTest: the 考核通报 scorecard page with data, with hazards only (no registry), filtered to
nothing, on an empty warehouse, and with a broken config file."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pages._shared.i18n import t
from tests import warehouse_factory as wf
from tests.apptest import open_page
from tests.test_queries_gaps import HAZARDS, _add_visits_and_registry

pytestmark = pytest.mark.usefixtures("st_caches")  # fresh Streamlit caches for every test


def _open(path: Path, monkeypatch: pytest.MonkeyPatch, page: str = "pages/scorecard.py", **query) -> AppTest:
    monkeypatch.setenv("SAFETY_WAREHOUSE", str(path))
    at = open_page(page, **{"asof": "2025-06-30", **query})
    assert not at.exception, [e.value for e in at.exception]
    return at


def _frames(at: AppTest) -> list:
    return [df.value for df in at.dataframe]


def test_scorecard_with_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = wf.build(tmp_path / "w.duckdb", HAZARDS)
    _add_visits_and_registry(path)
    at = _open(path, monkeypatch, month="2025-03")
    assert not at.error or all(t("score.flag.interview") in e.value for e in at.error)
    towns, depts = _frames(at)[:2]
    # March 2025 (test_scorecard.py): 城关镇 scores 42.6; 河西街道 has no hazards in Jan–Mar and no
    # visits → only its reporting (0/3) counts: 0, last
    assert towns[t("score.col.unit")].tolist()[0] == "城关镇"
    assert towns[t("score.col.total")].tolist()[0] == pytest.approx(42.6, abs=0.05)
    assert towns[t("score.col.unit")].tolist()[1] == "河西街道"
    assert towns[t("score.col.total")].tolist()[1] == 0
    assert "（2/4）" in towns[t("score.ind.rect_rate")].tolist()[0]
    assert t("score.ind.reported") in towns.columns and t("score.ind.reported") not in depts.columns
    assert t("score.ind.overdue_share") in depts.columns
    infos = " ".join(i.value for i in at.info)
    assert t("score.left_out.no_verification") in infos and t("score.left_out.no_registry") not in infos
    assert len(at.get("plotly_chart")) == 2  # a rank history per tab


def test_scorecard_without_registry_says_coverage_is_left_out(tmp_path: Path, monkeypatch) -> None:
    path = wf.build(tmp_path / "w.duckdb", HAZARDS)
    at = _open(path, monkeypatch)
    assert t("score.left_out.no_registry") in [i.value for i in at.info]
    assert all(t("score.ind.high_risk_inspected") not in df.columns for df in _frames(at))


def test_scorecard_filtered_to_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = wf.build(tmp_path / "w.duckdb", HAZARDS)
    _add_visits_and_registry(path)
    at = _open(path, monkeypatch, level="major", sector="tourism")
    assert t("score.none") in [i.value for i in at.info]


def test_scorecard_on_empty_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(wf.build_empty(tmp_path / "w.duckdb"), monkeypatch)
    assert t("empty.warehouse") in [i.value for i in at.info]


def test_scorecard_bad_config_is_one_sentence_and_defaults_apply(tmp_path: Path, monkeypatch) -> None:
    cfg_dir = tmp_path / "config"
    cfg_dir.mkdir()
    (cfg_dir / "scorecard.toml").write_text('[indicators.rect_rate]\nweight = "heavy"\n', encoding="utf-8")
    monkeypatch.setenv("SAFETY_CONFIG_DIR", str(cfg_dir))
    path = wf.build(tmp_path / "w.duckdb", HAZARDS)
    _add_visits_and_registry(path)
    at = _open(path, monkeypatch, month="2025-03")
    warnings = [w.value for w in at.warning]
    assert any("第 2 行" in w and "heavy" in w for w in warnings), warnings
    towns = _frames(at)[0]
    assert towns[t("score.col.total")].tolist()[0] == pytest.approx(42.6, abs=0.05)  # default weights


# ---- 下月检查计划 -----------------------------------------------------------------------------------


def test_plan_with_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_plan import EXTRA

    path = wf.build(tmp_path / "w.duckdb", HAZARDS + EXTRA)
    _add_visits_and_registry(path)
    at = _open(path, monkeypatch, page="pages/plan.py", asof="2025-05-31", month="2025-05")
    assert not at.error, [e.value for e in at.error]
    listed = _frames(at)[-1]
    assert listed[t("plan.col.unit")].tolist()[0] == "金辉超市"  # priority 12 (tests/test_plan.py)
    reasons = listed[t("plan.col.reasons")].tolist()[0]
    assert t("plan.reason.overdue_major", n=1) in reasons and "红色风险单位" in reasons
    assert t("plan.no") in listed[t("plan.col.registered")].tolist()  # 无名工地 is unregistered
    md = " ".join(m.value for m in at.markdown)
    assert "0.0%" in md  # the frequency KPI: 0 of 3


def test_plan_without_registry_and_filtered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = wf.build(tmp_path / "w.duckdb", HAZARDS)
    at = _open(path, monkeypatch, page="pages/plan.py")
    assert t("plan.no_registry") in [i.value for i in at.info]
    path2 = wf.build(tmp_path / "w2.duckdb", HAZARDS)
    _add_visits_and_registry(path2)
    at = _open(path2, monkeypatch, page="pages/plan.py", sector="tourism")
    assert t("plan.list.none") in [i.value for i in at.info]


def test_plan_on_empty_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(wf.build_empty(tmp_path / "w.duckdb"), monkeypatch, page="pages/plan.py")
    assert t("empty.warehouse") in [i.value for i in at.info]


# ---- 会商清单 -----------------------------------------------------------------------------------------


def test_blindspots_with_data_and_the_agenda_download(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_blindspots import EXTRA

    path = wf.build(tmp_path / "w.duckdb", HAZARDS + EXTRA)
    _add_visits_and_registry(path)
    at = _open(path, monkeypatch, page="pages/blindspots.py")
    assert not at.error, [e.value for e in at.error]
    frames = _frames(at)
    unreg = frames[0]
    assert set(unreg[t("col.entity_name")]) == {"未登记小作坊", "红星化工", "河西敬老院"}
    cand = unreg.set_index(t("col.entity_name")).loc["红星化工", t("blind.col.candidates")]
    assert cand.startswith("红星化工有限公司（")
    md = " ".join(m.value for m in at.markdown)
    assert "南山乡" in md  # the town with no registry is named
    labels = [b.proto.label for b in at.get("download_button")]
    assert t("blind.download") in labels  # the agenda's content is checked in tests/test_blindspots.py
    assert t("blind.download.count", n=11) in [c.value for c in at.caption]  # tests/test_blindspots.py


def test_blindspots_without_registry_and_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(wf.build(tmp_path / "w.duckdb", HAZARDS), monkeypatch, page="pages/blindspots.py")
    assert t("blind.unreg.no_registry") in [i.value for i in at.info]
    at = _open(wf.build_empty(tmp_path / "e.duckdb"), monkeypatch, page="pages/blindspots.py")
    assert t("empty.warehouse") in [i.value for i in at.info]


def test_blindspots_filtered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = wf.build(tmp_path / "w.duckdb", HAZARDS)
    _add_visits_and_registry(path)
    at = _open(path, monkeypatch, page="pages/blindspots.py", sector="tourism")
    assert not at.exception
    assert t("blind.mismatch.none") in [i.value for i in at.info]


def test_blindspots_show_the_agreed_owners(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from etl.ingest import agreements
    from tests.test_agreements import _agenda_bytes
    from tests.test_blindspots import EXTRA

    path = wf.build(tmp_path / "w.duckdb", HAZARDS + EXTRA)
    _add_visits_and_registry(path)
    from etl.store import db

    with db.writer(path) as w:
        w.execute("SELECT nextval('upload_id_seq') FROM range((SELECT max(upload_id) FROM upload_log))")
    agreements.load_agreements(_agenda_bytes(path)[0], "会商清单.xlsx", db=path)
    at = _open(path, monkeypatch, page="pages/blindspots.py")
    assert t("agree.title") in [s.value for s in at.subheader]
    agreed = next(df for df in _frames(at) if t("agree.col.department") in df.columns)
    assert set(agreed[t("agree.col.department")]) == {"县应急管理局", "县市场监管局", "县消防救援大队"}
    owner = next(df for df in _frames(at) if t("blind.col.agreed") in df.columns)
    row = owner[(owner[t("col.entity_name")] == "金辉超市") & (owner[t("blind.col.kind")] == t("blind.kind.hazard"))]
    assert row[t("blind.col.agreed")].tolist() == ["县消防救援大队"]
    assert t("agree.login") in [c.value for c in at.caption]  # viewers see no uploader


@pytest.mark.parametrize(
    ("page", "title"),
    [("pages/scorecard.py", "score.title"), ("pages/plan.py", "plan.title"), ("pages/blindspots.py", "blind.title")],
)
def test_pages_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str, title: str) -> None:
    # two towns, so some months are partial: the sidebar's month picker labels them in English from the first run
    path = wf.build(tmp_path / "w.duckdb", HAZARDS)
    at = _open(path, monkeypatch, page=page, lang="en")
    assert t(title, lang="en") in [x.value for x in at.title]
    frames = _frames(at)
    assert frames and all(
        not any("\u4e00" <= ch <= "\u9fff" for ch in "".join(map(str, df.columns))) for df in frames[:1]
    )
