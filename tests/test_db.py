"""The warehouse file: migrations, the writer lock, snapshots, and the CLI loading while a
reader (the dashboard) holds the warehouse open."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from etl.store import db
from tests.fixtures import ledgers as L

ROOT = Path(__file__).resolve().parent.parent

# data contract v2 (migration 006): appended to hazards and hazard_observations
V2_HAZARD = ["level_raw", "hazard_category", "supervisor", "supervision_level", "measures", "funds_yuan",
             "responsible_person", "contingency_plan", "verified_date", "verified_by", "verification_result"]

CONTRACT_VIEWS = {
    "hazards": ["hazard_key", "source_hazard_id", "town", "sector", "department", "entity_name", "description",
                "level", "found_date", "deadline", "status", "rectified_date", "inspection_method", "report_month",
                "upload_id", *V2_HAZARD,
                "agreed_department", "owner_department"],  # the owning department: migration 014
    "hazard_observations": ["hazard_key", "report_month", "status", "rectified_date", "deadline", "upload_id",
                            "source_file", "source_sheet", "source_row", "level", *V2_HAZARD],
    "inspections": ["inspection_key", "inspection_date", "town", "sector", "department", "entity_name",
                    "inspection_method", "inspectors", "hazards_found", "major_hazards_found", "penalty_yuan",
                    "upload_id", "source_kind"],  # source_kind: migration 009
    "entities": ["entity_name", "town", "sector", "department", "credit_code", "risk_level", "upload_id"],
    "uploads": ["upload_id", "file_name", "sha256", "kind", "report_month", "loaded_at", "rows_read", "rows_loaded",
                "rows_rejected", "rows_skipped", "status"],
    "load_errors": ["upload_id", "sheet", "source_row", "column_name", "raw_value", "reason"],
    "sectors": ["code", "name_zh", "name_en", "sort_order"],
    "inspection_methods": ["code", "name_zh", "name_en", "sort_order"],
}


def test_contract_names_and_columns(tmp_path):
    con = db.open_reader(tmp_path / "w.duckdb")
    try:
        for view, cols in CONTRACT_VIEWS.items():
            got = [r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()]
            assert got == cols, view
        assert {r[0] for r in con.execute("SELECT code FROM sectors").fetchall()} >= {
            "school", "fire", "traffic", "construction", "other"}
        assert db.data_version(con) == 0
    finally:
        con.close()


def test_resolve_path_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv(db.ENV_VAR, str(tmp_path / "env.duckdb"))
    assert db.resolve_path(None) == tmp_path / "env.duckdb"
    assert db.resolve_path(str(tmp_path / "cli.duckdb")) == tmp_path / "cli.duckdb"
    monkeypatch.delenv(db.ENV_VAR)
    assert db.resolve_path(None) == db.DEFAULT_DB


def test_older_warehouse_upgrades_in_place(tmp_path, monkeypatch):
    """A file made with only migration 001 gains a later migration on open, keeping its data."""
    mig = tmp_path / "migrations"
    mig.mkdir()
    shutil.copy(db.MIGRATIONS_DIR / "001_initial.sql", mig / "001_initial.sql")
    monkeypatch.setattr(db, "MIGRATIONS_DIR", mig)
    path = tmp_path / "old.duckdb"
    with db.writer(path) as con:
        con.execute("INSERT INTO audit_log VALUES (now()::TIMESTAMP, 'old', 'note', '{}')")
    # a newer version of the code ships migration 999
    (mig / "999_test_extra.sql").write_text("CREATE TABLE extra_thing (x INTEGER); INSERT INTO extra_thing VALUES (42);")
    with db.writer(path) as con:
        assert db.schema_version(con) == 999
        assert con.execute("SELECT x FROM extra_thing").fetchone()[0] == 42
        assert con.execute("SELECT count(*) FROM audit_log WHERE user_name = 'old'").fetchone()[0] == 1
    # and migrating again is a no-op
    with db.writer(path) as con:
        assert con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == 2


def test_failed_migration_leaves_file_at_previous_version(tmp_path, monkeypatch):
    mig = tmp_path / "migrations"
    mig.mkdir()
    shutil.copy(db.MIGRATIONS_DIR / "001_initial.sql", mig / "001_initial.sql")
    monkeypatch.setattr(db, "MIGRATIONS_DIR", mig)
    path = tmp_path / "w.duckdb"
    with db.writer(path):
        pass
    (mig / "002_broken.sql").write_text("CREATE TABLE half_done (x INTEGER); THIS IS NOT SQL;")
    with pytest.raises(duckdb.Error):
        with db.writer(path):
            pass
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert db.schema_version(con) == 1
        assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done'").fetchone()[0] == 0
    finally:
        con.close()


def test_second_writer_waits_for_the_first(tmp_path):
    path = tmp_path / "w.duckdb"
    order = []
    with db.writer(path):
        pass

    def second():
        with db.writer(path, lock_timeout=10):
            order.append("second")

    with db.writer(path):
        t = threading.Thread(target=second)
        t.start()
        time.sleep(0.3)
        order.append("first-done")
    t.join(10)
    assert order == ["first-done", "second"]


def test_writer_busy_gives_a_sentence(tmp_path):
    path = tmp_path / "w.duckdb"
    with db.writer(path):
        with pytest.raises(db.WarehouseBusy) as exc:
            with db.writer(path, lock_timeout=0.2):
                pass
    assert "另一个导入" in str(exc.value)


def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_cli_loads_while_a_reader_holds_the_warehouse_open(tmp_path):
    """The dashboard keeps a read-only connection open; the CLI must still load, and a reader
    that re-checks the snapshot signature sees the new data without restarting."""
    path = tmp_path / "w.duckdb"
    reader = db.open_reader(path)
    sig_before = db.snapshot_signature(path)
    assert reader.execute("SELECT count(*) FROM hazards").fetchone()[0] == 0

    f = tmp_path / "城关镇2025年5月隐患整改台账.xlsx"
    f.write_bytes(L.example_chengguan())
    out = _cli("load", str(f), "--db", str(path))
    assert out.returncode == 0, out.stdout + out.stderr

    # the old connection still answers (its snapshot inode is still open) ...
    assert reader.execute("SELECT count(*) FROM hazards").fetchone()[0] == 0
    # ... and the signature tells the app to reopen
    assert db.snapshot_signature(path) != sig_before
    fresh = db.open_reader(path)
    try:
        assert fresh.execute("SELECT count(*) FROM hazards").fetchone()[0] == 3
        assert db.data_version(fresh) == 1
    finally:
        fresh.close()
        reader.close()


def test_env_var_selects_the_warehouse_for_the_cli(tmp_path):
    path = tmp_path / "env.duckdb"
    f = tmp_path / "北坪镇隐患排查202505.csv"
    f.write_bytes(L.example_beiping_csv())
    out = _cli("load", str(f), env={"SAFETY_WAREHOUSE": str(path)})
    assert out.returncode == 0, out.stderr
    assert path.exists() and db.snapshot_path(path).exists()
    con = db.open_reader(path)
    try:
        assert con.execute("SELECT count(*) FROM hazards WHERE town = '北坪镇'").fetchone()[0] == 2
    finally:
        con.close()


def test_snapshot_is_republished_after_a_crash_between_commit_and_publish(tmp_path):
    path = tmp_path / "w.duckdb"
    with db.writer(path):
        pass
    # simulate: a commit reached the master but the process died before publishing
    con = duckdb.connect(str(path))
    db.bump_data_version(con)
    con.close()
    reader = db.open_reader(path)
    try:
        assert db.data_version(reader) == 0  # stale, as published
    finally:
        reader.close()
    with db.writer(path):  # the next writer republishes
        pass
    reader = db.open_reader(path)
    try:
        assert db.data_version(reader) == 1
    finally:
        reader.close()


def test_a_lower_numbered_migration_added_later_is_still_applied(tmp_path, monkeypatch):
    """Two lines of work each add a migration; the warehouse that has 005 still gets 003."""
    mig = tmp_path / "migrations"
    mig.mkdir()
    shutil.copy(db.MIGRATIONS_DIR / "001_initial.sql", mig / "001_initial.sql")
    (mig / "005_later.sql").write_text("CREATE TABLE five (x INTEGER);")
    monkeypatch.setattr(db, "MIGRATIONS_DIR", mig)
    path = tmp_path / "w.duckdb"
    with db.writer(path):
        pass
    (mig / "003_between.sql").write_text("CREATE TABLE three (x INTEGER);")
    with db.writer(path) as con:
        got = [r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]
        assert got == [1, 3, 5]
        assert con.execute("SELECT count(*) FROM three").fetchone()[0] == 0


def test_a_real_load_after_a_factory_built_warehouse(tmp_path):
    """Hand-built test warehouses write upload ids directly; a real load must still get a fresh id."""
    from etl.store.writes import ingest
    from tests import warehouse_factory as wf

    path = tmp_path / "w.duckdb"
    wf.build_random(path, 200, seed=3)
    rep = ingest(L.example_beiping_csv(), "北坪镇隐患排查202505.csv", db=path)
    assert rep.status == "loaded", rep.message


# ---- a new warehouse is migrated on a thread while the first file is read (db.Prebuilt)


def _migrations_seen(monkeypatch) -> list[tuple[str, int]]:
    """Record each migrate() call: the thread it ran on and how many migrations it applied."""
    seen: list[tuple[str, int]] = []
    real = db.migrate

    def recording(con):
        before = db.schema_version(con) and con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
        out = real(con)
        after = con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
        seen.append((threading.current_thread().name, after - before))
        return out

    monkeypatch.setattr(db, "migrate", recording)
    return seen


def test_a_new_warehouse_is_migrated_beside_the_read_and_adopted(tmp_path, monkeypatch):
    """Loading into a warehouse that does not exist yet: every migration runs on the prebuild thread,
    in a private temporary folder, while the file is read; the writer copies that file into place
    (owner-only), finds nothing left to migrate, loads, and the temporary folder is gone."""
    import tempfile

    from etl.store.writes import ingest

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    seen = _migrations_seen(monkeypatch)
    path = tmp_path / "new" / "w.duckdb"
    rep = ingest(L.example_beiping_csv(), "北坪镇隐患排查202505.csv", db=path)
    assert rep.status == "loaded", rep.message
    every = len(db.migrations())
    assert seen == [("prebuild-warehouse", every), ("MainThread", 0)]
    assert path.stat().st_mode & 0o777 == 0o600
    assert list(tmp.iterdir()) == []
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert db._schema_ok(con)
        assert con.execute("SELECT count(*) FROM hazards").fetchone()[0] == rep.analysis.rows_loaded > 0
    finally:
        con.close()


def test_a_refused_file_leaves_no_warehouse_and_no_prebuilt_copy(tmp_path, monkeypatch):
    import tempfile

    from etl.store.writes import ingest

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    path = tmp_path / "new" / "w.duckdb"
    assert ingest(L.random_bytes(), "x.xlsx", db=path).status == "refused"
    assert not path.parent.exists()
    assert list(tmp.iterdir()) == []


def test_a_master_made_meanwhile_is_kept_not_replaced(tmp_path):
    """Another writer created the master while the file was being read: the prebuilt copy is dropped."""
    path = tmp_path / "w.duckdb"
    with db.prebuilt_if_new(path) as pre:
        assert pre is not None
        with db.writer(path) as con:
            con.execute("INSERT INTO audit_log VALUES (now()::TIMESTAMP, 'first', 'note', '{}')")
        with db.writer(path, prebuilt=pre) as con:
            assert con.execute("SELECT count(*) FROM audit_log WHERE user_name = 'first'").fetchone()[0] == 1
    with db.prebuilt_if_new(path) as pre:
        assert pre is None  # the master exists: nothing is built beside it


def test_a_failed_prebuild_leaves_the_writer_to_migrate_in_place(tmp_path, monkeypatch):
    real = db.migrate

    def failing_on_the_prebuild_thread(con):
        if threading.current_thread().name == "prebuild-warehouse":
            con.execute("CREATE TABLE half_done (x INTEGER)")
            raise duckdb.IOException("disk full")
        return real(con)

    monkeypatch.setattr(db, "migrate", failing_on_the_prebuild_thread)
    path = tmp_path / "w.duckdb"
    with db.prebuilt_if_new(path) as pre:
        with db.writer(path, prebuilt=pre) as con:
            assert db.schema_version(con) == db.latest_schema_version()
            assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done'"
                               ).fetchone()[0] == 0


def test_no_temporary_folder_means_migrating_in_place(tmp_path, monkeypatch):
    """Without a usable temporary folder the load goes on exactly as before: migrated in place."""
    import tempfile

    from etl.store.writes import ingest

    def no_tmp(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", no_tmp)
    seen = _migrations_seen(monkeypatch)
    path = tmp_path / "w.duckdb"
    rep = ingest(L.example_beiping_csv(), "北坪镇隐患排查202505.csv", db=path)
    assert rep.status == "loaded", rep.message
    assert seen == [("MainThread", len(db.migrations()))]


def test_a_copy_that_fails_leaves_no_half_file_and_migrates_in_place(tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"

    real, failed = shutil.copyfileobj, []

    def full_disk_once(*a, **k):  # the adoption's copy fails; any later copy (the publish) works
        if not failed:
            failed.append(True)
            raise OSError(28, "No space left on device")
        return real(*a, **k)

    with db.prebuilt_if_new(path) as pre:
        monkeypatch.setattr(db.shutil, "copyfileobj", full_disk_once)
        with db.writer(path, prebuilt=pre) as con:
            assert failed
            assert db.schema_version(con) == db.latest_schema_version()
    assert not path.with_name(path.name + ".new.tmp").exists()
