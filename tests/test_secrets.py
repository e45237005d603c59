"""Secrets live outside the repository (issue 7, "Auth"): the accounts file, Streamlit's secrets
(OIDC client secret, cookie secret) and the warehouse are git-ignored where the app looks for
them, and no tracked file holds a password hash or a secret value."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from etl.admin import users

ROOT = Path(__file__).resolve().parents[1]
BCRYPT = re.compile(rb"\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}")
SECRET_ASSIGNMENT = re.compile(rb"^\s*(client_secret|cookie_secret|password|secret)\s*=\s*[\"'][^\"']+[\"']", re.M)


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True)


@pytest.fixture(scope="module", autouse=True)
def _a_checkout():
    if shutil.which("git") is None or git("rev-parse", "--is-inside-work-tree").returncode != 0:
        pytest.skip("not a git checkout")


@pytest.mark.parametrize("path", [users.DEFAULT_USERS.relative_to(ROOT), Path(".streamlit/secrets.toml"),
                                  Path("data/warehouse.duckdb"), Path("data/archive/0")])
def test_where_the_app_keeps_secrets_and_data_is_ignored(path):
    assert git("check-ignore", "-q", str(path)).returncode == 0, f"{path} is not git-ignored"


def test_no_tracked_file_holds_a_hash_or_a_secret():
    tracked = git("ls-files", "-z").stdout.decode().split("\0")
    found = []
    for name in filter(None, tracked):
        p = ROOT / name
        if not p.is_file() or p.stat().st_size > 5_000_000:
            continue
        blob = p.read_bytes()
        if BCRYPT.search(blob) or (p.suffix == ".toml" and SECRET_ASSIGNMENT.search(blob)):
            found.append(name)
    assert not found, found


def test_the_scanner_would_notice(tmp_path):
    """The patterns above match what a leaked accounts file and secrets file look like."""
    uf = tmp_path / "users.toml"
    users.save_accounts(users.Accounts(users.Settings()), uf)
    users.add_user("ana", "secret123", "analyst", path=uf, rounds=4)
    assert BCRYPT.search(uf.read_bytes())
    assert SECRET_ASSIGNMENT.search(b'[auth]\ncookie_secret = "abc123"\n')
