"""ingest() into a real warehouse: identity, latest-month-wins, idempotency, rollback
(docs/DATA_CONTRACT.md §1.3) and the upload ledger / load_errors it leaves behind."""

from __future__ import annotations

import hashlib
from datetime import date

import pandas as pd
import pytest

from tests.fixtures import hazards_frame, query, warehouse_state
from tests.fixtures import ledgers as L

pipeline = pytest.importorskip("etl.ingest.pipeline", reason="etl.ingest.pipeline not written yet")
writes = pytest.importorskip("etl.store.writes", reason="etl.store.writes not written yet")
ingest, rollback = writes.ingest, writes.rollback_upload

MARCH, APRIL = date(2025, 3, 1), date(2025, 4, 1)


def as_date(v):
    if v is None or pd.isna(v):
        return None
    return pd.Timestamp(v).date()


def load(db, data: bytes, name: str, **kw):
    rep = ingest(data, name, db=db, **kw)
    assert rep.status == "loaded", (rep.status, rep.message)
    assert rep.upload_id is not None
    return rep


def current(db) -> dict[str, dict]:
    """hazards keyed by source_hazard_id (fixtures here use unique ids)."""
    return {r["source_hazard_id"]: r for r in hazards_frame(db).to_dict("records")}


# ---------------------------------------------------------------- basics


def test_load_writes_hazards_and_upload_row(db_path):
    data = L.march_ledger()
    rep = load(db_path, data, "东城街道3月.xlsx")
    assert rep.analysis.rows_loaded == 3
    assert rep.data_version >= 1
    ups = query(
        db_path,
        "SELECT upload_id, file_name, sha256, kind, report_month, rows_read, rows_loaded, rows_rejected, rows_skipped, status FROM uploads",
    )
    assert ups == [
        (rep.upload_id, "东城街道3月.xlsx", hashlib.sha256(data).hexdigest(), "hazard", MARCH, 3, 3, 0, 0, "live")
    ]
    hz = current(db_path)
    assert set(hz) == {"H-001", "H-002", "H-003"}
    assert hz["H-003"]["status"] == "rectified" and as_date(hz["H-003"]["rectified_date"]) == date(2025, 3, 20)
    assert hz["H-002"]["level"] == "major"
    assert all(r["town"] == "东城街道" and as_date(r["report_month"]) == MARCH for r in hz.values())
    assert all(r["upload_id"] == rep.upload_id for r in hz.values())
    obs = query(db_path, "SELECT source_sheet, source_row FROM hazard_observations ORDER BY source_row")
    assert obs == [("Sheet1", 3), ("Sheet1", 4), ("Sheet1", 5)]
    assert (
        query(db_path, "SELECT count(*) FROM hazards")[0][0]
        == query(db_path, "SELECT count(DISTINCT hazard_key) FROM hazards")[0][0]
    )


def test_rejected_rows_recorded_in_load_errors(db_path):
    rep = load(db_path, L.bad_rows(), "ledger.xlsx")
    assert (rep.analysis.rows_loaded, rep.analysis.rows_rejected) == (2, 3)
    errs = query(
        db_path,
        "SELECT upload_id, sheet, source_row, column_name, raw_value, reason FROM load_errors ORDER BY source_row",
    )
    assert {e[2] for e in errs} == {4, 5, 6}
    assert all(e[0] == rep.upload_id and e[1] == "Sheet1" for e in errs)
    (tbd,) = [e for e in errs if e[2] == 4]
    assert "发现日期" in tbd[3] and tbd[4] == "待定" and "待定" in tbd[5]
    assert query(db_path, "SELECT rows_rejected FROM uploads")[0][0] == 3


def test_dry_run_changes_nothing(db_path):
    load(db_path, L.march_ledger(), "m.xlsx")
    before = warehouse_state(db_path)
    rep = ingest(L.april_ledger(), "a.xlsx", db=db_path, dry_run=True)
    assert rep.status == "dry_run"
    assert rep.analysis is not None and rep.analysis.rows_loaded == 3
    before.assert_equal(warehouse_state(db_path))


# ---------------------------------------------------------------- idempotency


