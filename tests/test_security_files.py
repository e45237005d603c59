"""Issue 14, item 14: what holds accounts and data is the owner's alone — the warehouse, its
snapshot generations, lock and markers, the archive of originals (0600 files, 0700 folders),
the accounts file and the lockout state — whatever the process umask (here the usual 022)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from etl.admin import maintenance, users
from etl.store import db, writes
from tests.fixtures import ledgers as L


@pytest.fixture(autouse=True)
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(p: Path) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


def test_warehouse_snapshots_lock_markers_and_archive_are_private(db_path):
    archive = db_path.parent / "archive"
    rep = writes.ingest(L.march_ledger(), "东城街道3月台账.xlsx", db=db_path, archive_dir=archive)
    assert rep.status == "loaded", rep.message
    folder = db_path.parent
    made = {p.name: mode(p) for p in folder.iterdir() if p.is_file() and not p.is_symlink()}
    assert db_path.name in made and any(".snap." in n for n in made) and db_path.name + ".lock" in made
    assert all(m == 0o600 for m in made.values()), {n: oct(m) for n, m in made.items()}
    assert mode(archive) == 0o700
    files = list(archive.iterdir())
    assert files and all(mode(f) == 0o600 for f in files)


def test_backup_and_restore_keep_data_private(db_path, tmp_path):
    assert writes.ingest(L.march_ledger(), "m.xlsx", db=db_path).status == "loaded"
    res = maintenance.backup(db_path, tmp_path / "bk")
    folder = Path(res.folder)
    assert mode(folder) == 0o700
    backup_file = next(folder.glob("*.duckdb"))
    maintenance.restore(db_path, backup_file)
    assert mode(db_path) == 0o600
    assert mode(db.current_snapshot(db_path)) == 0o600


def test_accounts_state_and_folder_are_private(tmp_path):
    path = tmp_path / "auth" / "users.toml"
    users.add_user("ana", "secret123", "analyst", path=path, rounds=4)
    with pytest.raises(users.BadCredentials):
        users.authenticate("ana", "wrong-one1", path=path, sleep=lambda s: None)
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600
    assert mode(path.parent / "users.state.json") == 0o600
    assert mode(path.parent / "users.toml.lock") == 0o600
