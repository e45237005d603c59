"""etl.store.writes, the one write entry: the CLI and the demo archive originals like the upload page,
one transaction holds the load, the caller's extra rows and the archive, the permission and
duplicate checks sit in one place, and one rollback serves every caller."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import pytest

from etl.admin.users import User
from etl.store import db as dbmod
from etl.store import writes
from tests.fixtures import ledgers as L
from tests.fixtures import query, warehouse_state

ANA = User("ana", "analyst")
BOB = User("bob", "analyst")
ADMIN = User("root", "admin")
VIEWER = User("vic", "viewer")
# built once: openpyxl stamps the creation time, so two builds a second apart differ in bytes
MARCH, APRIL = L.march_ledger(), L.april_ledger()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _commit(db: Path, data: bytes, name: str, actor, **kw) -> writes.LoadReport:
    a = writes.preview(data, name)
    with dbmod.writer(db) as con:
        return writes.commit(con, a, data=data, actor=actor, archive_dir=dbmod.archive_dir(db), **kw)


def test_cli_load_keeps_the_original_beside_the_warehouse(db_path, tmp_path, run_etl):
    src = tmp_path / "m.xlsx"
    src.write_bytes(MARCH)
    r = run_etl("load", src, "--db", db_path)
    assert r.returncode == 0, r.stdout + r.stderr
    kept = db_path.parent / "archive" / _sha(src.read_bytes())
    assert kept.read_bytes() == src.read_bytes()
    # and the upload history's "download the original" finds it by the hash in the ledger
    from etl.store import uploads_service as svc

    [(sha,)] = query(db_path, "SELECT sha256 FROM uploads")
    assert svc.original_file(sha, db=db_path) == src.read_bytes()


def test_dry_run_and_refused_files_archive_nothing(db_path, tmp_path):
    src = tmp_path / "m.xlsx"
    src.write_bytes(MARCH)
    assert writes.ingest(src, db=db_path, dry_run=True).status == "dry_run"
    assert writes.ingest(L.random_bytes(), "x.xlsx", db=db_path).status == "refused"
    assert not (db_path.parent / "archive").exists()


def test_ingest_many_archives_every_loaded_file(db_path, tmp_path):
    files = []
    for name, data in (("m.xlsx", MARCH), ("a.xlsx", APRIL)):
        (tmp_path / name).write_bytes(data)
        files.append(tmp_path / name)
    reps = writes.ingest_many(files, db=db_path, actor=writes.CommandLine("demo"))
    assert [r.status for r in reps] == ["loaded", "loaded"]
    assert sorted(p.name for p in (db_path.parent / "archive").iterdir()) == sorted(_sha(f.read_bytes()) for f in files)
    assert {u for (u,) in query(db_path, "SELECT uploaded_by FROM upload_log")} == {"demo"}


def test_extra_rows_share_the_load_transaction(db_path):
    writes.ingest(MARCH, "m.xlsx", db=db_path)
    before = warehouse_state(db_path)

    def extra(con, upload_id):
        con.execute("INSERT INTO audit_log VALUES (now()::TIMESTAMP, 'ana', 'probe', '{}')")
        raise RuntimeError("the caller's extra write failed")

    with pytest.raises(RuntimeError):
        _commit(db_path, APRIL, "a.xlsx", ANA, extra=extra)
    warehouse_state(db_path).assert_equal(before)  # no upload row, no observations, same data version
    assert query(db_path, "SELECT count(*) FROM audit_log WHERE action = 'probe'") == [(0,)]
    assert not (db_path.parent / "archive" / _sha(APRIL)).exists()


def test_an_archive_that_cannot_be_written_aborts_the_load(db_path, tmp_path):
    writes.ingest(MARCH, "m.xlsx", db=db_path)
    before = warehouse_state(db_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the archive folder should be")
    a = writes.preview(APRIL, "a.xlsx")
    with dbmod.writer(db_path) as con, pytest.raises(OSError):
        writes.commit(con, a, data=APRIL, actor=ANA, archive_dir=blocker)
    warehouse_state(db_path).assert_equal(before)


@pytest.mark.parametrize("actor", [None, VIEWER])
def test_only_analysts_and_the_command_line_load(db_path, actor):
    writes.ingest(MARCH, "m.xlsx", db=db_path)
    before = warehouse_state(db_path)
    with pytest.raises(PermissionError):
        _commit(db_path, APRIL, "a.xlsx", actor)
    warehouse_state(db_path).assert_equal(before)
    assert _commit(db_path, APRIL, "a.xlsx", ANA).status == "loaded"
    assert query(db_path, "SELECT uploaded_by FROM upload_log ORDER BY upload_id") == [(None,), ("ana",)]


def test_duplicate_is_recognised_the_same_way_in_preview_and_commit(db_path):
    first = writes.ingest(MARCH, "m.xlsx", db=db_path)
    con = dbmod.open_reader(db_path)
    try:
        assert writes.live_duplicate(con, _sha(MARCH)) == first.upload_id
        assert writes.live_duplicate(con, _sha(APRIL)) is None
    finally:
        con.close()
    before = warehouse_state(db_path)
    again = _commit(db_path, MARCH, "copy.xlsx", ANA)
    assert (again.status, again.duplicate_of) == ("duplicate", first.upload_id)
    warehouse_state(db_path).assert_equal(before)


def test_one_rollback_with_the_owner_rule(db_path):
    ana_upload = _commit(db_path, MARCH, "m.xlsx", ANA).upload_id
    cli_upload = writes.ingest(APRIL, "a.xlsx", db=db_path).upload_id
    before = warehouse_state(db_path)
    with pytest.raises(PermissionError):
        writes.rollback_upload(db_path, ana_upload, BOB)  # another analyst's upload
    with pytest.raises(PermissionError):
        writes.rollback_upload(db_path, cli_upload, ANA)  # loaded from the command line: admins only
    with pytest.raises(PermissionError):
        writes.rollback_upload(db_path, ana_upload, VIEWER)
    warehouse_state(db_path).assert_equal(before)
    v1 = writes.rollback_upload(db_path, ana_upload, ANA)
    v2 = writes.rollback_upload(db_path, cli_upload, writes.CommandLine())
    assert v2 == v1 + 1 == before.data_version + 2
    assert query(db_path, "SELECT count(*) FROM uploads WHERE status = 'live'") == [(0,)]
    with pytest.raises(LookupError):
        writes.rollback_upload(db_path, ana_upload, ADMIN)  # already rolled back
    with pytest.raises(LookupError):
        writes.rollback_upload(db_path, 999, ADMIN)


def test_an_upload_runs_duckdb_on_one_thread_and_gives_the_writer_its_setting_back(db_path):
    seen = []

    def extra(con, upload_id):  # inside the load transaction
        seen.append(con.execute("SELECT current_setting('threads')").fetchone()[0])

    def failing(con, upload_id):
        extra(con, upload_id)
        raise RuntimeError("the caller's extra write failed")

    for data, name, callback in ((MARCH, "m.xlsx", extra), (APRIL, "a.xlsx", failing)):
        a = writes.preview(data, name)
        with dbmod.writer(db_path) as con:
            with pytest.raises(RuntimeError) if callback is failing else contextlib.nullcontext():
                writes.commit(con, a, data=data, actor=ANA, archive_dir=None, extra=callback)
            after = con.execute("SELECT current_setting('threads')").fetchone()[0]
        assert after == dbmod.WRITER_CONFIG["threads"]  # maintenance and rollbacks keep the writer's threads
    assert seen == [dbmod.UPLOAD_THREADS, dbmod.UPLOAD_THREADS] == [1, 1]