def test_same_bytes_twice_is_duplicate(db_path):
    data = L.march_ledger()
    load(db_path, data, "m.xlsx")
    before = warehouse_state(db_path)
    rep = ingest(data, "m.xlsx", db=db_path)
    assert rep.status == "duplicate"
    assert rep.message
    before.assert_equal(warehouse_state(db_path))


def test_same_bytes_other_name_is_duplicate(db_path):
    data = L.example_chengguan()
    load(db_path, data, L.EXAMPLE_CHENGGUAN_NAME)
    before = warehouse_state(db_path)
    rep = ingest(data, "copy of " + L.EXAMPLE_CHENGGUAN_NAME, db=db_path)
    assert rep.status == "duplicate"
    before.assert_equal(warehouse_state(db_path))


def test_ingest_from_path(db_path, tmp_path):
    p = tmp_path / L.EXAMPLE_BEIPING_NAME
    p.write_bytes(L.example_beiping_csv())
    rep = ingest(p, db=db_path)
    assert rep.status == "loaded"
    assert query(db_path, "SELECT file_name, report_month FROM uploads") == [(L.EXAMPLE_BEIPING_NAME, date(2025, 5, 1))]
    assert query(db_path, "SELECT count(*), min(town), max(town) FROM hazards") == [(2, "北坪镇", "北坪镇")]


# ---------------------------------------------------------------- latest month wins


def _expected_after_march_and_april(hz):
    assert set(hz) == {"H-001", "H-002", "H-003", "H-004"}
    assert hz["H-001"]["status"] == "rectified"
    assert as_date(hz["H-001"]["rectified_date"]) == date(2025, 4, 8)
    assert as_date(hz["H-001"]["report_month"]) == APRIL
    assert hz["H-002"]["status"] == "open" and as_date(hz["H-002"]["report_month"]) == APRIL
    assert hz["H-003"]["status"] == "rectified" and as_date(hz["H-003"]["report_month"]) == MARCH
    assert hz["H-004"]["status"] == "open" and as_date(hz["H-004"]["report_month"]) == APRIL


def test_april_after_march(db_path):
    m = load(db_path, L.march_ledger(), "m.xlsx")
    a = load(db_path, L.april_ledger(), "a.xlsx")
    hz = current(db_path)
    _expected_after_march_and_april(hz)
    assert hz["H-001"]["upload_id"] == a.upload_id and hz["H-003"]["upload_id"] == m.upload_id


def test_march_loaded_after_april_does_not_win(db_path):
    a = load(db_path, L.april_ledger(), "a.xlsx")
    m = load(db_path, L.march_ledger(), "m.xlsx")
    hz = current(db_path)
    _expected_after_march_and_april(hz)
    assert hz["H-001"]["upload_id"] == a.upload_id
    assert hz["H-003"]["upload_id"] == m.upload_id
    # every observation kept: H-001 seen in both months
    months = query(
        db_path,
        "SELECT o.report_month, o.status FROM hazard_observations o JOIN hazards h USING (hazard_key) "
        "WHERE h.source_hazard_id = 'H-001' ORDER BY o.report_month",
    )
    assert months == [(MARCH, "open"), (APRIL, "rectified")]


def test_load_order_does_not_matter(db_path, tmp_path):
    other = tmp_path / "other" / "warehouse.duckdb"
    load(db_path, L.march_ledger(), "m.xlsx")
    load(db_path, L.april_ledger(), "a.xlsx")
    load(other, L.april_ledger(), "a.xlsx")
    load(other, L.march_ledger(), "m.xlsx")
    cols = [c for c in hazards_frame(db_path).columns if c != "upload_id"]
    pd.testing.assert_frame_equal(hazards_frame(db_path)[cols], hazards_frame(other)[cols], check_dtype=False)


def test_within_one_month_later_upload_wins(db_path):
    load(db_path, L.april_ledger(), "a.xlsx")
    fix = load(db_path, L.april_ledger_correction(), "a2.xlsx")
    hz = current(db_path)
    assert hz["H-002"]["status"] == "rectified"
    assert as_date(hz["H-002"]["rectified_date"]) == date(2025, 4, 28)
    assert hz["H-002"]["upload_id"] == fix.upload_id
    assert len(hz) == 3


