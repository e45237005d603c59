"""One owner rule for every "no department" figure (view hazard_owner, migration 013): a hazard is
owned by the department its ledger names, else by the owner agreed at a 会商 (live agreement
uploads only), else by nobody. Built on the agreement fixture of tests/test_agreements.py: H4
金辉超市 (fire, no department) gets its unit's agreement (县消防救援大队), B4 河西敬老院 (other, no
department) the 'other' sector's (县应急管理局), H5 河西燃气站 (gas, no department) nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.ingest import agreements
from etl.read import blindspots as bs
from etl.read import config as cfg
from etl.read import queries
from etl.store import db
from etl.store.writes import CommandLine, rollback_upload
from tests import warehouse_factory as wf
from tests.fixtures import migrations_upto
from tests.test_agreements import _agenda_bytes
from tests.test_blindspots import EXTRA, PARAMS
from tests.test_queries_gaps import HAZARDS, _add_visits_and_registry

SETTLED = {"金辉超市", "河西敬老院"}  # the two hazards the meeting gives an owner


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = wf.build(tmp_path / "w.duckdb", HAZARDS + EXTRA)
    _add_visits_and_registry(path)
    with db.writer(path) as w:  # ids written by hand: move the sequence past them, as a load would
        w.execute("SELECT nextval('upload_id_seq') FROM range((SELECT max(upload_id) FROM upload_log))")
    return path


def _figures(path: Path) -> dict:
    c = db.open_reader(path)
    try:
        owner = queries.run(c, "gap_no_owner", **PARAMS).set_index("sector")
        rows = queries.run(c, "gap_no_owner_rows", **PARAMS)
        blind = queries.run(c, "blind_no_owner_units", **PARAMS)
        resp, _ = cfg.load_responsibilities(cfg.CONFIG_DIR / "responsibilities.toml")
        sd = queries.run(c, "blind_sector_departments", **PARAMS)
        by_sector, mism = bs.matrix(sd, resp)
        types = queries.run(c, "blind_unit_types", **PARAMS).set_index("sector_raw")
        view = {k: (d, s) for k, d, s in c.execute(
            "SELECT hazard_key, owner_department, owner_source FROM hazard_owner").fetchall()}  # fmt: skip
        ledger = dict(c.execute("SELECT hazard_key, department FROM hazards").fetchall())
    finally:
        c.close()
    return {
        "no_owner": int(owner["hazards_no_owner"].sum()), "agreed": int(owner["hazards_agreed"].sum()),
        "no_owner_by": owner["hazards_no_owner"].to_dict(),
        "rows": set(rows.loc[rows["kind"] == "hazard", "entity_name"]),
        "blind": set(blind.loc[(blind["kind"] == "hazard") & (blind["agreed_department"] == ""), "entity_name"]),
        "blind_agreed": dict(blind.loc[(blind["kind"] == "hazard") & (blind["agreed_department"] != ""),
                                       ["entity_name", "agreed_department"]].values.tolist()),
        "agenda": set(bs.agenda(unreg=blind.iloc[0:0], near=[], by_sector=by_sector, unit_types=types.reset_index(),
                                mismatches=mism, no_owner=blind, sector_label=str)
                      .query("事项类型 == @bs.ITEM_TYPES['no_owner_hazards']")["单位名称"]),
        "matrix": by_sector.set_index("sector")[["hazards_no_owner", "hazards_agreed"]],
        "sd": sd, "mism": mism, "types": types, "view": view, "ledger": ledger,
    }  # fmt: skip


def _load(path: Path) -> int:
    data, _ = _agenda_bytes(path)
    rep = agreements.load_agreements(data, "会商清单_已填.xlsx", db=path, actor=CommandLine("分析员"))
    return rep.upload_id


def test_agreed_owners_leave_every_no_department_figure_and_come_back_on_rollback(warehouse: Path) -> None:
    before = _figures(warehouse)
    # no agreement yet: every hazard with no ledger department counts as unowned
    assert before["agreed"] == 0
    unowned = {k for k, d in before["ledger"].items() if not d}
    assert unowned == {"H4", "H5", "B4"}
    assert before["no_owner"] == 3
    assert before["rows"] == before["blind"] == before["agenda"] == {"金辉超市", "河西燃气站", "河西敬老院"}
    assert before["blind_agreed"] == {}

    upload_id = _load(warehouse)
    after = _figures(warehouse)
    # H4 and B4 are settled; H5 (河西燃气站) is still nobody's
    assert after["no_owner"] == 1 and after["agreed"] == 2
    assert after["no_owner_by"]["fire"] == before["no_owner_by"]["fire"] - 1
    assert after["no_owner_by"]["other"] == before["no_owner_by"]["other"] - 1
    assert after["rows"] == after["blind"] == after["agenda"] == {"河西燃气站"}
    # the 会商清单 still lists the settled ones, marked with the agreed department (会商明确)
    assert after["blind_agreed"] == {"金辉超市": "县消防救援大队", "河西敬老院": "县应急管理局"}
    # the 三管三必须 matrix counts them under the agreed department, marked as agreed
    assert after["matrix"].loc["fire"].tolist() == [before["matrix"].loc["fire", "hazards_no_owner"] - 1, 1]
    assert after["matrix"].loc["other"].tolist() == [before["matrix"].loc["other", "hazards_no_owner"] - 1, 1]
    sd = after["sd"]
    fire = sd[(sd["sector"] == "fire") & sd["agreed"]]
    assert fire[["department", "hazards", "units"]].values.tolist() == [["县消防救援大队", 1, 0]]
    # an agreed owner adds no mismatch with a sector's lead
    assert after["mism"].equals(before["mism"])
    assert after["types"].loc["养老机构", "no_department"] == 0 and after["types"].loc["养老机构", "agreed"] == 1
    # the analysts' view; the ledger's own column is untouched
    assert after["view"]["H4"] == ("县消防救援大队", "agreed")
    assert after["view"]["B4"] == ("县应急管理局", "agreed")
    assert after["view"]["H5"] == (None, None)
    assert after["view"]["H1"] == ("县教育局", "ledger")
    assert after["ledger"] == before["ledger"]

    rollback_upload(warehouse, upload_id)
    back = _figures(warehouse)
    for k in ("no_owner", "agreed", "no_owner_by", "rows", "blind", "blind_agreed", "agenda"):
        assert back[k] == before[k], k
    assert back["matrix"].equals(before["matrix"])
    assert back["view"]["H4"] == (None, None)


def _by_department(path: Path) -> dict:
    """Every place a hazard is counted under, or chosen by, its department."""
    import datetime as dt

    from etl.read import scorecard

    c = db.open_reader(path)
    try:
        f = {k: v for k, v in PARAMS.items() if k != "limit"}
        ft = queries.run(c, "gap_followthrough", **f)
        follow = dict(zip(ft["department"].fillna("(county)"), ft["total"], strict=True))
        from_meeting = {d: n for d, n in zip(ft["department"].fillna("(county)"), ft["agreed"], strict=True) if n}
        rates = queries.run(c, "rates_by", dim="department", **f)
        rates = dict(zip(rates["key"], rates["total"], strict=True))

        def chosen(departments: list[str]) -> set[str]:
            rows = queries.run(c, "hazard_list", **{**f, "departments": departments}, state=None, search=None,
                               limit=1000, offset=0)
            return set(rows["hazard_key"])

        options = queries.run(c, "filter_options")
        options = dict(options.loc[options["kind"] == "department", ["value", "n"]].values.tolist())
        card = scorecard.build(c, dt.date(2025, 6, 1), cfg.load_scorecard()[0], f)
        units = set(card.figures.loc[card.figures["unit_type"] == "department", "unit"])
        fire_brigade, none = chosen(["县消防救援大队"]), chosen([""])
        detail = queries.run(c, "hazard_detail", hazard_key="H4").iloc[0]  # the explorer's one-hazard view
        h4 = (detail["department"], detail["owner_department"])
    finally:
        c.close()
    return {"follow": follow, "rates": rates, "fire_brigade": fire_brigade, "none": none, "options": options,
            "score_units": units, "from_meeting": from_meeting, "h4": h4}


def test_a_department_is_held_to_the_hazards_a_meeting_gave_it(warehouse: Path) -> None:
    """Once a 会商 agrees the owner of a hazard whose ledger names no department, that department
    owns it wherever departments are counted or chosen: the 部门履职 table, the breakdowns by
    department, the department filter and its options, and the 考核通报's department rows. Rolled
    back, the hazard is nobody's again. The ledger's own column never changes."""
    before = _by_department(warehouse)
    assert {"H4", "B4"} <= before["none"] and "H4" not in before["fire_brigade"]
    assert before["follow"][""] == before["rates"][""] == len(before["none"]) == before["options"][""]

    upload_id = _load(warehouse)
    after = _by_department(warehouse)
    # H4 goes to 县消防救援大队, B4 to 县应急管理局; H5 stays nobody's
    assert after["fire_brigade"] == before["fire_brigade"] | {"H4"}
    assert after["none"] == before["none"] - {"H4", "B4"}
    for figure in ("follow", "rates", "options"):
        assert after[figure][""] == before[figure][""] - 2, figure
        assert after[figure]["县消防救援大队"] == before[figure].get("县消防救援大队", 0) + 1, figure
        assert after[figure]["县应急管理局"] == before[figure].get("县应急管理局", 0) + 1, figure
    assert after["follow"]["(county)"] == before["follow"]["(county)"]  # the county's total is the same
    # ⑤ says how many of each department's hazards came from the meeting
    assert before["from_meeting"] == {}
    assert after["from_meeting"] == {"(county)": 2, "县消防救援大队": 1, "县应急管理局": 1}
    assert "县消防救援大队" in after["score_units"]
    assert before["h4"] == (None, "") and after["h4"] == (None, "县消防救援大队")
    assert _figures(warehouse)["ledger"] == _figures(warehouse)["ledger"] | {"H4": None, "B4": None}

    rollback_upload(warehouse, upload_id)
    assert _by_department(warehouse) == before


def test_the_follow_through_chart_says_how_many_hazards_a_meeting_gave(warehouse: Path) -> None:
    """⑤'s bars count the hazards a 会商 gave each department (as the table's 其中会商明确 column
    does); each bar that holds any says how many, in words on the bar."""
    from pages._shared import charts_gaps, theme

    def bar_text() -> dict[str, str]:
        c = db.open_reader(warehouse)
        try:
            ft = queries.run(c, "gap_followthrough", **{k: v for k, v in PARAMS.items() if k != "limit"})
        finally:
            c.close()
        county = ft[ft["is_county"].astype(bool)].iloc[0]
        fig = charts_gaps.followthrough_bars(ft[~ft["is_county"].astype(bool)], county, p=theme.palette("light"),
                                             lang="zh", title="t", subtitle="s")  # fmt: skip
        return dict(zip(fig.data[0].customdata, fig.data[0].text, strict=True))

    assert not any("会商明确" in x for x in bar_text().values())
    _load(warehouse)
    after = bar_text()
    assert after["县消防救援大队"].endswith("｜会商明确 1") and after["县应急管理局"].endswith("｜会商明确 1")
    assert not any("会商明确" in x for d, x in after.items() if d not in ("县消防救援大队", "县应急管理局"))
    assert "县教育局" in after  # a department the meeting gave nothing keeps its plain label


def test_a_ledger_that_names_a_department_outranks_the_meeting(warehouse: Path) -> None:
    """The agreement settles only hazards whose ledgers name no department: when a later ledger
    names one for an agreed hazard, that department owns it and the stored agreement is cleared
    (in the current rows and the gap page's copy); the maintenance check finds nothing amiss."""
    from etl.admin import maintenance
    from etl.store import load

    with db.writer(warehouse) as w:  # derived tables as a warehouse filled by real loads has them
        w.execute("BEGIN TRANSACTION")
        load.rebuild_derived(w)
        load.mark_derived(w, db.data_version(w))
        w.execute("COMMIT")
        assert w.execute("SELECT fresh FROM derived_fresh").fetchone()[0]
    _load(warehouse)
    with db.writer(warehouse) as w:
        assert w.execute("SELECT agreed_department FROM hazard_current WHERE hazard_key = 'H4'").fetchone()[0] \
            == "县消防救援大队"
    assert maintenance.check(warehouse).findings == []
    with db.writer(warehouse) as w:  # June's ledger reports H4 again, now naming 城关镇安监站
        w.execute("BEGIN TRANSACTION")
        uid = w.execute("SELECT nextval('upload_id_seq')").fetchone()[0]
        w.execute("INSERT INTO upload_log (upload_id, file_name, sha256, kind, report_month, loaded_at, rows_read, "
                  "rows_loaded, rows_rejected, rows_skipped, status, towns) VALUES (?, '城关镇2025年6月隐患台账.xlsx', "
                  "'june', 'hazard', DATE '2025-06-01', now()::TIMESTAMP, 1, 1, 0, 0, 'live', ['城关镇'])", [uid])
        w.execute("INSERT INTO hazard_obs BY NAME SELECT * REPLACE (? AS upload_id, DATE '2025-06-01' AS report_month, "
                  "'城关镇安监站' AS department, 0 AS obs_seq) FROM hazard_obs WHERE hazard_key = 'H4' LIMIT 1", [uid])
        fresh = load.rederive(w, uid, "hazard")  # what every hazard upload runs in its transaction
        version = db.bump_data_version(w)
        if fresh:
            load.mark_derived(w, version)
        w.execute("COMMIT")
    with db.writer(warehouse) as w:
        got = w.execute("SELECT h.department, h.agreed_department, h.owner_department, k.agreed_department "
                        "FROM hazards h JOIN hazard_current_keyed k USING (hazard_key) "
                        "WHERE hazard_key = 'H4'").fetchone()
    assert got == ("城关镇安监站", None, "城关镇安监站", None)
    with db.writer(warehouse) as w:  # the incremental path ran: the derived tables are still fresh
        assert w.execute("SELECT fresh FROM derived_fresh").fetchone()[0]
        assert w.execute("SELECT agreed_department FROM hazard_current_keyed WHERE hazard_key = 'B4'").fetchone()[0] \
            == "县应急管理局"
    assert maintenance.check(warehouse).findings == []  # it compares the derived tables with their rebuild


def test_the_briefing_board_names_the_agreed_owner(tmp_path: Path) -> None:
    """The briefing's overdue board (and the rectification page's list: same query) names a
    hazard's owner by the one rule: the department its ledger names, else the 会商's, marked."""
    import datetime as dt

    from etl import brief
    from etl.brief import text as brief_text

    # a major hazard of 金辉超市 with no department, overdue on 2025-06-30: its unit's agreement owns it
    x1 = dict(hazard_key="X1", town="城关镇", sector="fire", entity_name="金辉超市", description="喷淋失效",
              level="major", found_date=dt.date(2025, 5, 2), deadline=dt.date(2025, 5, 20))  # fmt: skip
    path = wf.build(tmp_path / "w.duckdb", HAZARDS + EXTRA + [x1])
    _add_visits_and_registry(path)
    with db.writer(path) as w:
        w.execute("SELECT nextval('upload_id_seq') FROM range((SELECT max(upload_id) FROM upload_log))")

    def board() -> dict[str, str]:
        c = db.open_reader(path)
        try:
            d = brief.collect(lambda n, **p: queries.run(c.cursor(), n, **p), dt.date(2025, 6, 1), dt.date(2025, 6, 30))
        finally:
            c.close()
        table = brief_text.overdue_table(d)
        return dict(zip(table["单位名称"], table["责任部门"], strict=True))

    assert board()["金辉超市"] == "未注明部门"
    upload_id = _load(path)
    assert board()["金辉超市"] == "县消防救援大队（会商明确）"
    rollback_upload(path, upload_id)
    assert board()["金辉超市"] == "未注明部门"


# ---------------------------------------------------------------- the pages

PW = "secret123"


@pytest.fixture
def pages_env(warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, st_caches, entrypoint_every_run):
    from tests import apptest

    uf = apptest.accounts_file(tmp_path / "users.toml", {"ana": ("analyst", PW)})
    monkeypatch.setenv("SAFETY_USERS", str(uf))
    monkeypatch.setenv("SAFETY_WAREHOUSE", str(warehouse))
    return warehouse


def _captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_the_upload_page_loads_the_agreement_and_the_gap_page_counts_it(pages_env: Path) -> None:
    """The 会商清单 loaded from the main upload page (the fourth kind) goes through the same loader;
    the gap page's ③ tab then says how many hazards a 会商 settled, and the headline card's help
    says so too; the upload history names the kind."""
    from pages._shared.i18n import t
    from tests import apptest

    at = apptest.open_page("pages/gaps.py", asof="2025-06-30")
    apptest.assert_clean(at)
    assert t("gaps.owner.agreed", n="2") not in _captions(at)  # nothing agreed yet
    assert t("gaps.follow.agreed", n="2") not in _captions(at)
    assert not any(t("gaps.col.agreed") in df.value.columns for df in at.dataframe)  # no column until a meeting

    at = apptest.app(timeout=90).run()
    apptest.log_in(at, "ana", PW)
    at.switch_page("pages/upload.py").run()
    apptest.assert_clean(at)
    assert any(e.label == t("upload.agree") for e in at.expander)
    data, _ = _agenda_bytes(pages_env)
    agree = next(u for u in at.get("file_uploader") if u.key == "agree_file")
    agree.set_value([("会商清单_已填.xlsx", data,
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]).run()  # fmt: skip
    at.button(key="agree_load").click().run()
    apptest.assert_clean(at)
    assert any("导入 4" in s.value for s in at.success), [s.value for s in at.success]
    c = db.open_reader(pages_env)
    try:
        assert c.execute("SELECT count(*) FROM uploads WHERE kind = 'agreement' AND status = 'live'").fetchone() == (1,)
    finally:
        c.close()
    at.switch_page("pages/upload.py").run()

    def upload_col(name: str) -> str:  # the history's column headers, as pages/upload.py names them
        from pages._shared.i18n import has

        return next((t(k) for k in (f"upload.col.{name}", f"col.{name}") if has(k)), name)

    kinds = [v for df in at.dataframe for col in df.value.columns if col == upload_col("kind") for v in df.value[col]]
    assert t("upload.kind.agreement") in kinds  # the history names the kind, not its key

    at.switch_page("pages/gaps.py").run()
    apptest.assert_clean(at)
    # H4 金辉超市 and B4 河西敬老院 were found in 2025, inside the page's default window
    assert t("gaps.owner.agreed", n="2") in _captions(at)
    assert t("gaps.follow.agreed", n="2") in _captions(at)  # ⑤ says the agreed departments' rows hold them
    follow = next(df.value for df in at.dataframe if t("gaps.col.agreed") in df.value.columns)
    assert dict(zip(follow[t("gaps.col.department")], follow[t("gaps.col.agreed")], strict=True))["县消防救援大队"] == 1

    at.switch_page("pages/blindspots.py").run()
    apptest.assert_clean(at)
    caps = _captions(at)
    assert t("blind.matrix.agreed", n="2") in caps and t("blind.owner.agreed", n="2") in caps
    owner = next(df.value for df in at.dataframe if t("blind.col.agreed") in df.value.columns)
    settled = owner[owner[t("blind.col.agreed")] != ""]
    # hazards: the two settled; registry unit 金辉超市 (no supervising department) takes its unit's agreement
    assert sorted(zip(settled[t("blind.col.kind")], settled[t("col.entity_name")], strict=True)) == sorted(
        [
            (t("blind.kind.hazard"), "河西敬老院"),
            (t("blind.kind.hazard"), "金辉超市"),
            (t("blind.kind.unit"), "金辉超市"),
        ]
    )

    # the explorer lists each hazard under its owning department, an agreed one marked 会商明确
    at.switch_page("pages/explorer.py").run()
    apptest.assert_clean(at)
    listed = next(df.value for df in at.dataframe if t("col.department") in df.value.columns)
    by_unit: dict[str, set[str]] = {}
    for unit, dept in zip(listed[t("col.entity_name")], listed[t("col.department")], strict=True):
        by_unit.setdefault(unit, set()).add(dept)
    assert by_unit["河西敬老院"] == {t("rect.agreed_owner", d="县应急管理局")}  # B4
    assert by_unit["河西燃气站"] == {t("department._none"), "县住建局"}  # H5 still nobody's; H6 its ledger's
    assert by_unit["阳光幼儿园"] == {"县教育局", "县应急管理局"}  # the ledgers' own departments, unmarked


def test_a_warehouse_made_before_the_rule_upgrades_and_answers(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made with migrations 001-012 and an agreement already loaded, it gets hazard_owner (013) and
    the stored owner (014) the next time a writer opens it, and the no-department figures then
    count the agreement."""
    sheet, _ = _agenda_bytes(warehouse)  # the agenda, exported from a current warehouse of the same data
    mig = migrations_upto(tmp_path / "migrations", 12)
    new = db.MIGRATIONS_DIR
    monkeypatch.setattr(db, "MIGRATIONS_DIR", mig)
    path = wf.build(tmp_path / "old" / "w.duckdb", HAZARDS + EXTRA)
    _add_visits_and_registry(path)
    with db.writer(path) as w:
        w.execute("SELECT nextval('upload_id_seq') FROM range((SELECT max(upload_id) FROM upload_log))")
        assert db.schema_version(w) == 12
        assert not w.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'hazard_owner'").fetchone()[0]
    from etl.store import load

    with monkeypatch.context() as m:  # the load of that time: no owner column to keep (migration 014)
        m.setattr(load, "refresh_agreed", lambda con: None)
        agreements.load_agreements(sheet, "会商清单_已填.xlsx", db=path, actor=CommandLine("分析员"))
    monkeypatch.setattr(db, "MIGRATIONS_DIR", new)
    with db.writer(path) as w:
        assert {13, 14} <= {r[0] for r in w.execute("SELECT version FROM schema_migrations").fetchall()}
        # the backfill stored the agreed owner; the gap page's rows (computed on the fly here: a
        # hand-built warehouse has no derived tables) carry it too
        assert w.execute("SELECT owner_department FROM hazards "
                         "WHERE hazard_key = 'H4'").fetchone()[0] == "县消防救援大队"
        assert dict(w.execute("SELECT hazard_key, agreed_department FROM gap_hazards "
                              "WHERE agreed_department IS NOT NULL").fetchall()) == {"H4": "县消防救援大队", "B4": "县应急管理局"}
    got = _figures(path)
    assert (got["no_owner"], got["agreed"]) == (1, 2)
    assert got["view"]["H4"] == ("县消防救援大队", "agreed")
