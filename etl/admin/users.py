"""Local accounts: roles, bcrypt password hashes, lockout, session expiry (``python -m etl user …``).

The accounts file lives outside the repository's tracked files: ``$SAFETY_USERS`` or
``data/auth/users.toml`` (git-ignored). It holds only salted bcrypt hashes, never a
password. Layout::

    [settings]
    require_login = false     # true: the app shows nothing until someone logs in
    max_attempts = 5          # wrong passwords in a row before the account is locked …
    lockout_minutes = 15      # … for this long
    session_minutes = 480     # a login lasts this long (then the user logs in again)
    slow_seconds = 0.5        # extra delay per recent failure (capped at 3 s)
    oidc_role_claim = "roles" # with an OIDC provider (st.login): the claim carrying roles
    oidc_admin = ["safety-admin"]
    oidc_analyst = ["safety-analyst"]

    [users.wang]
    role = "analyst"          # viewer | analyst | admin
    display_name = "王敏"
    hash = "$2b$12$…"

Failed-attempt counters live next to it in ``users.state.json``. Reading and writing both
files, under their locks, is ``etl.admin.accounts_store``; the CLI is ``etl.admin.users_cli``.

This module never imports streamlit; ``pages/_shared/auth.py`` is the app side.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import time
from dataclasses import dataclass

import bcrypt

from .accounts_store import (  # noqa: F401 - the accounts' names, used through this module
    DEFAULT_USERS,
    ENV_VAR,
    PROJECT_ROOT,
    ROLES,
    Accounts,
    AuthError,
    Settings,
    load_accounts,
    prune_state,
    read_state,
    save_accounts,
    state_entry,
    state_key,
    users_path,
    write_state,
)
from .accounts_store import locked as _locked
from .accounts_store import login_lock as _login_lock  # tests count the checks through this name

ROLE_ZH = {"viewer": "浏览", "analyst": "数据员", "admin": "管理员", "anonymous": "未登录"}
ROLE_RANK = {"anonymous": 0, "viewer": 1, "analyst": 2, "admin": 3}

# letters, digits and _ . @ -, and Chinese names (the README's own `user add 张三`; · as in 阿依古丽·买买提)
_NAME = re.compile(r"^[A-Za-z0-9_.@\-\u3400-\u4dbf\u4e00-\u9fff\u00b7]{2,64}$")
MIN_PASSWORD = 8
BCRYPT_ROUNDS = 12
MAX_SLOW = 3.0


@dataclass(frozen=True)
class User:
    username: str
    role: str
    display_name: str = ""

    @property
    def label(self) -> str:
        return self.display_name or self.username


@dataclass(frozen=True)
class Session:
    """What the app keeps for a logged-in user (plain data: fits in session state)."""

    username: str
    role: str
    display_name: str
    issued_at: float
    expires_at: float
    source: str = "local"  # local | oidc

    @property
    def user(self) -> User:
        return User(self.username, self.role, self.display_name)

    def valid(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) < self.expires_at


class BadCredentials(AuthError):
    pass


class LockedOut(AuthError):
    def __init__(self, minutes: int):
        super().__init__(
            f"密码错误次数过多，账号已暂时锁定，请 {minutes} 分钟后再试，或请管理员解锁。",
            f"Too many wrong passwords: the account is locked; try again in {minutes} min or ask an admin to unlock it.",
        )
        self.minutes = minutes


# ---------------------------------------------------------------- passwords and login


def hash_password(password: str, rounds: int = BCRYPT_ROUNDS) -> str:
    data = password.encode("utf-8")
    if len(data) > 72:  # bcrypt's limit; refusing beats silently ignoring the tail
        raise AuthError("密码过长（最多 72 个字节）。", "Password too long (at most 72 bytes).")
    return bcrypt.hashpw(data, bcrypt.gensalt(rounds=rounds)).decode("ascii")


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"密码至少 {MIN_PASSWORD} 位。", f"The password needs at least {MIN_PASSWORD} characters.")
    if password.isdigit() or password.isalpha():
        raise AuthError("密码请同时包含字母和数字。", "Use both letters and digits in the password.")


@functools.lru_cache(maxsize=4)
def _dummy_hash(cost: int) -> bytes:
    """A hash of the same cost as the real ones, checked for unknown names, so an unknown name
    takes as long as a known one and the answer's timing does not tell who exists."""
    return bcrypt.hashpw(b"not-a-real-password", bcrypt.gensalt(rounds=cost))


def _cost(stored: str) -> int | None:
    m = re.match(r"^\$2[abxy]?\$(\d{2})\$", stored or "")
    return int(m.group(1)) if m and 4 <= int(m.group(1)) <= 31 else None


