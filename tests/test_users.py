"""etl.admin.users: bcrypt accounts, roles, lockout, slowed attempts, session expiry, OIDC roles, CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from etl.admin import users
from tests.conftest import REPO_ROOT

FAST = 4  # bcrypt rounds for tests


@pytest.fixture
def accounts(tmp_path: Path) -> Path:
    path = tmp_path / "auth" / "users.toml"
    users.save_accounts(users.Accounts(users.Settings(max_attempts=3, lockout_minutes=10, session_minutes=60,
                                                      slow_seconds=0.25)), path)
    users.add_user("ana", "secret123", "analyst", display_name="王敏", path=path, rounds=FAST)
    users.add_user("vic", "viewer123", "viewer", path=path, rounds=FAST)
    return path


class Sleeps(list):
    def __call__(self, s: float) -> None:
        self.append(s)


def test_file_holds_bcrypt_hashes_not_passwords(accounts):
    text = accounts.read_text(encoding="utf-8")
    assert "secret123" not in text and "$2b$" in text
    assert oct(accounts.stat().st_mode & 0o777) == "0o600"
    acc = users.load_accounts(accounts)
    assert acc.users["ana"]["role"] == "analyst" and acc.users["ana"]["display_name"] == "王敏"
    assert acc.settings.max_attempts == 3


def test_login_gives_a_session_that_expires(accounts):
    s = users.authenticate("ana", "secret123", path=accounts, now=1000.0)
    assert (s.username, s.role, s.user.label) == ("ana", "analyst", "王敏")
    assert s.valid(1000.0 + 59 * 60) and not s.valid(1000.0 + 61 * 60)


def test_wrong_password_and_unknown_user_look_the_same(accounts):
    sleeps = Sleeps()
    with pytest.raises(users.BadCredentials) as e1:
        users.authenticate("ana", "nope", path=accounts, sleep=sleeps)
    with pytest.raises(users.BadCredentials) as e2:
        users.authenticate("nobody", "nope", path=accounts, sleep=sleeps)
    assert e1.value.message_zh == e2.value.message_zh
    assert "nobody" not in (accounts.parent / "users.state.json").read_text()


def test_lockout_after_n_failures_even_with_the_right_password(accounts):
    sleeps = Sleeps()
    for _ in range(2):
        with pytest.raises(users.BadCredentials):
            users.authenticate("ana", "bad", path=accounts, now=0.0, sleep=sleeps)
    with pytest.raises(users.LockedOut):
        users.authenticate("ana", "bad", path=accounts, now=1.0, sleep=sleeps)
    with pytest.raises(users.LockedOut) as exc:
        users.authenticate("ana", "secret123", path=accounts, now=2.0, sleep=sleeps)
    assert "锁定" in exc.value.message_zh and exc.value.minutes == 10
    # attempts were slowed, more with each failure
    assert sleeps[:2] == [0.25, 0.5]
    # after the lockout time the right password works and clears the counter
    assert users.authenticate("ana", "secret123", path=accounts, now=2.0 + 601).role == "analyst"
    assert users.lock_status("ana", path=accounts) == (0, 0.0)


def test_admin_unlock(accounts):
    for _ in range(3):
        with pytest.raises(users.AuthError):
            users.authenticate("ana", "bad", path=accounts, now=0.0, sleep=Sleeps())
    assert users.lock_status("ana", path=accounts, now=1.0)[1] > 0
    users.unlock("ana", path=accounts)
    assert users.authenticate("ana", "secret123", path=accounts, now=1.0).username == "ana"


def test_password_rules_and_account_changes(accounts):
    for weak in ("short1", "onlyletters", "123456789"):
        with pytest.raises(users.AuthError):
            users.add_user("bob", weak, "analyst", path=accounts, rounds=FAST)
    with pytest.raises(users.AuthError):
        users.add_user("ana", "another123", "admin", path=accounts, rounds=FAST)
    with pytest.raises(users.AuthError):
        users.add_user("bad name!", "another123", "admin", path=accounts, rounds=FAST)
    with pytest.raises(users.AuthError):
        users.add_user("bob", "another123", "superuser", path=accounts, rounds=FAST)
    users.set_role("vic", "admin", path=accounts)
    users.set_password("vic", "newpass123", path=accounts, rounds=FAST)
    assert users.authenticate("vic", "newpass123", path=accounts).role == "admin"
    with pytest.raises(users.BadCredentials):
        users.authenticate("vic", "viewer123", path=accounts, sleep=Sleeps())
    users.remove_user("vic", path=accounts)
    assert [u.username for u in users.list_users(accounts)] == ["ana"]


def test_roles_and_the_write_guard(accounts, monkeypatch):
    monkeypatch.setenv(users.ENV_VAR, str(accounts))
    assert users.has_role("admin", "analyst") and users.has_role("analyst", "analyst")
    assert not users.has_role("viewer", "analyst") and not users.has_role(None, "viewer")
    with pytest.raises(PermissionError):
        users.require(users.User("v", "viewer"), "analyst")
    with pytest.raises(PermissionError):
        users.require(None, "viewer")
    assert users.require(users.Session("ana", "analyst", "", 0, 1e12), "analyst").username == "ana"
    with pytest.raises(PermissionError):  # expired
        users.require(users.Session("ana", "analyst", "", 0, 1), "analyst")


def test_oidc_roles_from_a_claim():
    s = users.Settings(oidc_role_claim="groups", oidc_admin=("safety-admin",), oidc_analyst=("safety-data",))
    assert users.oidc_session({"email": "a@x", "groups": ["safety-data"]}, s).role == "analyst"
    assert users.oidc_session({"email": "a@x", "groups": "safety-admin"}, s).role == "admin"
    assert users.oidc_session({"sub": "42"}, s).role == "viewer"


def test_missing_file_means_no_accounts_and_defaults(tmp_path):
    acc = users.load_accounts(tmp_path / "none.toml")
    assert acc.users == {} and acc.settings == users.Settings()
    with pytest.raises(users.BadCredentials):
        users.authenticate("x", "y", path=tmp_path / "none.toml", sleep=Sleeps())


def test_malformed_file_is_a_sentence(tmp_path):
    p = tmp_path / "users.toml"
    p.write_text("[users\n", encoding="utf-8")
    with pytest.raises(users.AuthError) as exc:
        users.load_accounts(p)
    assert "格式" in exc.value.message_zh


def test_env_var_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv(users.ENV_VAR, str(tmp_path / "u.toml"))
    assert users.users_path() == (tmp_path / "u.toml").resolve()
    monkeypatch.delenv(users.ENV_VAR)
    assert users.users_path() == users.DEFAULT_USERS


def _cli(args: list[str], db: Path, users_file: Path, stdin: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SAFETY_WAREHOUSE", users.ENV_VAR)}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "etl", "user", "--db", str(db), "--users-file", str(users_file), *args],
                          cwd=REPO_ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=120)


def test_cli_adds_users_and_audits_the_change(tmp_path, db_path):
    uf = tmp_path / "users.toml"
    r = _cli(["add", "wang", "--role", "analyst", "--name", "王敏", "--password-stdin"], db_path, uf, "goodpass123\n")
    assert r.returncode == 0, r.stderr
    assert users.authenticate("wang", "goodpass123", path=uf).role == "analyst"
    r = _cli(["add", "li", "--password-stdin"], db_path, uf, "short\n")
    assert r.returncode == 1 and "密码" in r.stderr
    r = _cli(["list"], db_path, uf)
    assert "wang\tanalyst" in r.stdout
    assert _cli(["role", "wang", "admin"], db_path, uf).returncode == 0
    from etl.store import uploads_service as svc

    audit = svc.audit_trail(db=db_path)
    assert audit["action"].tolist() == ["user_role", "user_add"]
    assert audit["user_name"].str.startswith("cli:").all()


def test_cli_accepts_the_readmes_chinese_user_name(tmp_path, db_path):
    uf = tmp_path / "users.toml"
    r = _cli(["add", "张三", "--role", "analyst", "--password-stdin"], db_path, uf, "goodpass123\n")
    assert r.returncode == 0, r.stderr
    assert users.authenticate("张三", "goodpass123", path=uf).role == "analyst"
    assert "张三\tanalyst" in _cli(["list"], db_path, uf).stdout
    bad = _cli(["add", "张 三<b>", "--password-stdin"], db_path, uf, "goodpass123\n")
    assert bad.returncode == 1 and "用户名" in bad.stderr  # spaces and markup still refused