def test_identity_without_numbers_normalises_text(db_path):
    load(db_path, L.no_id_march_csv(), "北坪镇隐患排查202503.csv")
    load(db_path, L.no_id_april_reformatted(), "北坪镇隐患排查202504.xlsx")
    hz = hazards_frame(db_path)
    assert len(hz) == 2, hz[["hazard_key", "entity_name", "description", "found_date"]]
    assert set(hz["town"]) == {"北坪镇"}
    assert {as_date(v) for v in hz["report_month"]} == {APRIL}
    by_found = {as_date(r["found_date"]): r for r in hz.to_dict("records")}
    assert by_found[date(2025, 3, 7)]["status"] == "rectified"
    assert as_date(by_found[date(2025, 3, 7)]["rectified_date"]) == date(2025, 4, 3)
    assert by_found[date(2025, 3, 19)]["status"] == "open"


def test_same_number_in_two_towns_is_two_hazards(db_path):
    load(db_path, L.same_id_two_towns(), "ledger.xlsx")
    hz = hazards_frame(db_path)
    assert len(hz) == 2
    assert sorted(hz["town"]) == ["东城街道", "西湖镇"]
    assert set(hz["source_hazard_id"]) == {"001"}


def test_example_files_together(db_path):
    load(db_path, L.example_chengguan(), L.EXAMPLE_CHENGGUAN_NAME)
    load(db_path, L.example_hexi_nanshan(), L.EXAMPLE_HEXI_NAME)
    load(db_path, L.example_beiping_csv(), L.EXAMPLE_BEIPING_NAME)
    rows = query(
        db_path,
        "SELECT town, count(*), sum(CASE WHEN status = 'open' THEN 1 ELSE 0 END) FROM hazards GROUP BY town ORDER BY town",
    )
    assert dict((t, (n, o)) for t, n, o in rows) == {
        "城关镇": (3, 2),
        "河西街道": (2, 1),
        "南山乡": (1, 0),
        "北坪镇": (2, 1),
    }
    assert query(db_path, "SELECT count(*) FROM hazards WHERE level = 'major'")[0][0] == 1
    assert query(db_path, "SELECT DISTINCT report_month FROM hazards") == [(date(2025, 5, 1),)]


# ---------------------------------------------------------------- rollback


def test_rollback_restores_exact_prior_state(db_path):
    load(db_path, L.march_ledger(), "m.xlsx")
    before = warehouse_state(db_path)
    a = load(db_path, L.april_ledger(), "a.xlsx")
    after_load = warehouse_state(db_path)
    assert after_load.data_version > before.data_version
    new_version = rollback(db_path, a.upload_id)
    state = warehouse_state(db_path)
    assert new_version == state.data_version > after_load.data_version
    pd.testing.assert_frame_equal(state.hazards, before.hazards, check_dtype=False)
    pd.testing.assert_frame_equal(state.observations, before.observations, check_dtype=False)
    assert query(db_path, "SELECT status FROM uploads WHERE upload_id = ?", [a.upload_id]) == [("rolled_back",)]
    assert query(db_path, "SELECT count(*) FROM hazard_observations WHERE upload_id = ?", [a.upload_id]) == [(0,)]


def test_rollback_of_older_upload_rederives_from_the_rest(db_path, tmp_path):
    m = load(db_path, L.march_ledger(), "m.xlsx")
    load(db_path, L.april_ledger(), "a.xlsx")
    rollback(db_path, m.upload_id)
    only_april = tmp_path / "only" / "warehouse.duckdb"
    load(only_april, L.april_ledger(), "a.xlsx")
    cols = [c for c in hazards_frame(db_path).columns if c != "upload_id"]
    got, want = hazards_frame(db_path)[cols], hazards_frame(only_april)[cols]
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert "H-003" not in set(got["source_hazard_id"])


def test_rollback_same_month_correction_brings_back_first(db_path):
    load(db_path, L.april_ledger(), "a.xlsx")
    before = hazards_frame(db_path)
    fix = load(db_path, L.april_ledger_correction(), "a2.xlsx")
    rollback(db_path, fix.upload_id)
    pd.testing.assert_frame_equal(hazards_frame(db_path), before, check_dtype=False)


