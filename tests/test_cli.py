"""python -m etl as a subprocess: exit codes, sentences (Chinese, then English), never a traceback."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from tests.fixtures import has_chinese, query, warehouse_state
from tests.fixtures import ledgers as L

pipeline = pytest.importorskip("etl.ingest.pipeline", reason="etl.ingest.pipeline not written yet")

CRASH_MARKERS = ("Traceback", "出现意外错误", "Unexpected error")


def write(dirpath: Path, name: str, data: bytes) -> Path:
    p = dirpath / name
    p.write_bytes(data)
    return p


def no_crash(proc) -> str:
    out = proc.stdout + proc.stderr
    for marker in CRASH_MARKERS:
        assert marker not in out, out
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}"
    return out


def refusal_sentence(data: bytes, name: str) -> str:
    with pytest.raises(pipeline.RefusedFile) as info:
        pipeline.analyse(data, name)
    return info.value.message_zh


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    d = tmp_path / "in"
    d.mkdir()
    return {
        "chengguan": write(d, L.EXAMPLE_CHENGGUAN_NAME, L.example_chengguan()),
        "hexi": write(d, L.EXAMPLE_HEXI_NAME, L.example_hexi_nanshan()),
        "beiping": write(d, L.EXAMPLE_BEIPING_NAME, L.example_beiping_csv()),
        "bad_rows": write(d, "东城街道3月台账.xlsx", L.bad_rows()),
        "random": write(d, "乱码.xlsx", L.random_bytes()),
        "encrypted": write(d, "加密台账.xlsx", L.encrypted_ooxml_package()),
        "fire": write(d, "Highrise Inspections Data.csv", L.english_fire_inspection_csv()),
        "no_town": write(d, "ledger.xlsx", L.no_town_no_month()),
        "march": write(d, "m.xlsx", L.march_ledger()),
        "april": write(d, "a.xlsx", L.april_ledger()),
    }


def test_load_examples_exit_zero(run_etl, files, db_path):
    proc = run_etl("load", files["chengguan"], files["hexi"], files["beiping"], "--db", db_path)
    no_crash(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert query(db_path, "SELECT count(*) FROM uploads WHERE status = 'live'") == [(3,)]
    assert query(db_path, "SELECT count(*) FROM hazards") == [(8,)]


def test_one_refused_file_others_still_loaded(run_etl, files, db_path):
    proc = run_etl("load", files["chengguan"], files["random"], files["beiping"], "--db", db_path)
    out = no_crash(proc)
    assert proc.returncode != 0
    assert query(db_path, "SELECT file_name FROM uploads ORDER BY upload_id") == [
        (L.EXAMPLE_CHENGGUAN_NAME,),
        (L.EXAMPLE_BEIPING_NAME,),
    ]
    zh = refusal_sentence(L.random_bytes(), "乱码.xlsx")
    assert zh in out
    # Chinese first, then the English sentence after " / "
    line = next(ln for ln in out.splitlines() if zh in ln)
    tail = line[line.index(zh) + len(zh) :]
    assert tail.startswith(" / ") and any(c.isascii() and c.isalpha() for c in tail), line


@pytest.mark.parametrize("key", ["random", "encrypted", "fire"])
def test_refused_alone_exit_nonzero_and_untouched(run_etl, files, db_path, key):
    assert run_etl("load", files["march"], "--db", db_path).returncode == 0
    before = warehouse_state(db_path)
    proc = run_etl("load", files[key], "--db", db_path)
    out = no_crash(proc)
    assert proc.returncode != 0
    assert has_chinese(out)
    before.assert_equal(warehouse_state(db_path))


def test_missing_file(run_etl, tmp_path, db_path):
    proc = run_etl("load", tmp_path / "不存在.xlsx", "--db", db_path)
    out = no_crash(proc)
    assert proc.returncode != 0
    assert has_chinese(out)


def test_duplicate_is_not_a_failure(run_etl, files, db_path):
    assert run_etl("load", files["march"], "--db", db_path).returncode == 0
    before = warehouse_state(db_path)
    proc = run_etl("load", files["march"], "--db", db_path)
    no_crash(proc)
    assert proc.returncode == 0
    before.assert_equal(warehouse_state(db_path))


def test_dry_run_writes_nothing(run_etl, files, db_path):
    assert run_etl("load", files["march"], "--db", db_path).returncode == 0
    before = warehouse_state(db_path)
    proc = run_etl("load", files["april"], "--dry-run", "--db", db_path)
    no_crash(proc)
    assert proc.returncode == 0
    before.assert_equal(warehouse_state(db_path))


def test_dry_run_of_refused_file_exits_nonzero(run_etl, files, db_path):
    proc = run_etl("load", files["random"], "--dry-run", "--db", db_path)
    no_crash(proc)
    assert proc.returncode != 0


def test_town_and_month_flags(run_etl, files, db_path):
    proc = run_etl("load", files["no_town"], "--town", "东城街道", "--month", "2025-04", "--db", db_path)
    no_crash(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = query(db_path, "SELECT DISTINCT town, report_month FROM hazards")
    assert [(t, m.isoformat()) for t, m in rows] == [("东城街道", "2025-04-01")]
    assert query(db_path, "SELECT count(*) FROM hazards") == [(3,)]


def test_bad_month_flag_is_a_sentence(run_etl, files, db_path):
    proc = run_etl("load", files["march"], "--month", "2025-13", "--db", db_path)
    out = no_crash(proc)
    assert proc.returncode != 0
    assert has_chinese(out)


def test_uploads_and_errors_csv(run_etl, files, db_path):
    assert run_etl("load", files["bad_rows"], "--db", db_path).returncode == 0
    (upload_id,) = query(db_path, "SELECT upload_id FROM uploads")[0]
    proc = run_etl("uploads", "--db", db_path)
    no_crash(proc)
    assert proc.returncode == 0
    assert "东城街道3月台账.xlsx" in proc.stdout

    proc = run_etl("errors", upload_id, "--csv", "--db", db_path)
    no_crash(proc)
    assert proc.returncode == 0
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    header, body = rows[0], [r for r in rows[1:] if r]
    assert len(body) == 3, rows
    assert any("待定" in cell for r in body for cell in r)
    assert has_chinese("".join(header))
    assert {"4", "5", "6"} <= {c for r in body for c in r}


def test_errors_unknown_upload(run_etl, db_path, files):
    assert run_etl("load", files["march"], "--db", db_path).returncode == 0
    proc = run_etl("errors", 999, "--db", db_path)
    out = no_crash(proc)
    assert proc.returncode != 0
    assert has_chinese(out)


def test_rollback(run_etl, files, db_path):
    assert run_etl("load", files["march"], "--db", db_path).returncode == 0
    before = warehouse_state(db_path)
    assert run_etl("load", files["april"], "--db", db_path).returncode == 0
    (upload_id,) = query(db_path, "SELECT max(upload_id) FROM uploads")[0]
    proc = run_etl("rollback", upload_id, "--db", db_path)
    no_crash(proc)
    assert proc.returncode == 0
    after = warehouse_state(db_path)
    assert after.data_version > before.data_version + 1
    pd.testing.assert_frame_equal(after.hazards, before.hazards, check_dtype=False)


def test_rollback_unknown_upload(run_etl, files, db_path):
    assert run_etl("load", files["march"], "--db", db_path).returncode == 0
    before = warehouse_state(db_path)
    proc = run_etl("rollback", 42, "--db", db_path)
    out = no_crash(proc)
    assert proc.returncode != 0
    assert has_chinese(out)
    before.assert_equal(warehouse_state(db_path))


def test_safety_warehouse_env_var(run_etl, files, tmp_path):
    env_db = tmp_path / "env" / "wh.duckdb"
    proc = run_etl("load", files["beiping"], env={"SAFETY_WAREHOUSE": str(env_db)})
    no_crash(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert query(env_db, "SELECT count(*) FROM hazards") == [(2,)]
    proc = run_etl("uploads", env={"SAFETY_WAREHOUSE": str(env_db)})
    assert proc.returncode == 0 and L.EXAMPLE_BEIPING_NAME in proc.stdout


def test_db_flag_beats_env_var(run_etl, files, tmp_path, db_path):
    env_db = tmp_path / "env" / "wh.duckdb"
    proc = run_etl("load", files["beiping"], "--db", db_path, env={"SAFETY_WAREHOUSE": str(env_db)})
    assert proc.returncode == 0
    assert query(db_path, "SELECT count(*) FROM uploads") == [(1,)]
    assert not env_db.exists() or query(env_db, "SELECT count(*) FROM uploads") == [(0,)]
