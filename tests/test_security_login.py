"""Issue 14, items 8–11: the login race, user-name discovery by timing, removed or demoted
users keeping their powers, and a broken accounts file opening a closed dashboard.

Each test reproduces the review's attack against ``etl.admin.users`` / ``pages/_shared/auth.py``.
No wall-clock time is asserted: the timing finding is tested by counting the bcrypt checks
and their cost, the race by making the right password's check wait until every other
attempt has either been answered or is queued for its own check.
"""

from __future__ import annotations

import threading
from pathlib import Path

import bcrypt
import pytest
from streamlit.testing.v1 import AppTest

from etl.admin import users

FAST = 4  # bcrypt cost for tests
RIGHT, WRONG = "secret123", "wrong-guess1"


@pytest.fixture
def accounts(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "auth" / "users.toml"
    users.save_accounts(users.Accounts(users.Settings(max_attempts=5, lockout_minutes=15, slow_seconds=0)), path)
    users.add_user("ana", RIGHT, "analyst", path=path, rounds=FAST)
    users.add_user("vic", "viewer123", "viewer", path=path, rounds=FAST)
    monkeypatch.setenv(users.ENV_VAR, str(path))
    return path


class CountingCheck:
    """Wraps bcrypt.checkpw: counts calls and records each stored hash's cost."""

    def __init__(self, real, before=None):
        self.real, self.before, self.costs = real, before, []
        self.lock = threading.Lock()

    def __call__(self, password: bytes, stored: bytes) -> bool:
        with self.lock:
            self.costs.append(int(stored.decode()[4:6]))
        if self.before:
            self.before(password)
        return self.real(password, stored)


# ---------------------------------------------------------------- item 8: parallel logins


def test_twelve_parallel_logins_cannot_beat_the_lockout(accounts, monkeypatch):
    """Eleven wrong passwords and the right one, all at once: the account ends locked, the right
    password does not log in, and no more than max_attempts passwords are ever checked."""
    n = 12
    done = threading.Condition()
    settled: set[str] = set()  # threads answered, or queued for their own check

    right_in = threading.Event()  # the right attempt got past the lockout check

    def settle() -> None:
        with done:
            settled.add(threading.current_thread().name)
            done.notify_all()
        if threading.current_thread().name == "right":
            right_in.set()

    def interleave(password: bytes) -> None:
        # the attack's interleaving: the wrong guesses are being checked when the right one
        # arrives, and the right one is checked while the other eleven are still in flight
        # (it goes on once each has been answered or is queued for its own check)
        if password == RIGHT.encode():
            right_in.set()
            with done:
                done.wait_for(lambda: len(settled - {"right"}) >= n - 1, timeout=20)
        else:
            right_in.wait(20)

    check = CountingCheck(bcrypt.checkpw, interleave)
    monkeypatch.setattr(users.bcrypt, "checkpw", check)
    real_login_lock = getattr(users, "_login_lock", None)
    if real_login_lock is not None:
        def counting_login_lock(path, username):
            settle()
            return real_login_lock(path, username)

        monkeypatch.setattr(users, "_login_lock", counting_login_lock)

    start = threading.Barrier(n)
    results: list[object] = [None] * n

    def attempt(i: int) -> None:
        pw = RIGHT if i == n - 1 else WRONG
        start.wait()
        try:
            results[i] = users.authenticate("ana", pw, path=accounts, sleep=lambda s: None)
        except users.AuthError as exc:
            results[i] = exc
        finally:
            settle()

    threads = [threading.Thread(target=attempt, args=(i,), name="right" if i == n - 1 else f"wrong{i}")
               for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads)
    assert not any(isinstance(r, users.Session) for r in results), "the right password logged in during the race"
    assert isinstance(results[-1], users.LockedOut)
    failures, locked_for = users.lock_status("ana", path=accounts)
    assert locked_for > 0, "the account was left unlocked"
    assert len(check.costs) <= 5, f"{len(check.costs)} passwords checked; the limit is 5"


def test_checks_for_one_account_run_one_at_a_time(accounts, monkeypatch):
    running, peak = [0], [0]
    guard = threading.Lock()
    real = bcrypt.checkpw

    def slow_check(password: bytes, stored: bytes) -> bool:
        with guard:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        try:
            gate.wait(0.2)  # let any parallel check overlap if the code allowed it
            return real(password, stored)
        finally:
            with guard:
                running[0] -= 1

    gate = threading.Event()
    monkeypatch.setattr(users.bcrypt, "checkpw", slow_check)
    threads = [threading.Thread(target=lambda: pytest.raises(users.AuthError, users.authenticate, "ana", WRONG,
                                                             path=accounts, sleep=lambda s: None))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert peak[0] == 1


# ---------------------------------------------------------------- item 9: unknown names


def test_unknown_names_cost_the_same_check_and_get_the_same_answer(accounts, monkeypatch):
    users.set_password("ana", RIGHT, path=accounts, rounds=6)  # not the cost of any built-in hash
    check = CountingCheck(bcrypt.checkpw)
    monkeypatch.setattr(users.bcrypt, "checkpw", check)
    sleeps_known, sleeps_unknown = [], []
    with pytest.raises(users.BadCredentials) as known:
        users.authenticate("ana", WRONG, path=accounts, sleep=sleeps_known.append)
    with pytest.raises(users.BadCredentials) as unknown:
        users.authenticate("nobody", WRONG, path=accounts, sleep=sleeps_unknown.append)
    # one bcrypt verification each, against hashes of the same cost as the real account's
    assert check.costs == [6, 6]
    assert (known.value.message_zh, known.value.message_en) == (unknown.value.message_zh, unknown.value.message_en)
    assert sleeps_known == sleeps_unknown


def test_unknown_names_lock_like_known_ones(accounts):
    answers = {}
    for name in ("ana", "nobody"):
        seen = []
        for _ in range(6):
            try:
                users.authenticate(name, WRONG, path=accounts, now=100.0, sleep=lambda s: None)
            except users.AuthError as exc:
                seen.append(type(exc).__name__)
        answers[name] = seen
    assert answers["ana"] == answers["nobody"] == ["BadCredentials"] * 4 + ["LockedOut"] * 2
    assert users.lock_status("nobody", path=accounts, now=101.0)[1] > 0
    # the state file does not list the names that were tried
    assert "nobody" not in (accounts.parent / "users.state.json").read_text()


def test_the_dummy_hash_follows_the_real_accounts_cost(accounts):
    """A real deployment hashes at cost 12: unknown names are then checked at cost 12 too."""
    acc = users.load_accounts(accounts)
    acc.users["ana"]["hash"] = users.hash_password(RIGHT, rounds=6)
    assert users._unknown_cost(acc) == 6


# ---------------------------------------------------------------- item 10: removed or demoted users


def test_a_demoted_or_removed_user_loses_write_powers_at_once(accounts):
    session = users.authenticate("ana", RIGHT, path=accounts)
    assert users.require(session, "analyst").username == "ana"
    users.set_role("ana", "viewer", path=accounts)
    with pytest.raises(PermissionError):
        users.require(session, "analyst", "导入")
    users.set_role("ana", "analyst", path=accounts)
    users.remove_user("ana", path=accounts)
    with pytest.raises(PermissionError):
        users.require(session, "analyst", "导入")


def _guarded():
    import streamlit as st

    from pages._shared import auth

    auth.sidebar()
    auth.require_role("analyst")
    st.file_uploader("upload here")


def _uploader(at):
    return next((w for w in at.get("file_uploader")), None)


def test_the_app_rereads_role_and_existence_on_every_run(accounts):
    at = AppTest.from_function(_guarded, default_timeout=30)
    at.session_state["_auth_session"] = users.authenticate("ana", RIGHT, path=accounts)
    at.run()
    assert not at.exception and _uploader(at) is not None
    users.set_role("ana", "viewer", path=accounts)
    at.run()
    assert _uploader(at) is None
    assert at.session_state["_auth_session"].role == "viewer"
    users.remove_user("ana", path=accounts)
    at.run()
    assert _uploader(at) is None and "_auth_session" not in at.session_state


# ---------------------------------------------------------------- item 11: broken files fail closed


def _closed_app():
    import streamlit as st

    from pages._shared import auth

    auth.sidebar()
    st.write("CONFIDENTIAL-FIGURES")


def test_a_broken_accounts_file_closes_the_dashboard(accounts):
    accounts.write_text('[settings]\nrequire_login = true\n\n[users.ana]\nrole = "analyst\n', encoding="utf-8")
    at = AppTest.from_function(_closed_app, default_timeout=30).run()
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown)
    assert "CONFIDENTIAL-FIGURES" not in shown
    assert any("账号配置文件有误" in e.value for e in at.error)


def test_a_logged_in_session_ends_when_the_accounts_file_breaks(accounts):
    session = users.authenticate("ana", RIGHT, path=accounts)
    accounts.write_text("[users\n", encoding="utf-8")
    with pytest.raises(PermissionError):
        users.require(session, "analyst")


def test_require_login_must_be_a_real_boolean(accounts):
    accounts.write_text('[settings]\nrequire_login = "false"\n', encoding="utf-8")
    with pytest.raises(users.AuthError):
        users.load_accounts(accounts)


def test_a_damaged_state_file_refuses_logins_instead_of_forgetting_lockouts(accounts):
    state = accounts.parent / "users.state.json"
    for _ in range(5):
        with pytest.raises(users.AuthError):
            users.authenticate("ana", WRONG, path=accounts, sleep=lambda s: None)
    state.write_text("{not json", encoding="utf-8")
    with pytest.raises(users.AuthError) as exc:
        users.authenticate("ana", RIGHT, path=accounts, sleep=lambda s: None)
    assert not isinstance(exc.value, users.BadCredentials) and "损坏" in exc.value.message_zh
    users.unlock("ana", path=accounts)  # the admin's unlock repairs the file
    assert users.authenticate("ana", RIGHT, path=accounts).username == "ana"