def test_rollback_everything_leaves_no_hazards(db_path):
    m = load(db_path, L.march_ledger(), "m.xlsx")
    v1 = rollback(db_path, m.upload_id)
    assert query(db_path, "SELECT count(*) FROM hazards") == [(0,)]
    assert query(db_path, "SELECT count(*) FROM uploads") == [(1,)]
    assert warehouse_state(db_path).data_version == v1


def test_fullwidth_hazard_number_is_the_same_hazard(db_path):
    load(db_path, L.march_ledger(), "m.xlsx")
    load(db_path, L.fullwidth_id_april(), "a.xlsx")
    hz = hazards_frame(db_path)
    assert len(hz) == 3, hz[["hazard_key", "source_hazard_id", "status"]]
    (h1,) = [r for r in hz.to_dict("records") if r["entity_name"] == "东城商场"]
    assert h1["status"] == "rectified"
    assert as_date(h1["report_month"]) == APRIL


def test_same_hazard_twice_in_one_file_later_row_wins(db_path):
    rep = load(db_path, L.same_hazard_twice_in_file(), "t.xlsx")
    assert rep.analysis.rows_loaded == 2
    hz = hazards_frame(db_path)
    assert len(hz) == 1
    assert hz.loc[0, "status"] == "rectified"
    assert as_date(hz.loc[0, "rectified_date"]) == date(2025, 3, 15)


def test_same_rows_other_encoding_is_a_new_upload_but_same_hazards(db_path):
    load(db_path, L.example_beiping_csv(), L.EXAMPLE_BEIPING_NAME)
    before = hazards_frame(db_path)
    rep = ingest(L.example_beiping_csv().decode("gbk").encode("utf-8-sig"), L.EXAMPLE_BEIPING_NAME, db=db_path)
    assert rep.status == "loaded"
    after = hazards_frame(db_path)
    cols = [c for c in after.columns if c != "upload_id"]
    pd.testing.assert_frame_equal(after[cols], before[cols], check_dtype=False)


def test_unknown_sector_kept_as_other_with_raw_text(db_path):
    load(db_path, L.sector_variants(), "s.xlsx")
    rows = query(db_path, "SELECT sector, sector_raw FROM hazards_detail WHERE source_hazard_id = 'SEC-网吧'")
    assert rows == [("other", "网吧")]


def test_hazard_keys_of_a_column_match_the_key_of_each_row_alone():
    """Keys are built for a whole column at once (ASCII 隐患编号 in one pass); each must be the
    key its row gets alone: same 隐患编号 after dropping punctuation, case and full width."""
    from etl.ingest.normalize import hazard_keys, key_part, key_parts

    ids = ["AN-2025-0001", "an 2025/0001", "ＡＮ－２０２５－０００１", None, "", "A\nB", "隐患-7", "__", "x_y"]
    assert key_parts(ids) == [key_part(t) for t in ids]
    assert key_parts(ids[:2]) == ["an20250001", "an20250001"]  # one pass over an all-ASCII column
    assert key_parts(["A\nB", "c"]) == ["ab", "c"]  # a newline inside an id: each id alone
    towns = ["西湖镇"] * len(ids)
    found = [date(2025, 3, 7)] * len(ids)
    ents, descs = ["阳光幼儿园"] * len(ids), ["灭火器过期"] * len(ids)
    keys = hazard_keys(towns, ids, ents, descs, found)
    alone = [hazard_keys([t], [i], [e], [d], [f])[0] for t, i, e, d, f in zip(towns, ids, ents, descs, found, strict=True)]
    assert keys == alone
    assert keys[0] == keys[1] == keys[2]  # one 隐患编号 however it is written
    assert keys[3] == keys[4] == keys[7]  # no usable number: the unit, description and date decide
    basis = "id\x1f西湖镇\x1fan20250001"  # docs/DATA_CONTRACT.md §1.3, as every stored key so far
    assert keys[0] == hashlib.sha1(basis.encode("utf-8")).hexdigest()[:20]