def _unknown_cost(acc: Accounts) -> int:
    costs = [c for u in acc.users.values() if (c := _cost(u.get("hash", ""))) is not None]
    return max(costs) if costs else BCRYPT_ROUNDS


def authenticate(username: str, password: str, *, path: str | os.PathLike[str] | None = None,
                 now: float | None = None, sleep=time.sleep) -> Session:
    """Check a password; returns a Session or raises BadCredentials / LockedOut / AuthError.

    After ``max_attempts`` wrong passwords in a row the account is locked for
    ``lockout_minutes`` (a correct password does not help while locked). Every failure
    also waits ``slow_seconds`` × recent failures, so guessing is slow even below the limit.

    Against parallel guessing, each attempt is recorded (``inflight``) under the state lock
    *before* its password is checked: an attempt that finds ``max_attempts`` failures and
    pending checks already recorded locks the account without a check, and a right password
    whose account got locked while it was being checked is refused. The checks themselves
    run one at a time per account (a per-name lock held for the check and its delay).
    Unknown names go through the same steps — a bcrypt check against a dummy hash of the
    same cost, counters, lockout — so they cost the same and get the same answers.
    """
    p = users_path(path)
    acc = load_accounts(p)
    s = acc.settings
    now = time.time() if now is None else now
    username = (username or "").strip()
    key = state_key(username)
    with _locked(p):
        state = read_state(p)
        entry = state_entry(state, username, now, s)
        if entry["locked_until"] > now:
            raise LockedOut(max(1, round((entry["locked_until"] - now) / 60)))
        if entry["failures"] + entry["inflight"] >= s.max_attempts:
            entry.update(failures=0, locked_until=now + s.lockout_minutes * 60, last=now)
            state[key] = entry
            write_state(p, state)
            raise LockedOut(max(1, round(s.lockout_minutes)))
        entry.update(inflight=entry["inflight"] + 1, last=now)  # recorded before the check
        prune_state(state, now, s)
        state[key] = entry
        write_state(p, state)
    with _login_lock(p, username):
        user = acc.users.get(username)
        stored = user.get("hash", "") if user else ""
        if _cost(stored) is None:
            stored, user = _dummy_hash(_unknown_cost(acc)), None
        else:
            stored = stored.encode("ascii", "replace")
        try:
            ok = bcrypt.checkpw((password or "").encode("utf-8")[:72], stored) and user is not None
        except ValueError:  # a damaged hash in the file
            ok = False
        with _locked(p):
            state = read_state(p)
            entry = state_entry(state, username, now, s)
            entry["inflight"] = max(0, entry["inflight"] - 1)
            locked = entry["locked_until"] > now
            if ok and not locked:
                entry["failures"] = 0
                if entry["inflight"]:
                    state[key] = entry
                else:
                    state.pop(key, None)
                write_state(p, state)
                return Session(username, user["role"], user.get("display_name", ""), now,
                               now + s.session_minutes * 60)
            if not ok and not locked:
                entry["failures"] += 1
                if entry["failures"] >= s.max_attempts:
                    entry.update(failures=0, locked_until=now + s.lockout_minutes * 60)
            entry["last"] = now
            state[key] = entry
            write_state(p, state)
        if not ok:
            delay = min(MAX_SLOW, s.slow_seconds * max(1, entry["failures"]))
            if delay > 0:
                sleep(delay)  # still holding this name's login lock: parallel guesses wait too
    if entry["locked_until"] > now:
        raise LockedOut(max(1, round((entry["locked_until"] - now) / 60)))
    raise BadCredentials("用户名或密码不正确。", "Wrong user name or password.")


def refresh(session: Session | None, *, path: str | os.PathLike[str] | None = None,
            now: float | None = None) -> Session | None:
    """The session as the accounts file has it *now*: None when it expired or the user was
    removed, the file's current role when it was changed (a demotion takes effect at once).
    OIDC sessions keep the role their claims gave. Raises AuthError when the file is broken."""
    if session is None or not session.valid(now):
        return None
    if session.source != "local":
        return session
    u = load_accounts(path).users.get(session.username)
    if u is None:
        return None
    if u["role"] != session.role or u.get("display_name", "") != session.display_name:
        return dataclasses.replace(session, role=u["role"], display_name=u.get("display_name", ""))
    return session


def oidc_session(claims: dict, settings: Settings, *, now: float | None = None) -> Session:
    """A session for a user logged in through an OIDC provider (``st.login``): the role
    comes from the configured claim (a list or a string); unknown → viewer."""
    now = time.time() if now is None else now
    raw = claims.get(settings.oidc_role_claim) or []
    values = {raw} if isinstance(raw, str) else {str(v) for v in raw}
    role = "admin" if values & set(settings.oidc_admin) else "analyst" if values & set(settings.oidc_analyst) else "viewer"
    name = str(claims.get("email") or claims.get("preferred_username") or claims.get("sub") or "oidc-user")
    return Session(name, role, str(claims.get("name") or ""), now, now + settings.session_minutes * 60, "oidc")


def has_role(role: str | None, needed: str) -> bool:
    return ROLE_RANK.get(role or "anonymous", 0) >= ROLE_RANK[needed]


def require(user: User | Session | None, needed: str, action: str = "") -> User:
    """The guard every write path calls: PermissionError unless the user holds ``needed``.
    A local Session is re-read from the accounts file first (see ``refresh``)."""
    if isinstance(user, Session):
        try:  # the role as of now: a removed, demoted or expired session loses its powers
            user = refresh(user)
        except AuthError:
            user = None  # a broken accounts file: fail closed
    role = getattr(user, "role", None)
    if user is None or not has_role(role, needed):
        what = f"（{action}）" if action else ""
        raise PermissionError(
            f"当前账号没有权限执行此操作{what}，需要“{ROLE_ZH[needed]}”或更高角色。"
            f" / This account may not do this{(' (' + action + ')') if action else ''}; it needs the {needed} role."
        )
    return user.user if isinstance(user, Session) else user


# ---------------------------------------------------------------- account management


def _check_name(username: str) -> str:
    if not _NAME.match(username or ""):
        raise AuthError("用户名只能用汉字、字母、数字和 _ . @ - ·，2 到 64 位。",
                        "User names use Chinese characters, letters, digits and _ . @ - ·, 2 to 64 characters.")
    return username


def add_user(username: str, password: str, role: str, *, display_name: str = "",
             path: str | os.PathLike[str] | None = None, rounds: int = BCRYPT_ROUNDS) -> None:
    _check_name(username)
    if role not in ROLES:
        raise AuthError(f"角色应为 {' / '.join(ROLES)}。", f"Role must be one of {', '.join(ROLES)}.")
    check_password_strength(password)
    p = users_path(path)
    with _locked(p):
        acc = load_accounts(p)
        if username in acc.users:
            raise AuthError(f"用户“{username}”已存在。", f"User '{username}' already exists.")
        acc.users[username] = {"role": role, "display_name": display_name, "hash": hash_password(password, rounds)}
        save_accounts(acc, p)


def set_password(username: str, password: str, *, path=None, rounds: int = BCRYPT_ROUNDS) -> None:
    check_password_strength(password)
    _modify(username, path, lambda u: u.__setitem__("hash", hash_password(password, rounds)))
    unlock(username, path=path)


def set_role(username: str, role: str, *, path=None) -> None:
    if role not in ROLES:
        raise AuthError(f"角色应为 {' / '.join(ROLES)}。", f"Role must be one of {', '.join(ROLES)}.")
    _modify(username, path, lambda u: u.__setitem__("role", role))


def remove_user(username: str, *, path=None) -> None:
    p = users_path(path)
    with _locked(p):
        acc = load_accounts(p)
        if username not in acc.users:
            raise AuthError(f"没有用户“{username}”。", f"No user '{username}'.")
        del acc.users[username]
        save_accounts(acc, p)


def _modify(username: str, path, change) -> None:
    p = users_path(path)
    with _locked(p):
        acc = load_accounts(p)
        if username not in acc.users:
            raise AuthError(f"没有用户“{username}”。", f"No user '{username}'.")
        change(acc.users[username])
        save_accounts(acc, p)


def unlock(username: str, *, path=None) -> None:
    p = users_path(path)
    with _locked(p):
        try:
            state = read_state(p)
        except AuthError:
            state = {}  # an admin's unlock also repairs a damaged state file
            write_state(p, state)
        if state.pop(state_key(username), None) is not None:
            write_state(p, state)


def lock_status(username: str, *, path=None, now: float | None = None) -> tuple[int, float]:
    """(recent failures, seconds until unlocked; 0 = not locked)."""
    now = time.time() if now is None else now
    entry = state_entry(read_state(users_path(path)), username)
    return entry["failures"], max(0.0, entry["locked_until"] - now)


def list_users(path=None) -> list[User]:
    acc = load_accounts(path)
    return [User(n, u["role"], u.get("display_name", "")) for n, u in sorted(acc.users.items())]
