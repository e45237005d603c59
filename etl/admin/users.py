"""Local accounts: roles, bcrypt password hashes, lockout, session expiry; ``python -m etl user …``.

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

Failed-attempt counters live next to it in ``users.state.json`` (so the accounts file is
only written when an admin changes it). Both files are written under an ``flock`` and
replaced atomically; several app sessions and the CLI may use them at once.

This module never imports streamlit; ``pages/_shared/auth.py`` is the app side.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import fcntl
import functools
import getpass
import hashlib
import json
import os
import re
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import bcrypt

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_USERS = PROJECT_ROOT / "data" / "auth" / "users.toml"
ENV_VAR = "SAFETY_USERS"

ROLES = ("viewer", "analyst", "admin")
ROLE_ZH = {"viewer": "浏览", "analyst": "数据员", "admin": "管理员", "anonymous": "未登录"}
ROLE_RANK = {"anonymous": 0, "viewer": 1, "analyst": 2, "admin": 3}
# letters, digits and _ . @ -, and Chinese names (the README's own `user add 张三`; · as in 阿依古丽·买买提)
_NAME = re.compile(r"^[A-Za-z0-9_.@\-\u3400-\u4dbf\u4e00-\u9fff\u00b7]{2,64}$")
MIN_PASSWORD = 8
BCRYPT_ROUNDS = 12
MAX_SLOW = 3.0


@dataclass(frozen=True)
class Settings:
    require_login: bool = False
    max_attempts: int = 5
    lockout_minutes: float = 15.0
    session_minutes: float = 480.0
    slow_seconds: float = 0.5
    oidc_role_claim: str = "roles"
    oidc_admin: tuple[str, ...] = ()
    oidc_analyst: tuple[str, ...] = ()


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


class AuthError(Exception):
    """A login or account operation failed; the message is a sentence for the user."""

    def __init__(self, message_zh: str, message_en: str):
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en


class BadCredentials(AuthError):
    pass


class LockedOut(AuthError):
    def __init__(self, minutes: int):
        super().__init__(
            f"密码错误次数过多，账号已暂时锁定，请 {minutes} 分钟后再试，或请管理员解锁。",
            f"Too many wrong passwords: the account is locked; try again in {minutes} min or ask an admin to unlock it.",
        )
        self.minutes = minutes


@dataclass
class Accounts:
    settings: Settings = field(default_factory=Settings)
    users: dict[str, dict] = field(default_factory=dict)  # name → {role, display_name, hash}


# ---------------------------------------------------------------- paths and files


def users_path(path: str | os.PathLike[str] | None = None) -> Path:
    if path:
        return Path(path).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    return Path(env).expanduser().resolve() if env else DEFAULT_USERS


def _state_path(path: Path) -> Path:
    return path.with_name(path.stem + ".state.json")


def _private_dir(folder: Path) -> None:
    """The accounts folder: created 0700 (it holds hashes and lockout state)."""
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)


@contextlib.contextmanager
def _flocked(lock_file: Path) -> Iterator[None]:
    """An exclusive ``flock`` on its own open file: it excludes other processes *and* other
    threads of this one (each call opens the file anew)."""
    _private_dir(lock_file.parent)
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _locked(path: Path) -> Iterator[None]:
    """The lock of the accounts file and its state file (held briefly)."""
    return _flocked(path.with_name(path.name + ".lock"))


LOGIN_LOCK_BUCKETS = 64


def _login_lock(path: Path, username: str) -> Iterator[None]:
    """One password check at a time per account: attempts on one name wait for each other
    (names share one of a fixed number of lock files, so strangers cannot create files)."""
    bucket = int(_state_key(username)[:8], 16) % LOGIN_LOCK_BUCKETS
    return _flocked(path.with_name(f".{path.name}.login") / f"{bucket:02d}.lock")


def load_accounts(path: str | os.PathLike[str] | None = None) -> Accounts:
    """The accounts file; a missing file means no accounts and default settings."""
    p = users_path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Accounts()
    except tomllib.TOMLDecodeError as exc:
        raise _broken(p, str(exc)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise _broken(p, type(exc).__name__) from exc
    s = raw.get("settings", {})
    defaults = Settings()
    try:
        if not isinstance(s, dict):
            raise TypeError("[settings] is not a table")
        settings = Settings(
            require_login=_bool(s.get("require_login", defaults.require_login)),
            max_attempts=max(1, int(s.get("max_attempts", defaults.max_attempts))),
            lockout_minutes=float(s.get("lockout_minutes", defaults.lockout_minutes)),
            session_minutes=float(s.get("session_minutes", defaults.session_minutes)),
            slow_seconds=float(s.get("slow_seconds", defaults.slow_seconds)),
            oidc_role_claim=str(s.get("oidc_role_claim", defaults.oidc_role_claim)),
            oidc_admin=tuple(s.get("oidc_admin", ())),
            oidc_analyst=tuple(s.get("oidc_analyst", ())),
        )
    except (TypeError, ValueError) as exc:
        raise _broken(p, f"[settings]: {exc}") from exc
    users = {}
    for name, u in (raw.get("users") or {}).items():
        if isinstance(u, dict) and u.get("role") in ROLES:
            users[name] = {"role": u["role"], "display_name": str(u.get("display_name", "")), "hash": str(u.get("hash", ""))}
    return Accounts(settings, users)


def _bool(v) -> bool:
    if not isinstance(v, bool):  # "false" as a string would be truthy: refuse rather than guess
        raise TypeError(f"expected true or false, got {v!r}")
    return v


def _broken(p: Path, detail: str) -> AuthError:
    return AuthError(
        f"账号文件 {p} 格式有误（{detail}），为安全起见看板已关闭；请管理员修正该文件（或用 python -m etl user 重新生成）。",
        f"The accounts file {p} is malformed ({detail}); the dashboard is closed until an admin fixes it.",
    )


def _toml_str(v: str) -> str:
    return json.dumps(v, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, tuple | list):
        return "[" + ", ".join(_toml_str(str(x)) for x in v) + "]"
    return _toml_str(str(v))


def save_accounts(acc: Accounts, path: str | os.PathLike[str] | None = None) -> Path:
    p = users_path(path)
    _private_dir(p.parent)
    lines = ["# Local accounts of the hazard dashboard. Managed by `python -m etl user`; hashes only.", "", "[settings]"]
    for k in Settings.__dataclass_fields__:
        lines.append(f"{k} = {_toml_value(getattr(acc.settings, k))}")
    for name in sorted(acc.users):
        u = acc.users[name]
        lines += ["", f"[users.{_toml_str(name)}]", f"role = {_toml_str(u['role'])}",
                  f"display_name = {_toml_str(u.get('display_name', ''))}", f"hash = {_toml_str(u['hash'])}"]
    tmp = p.with_name(p.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.replace(tmp, p)
    return p


def _state_key(username: str) -> str:
    """Lockout state is kept per name hash: the state file does not list the names tried."""
    return hashlib.sha256(username.encode("utf-8")).hexdigest()[:32]


def _read_state(path: Path) -> dict:
    """The lockout counters. Missing = none; unreadable = AuthError (fail closed: a damaged
    file must not wipe every lockout)."""
    sp = _state_path(path)
    try:
        state = json.loads(sp.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise AuthError(
            f"登录状态文件 {sp} 已损坏，暂不能登录；请管理员删除该文件（会清除锁定计数）后重试。",
            f"The login state file {sp} is damaged; logins are refused until an admin deletes it.",
        ) from exc
    if not isinstance(state, dict):
        raise AuthError(f"登录状态文件 {sp} 已损坏，暂不能登录；请管理员删除该文件后重试。",
                        f"The login state file {sp} is damaged; logins are refused until an admin deletes it.")
    return state


def _write_state(path: Path, state: dict) -> None:
    sp = _state_path(path)
    tmp = sp.with_name(sp.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(state))
    os.chmod(tmp, 0o600)
    os.replace(tmp, sp)


def _entry(state: dict, username: str, now: float | None = None, settings: Settings | None = None) -> dict:
    e = state.get(_state_key(username), {})
    out = {"failures": int(e.get("failures", 0)), "inflight": int(e.get("inflight", 0)),
           "locked_until": float(e.get("locked_until", 0.0)), "last": float(e.get("last", 0.0))}
    if now is not None and settings is not None and now - out["last"] > max(settings.lockout_minutes, 1.0) * 60:
        out["inflight"] = 0  # a check that never reported back (its process died) long ago
    return out


def _prune(state: dict, now: float, settings: Settings) -> None:
    """Forget entries that are neither locked nor recent, so names tried once do not pile up."""
    horizon = now - max(settings.lockout_minutes, 1.0) * 60
    for key in [k for k, e in state.items()
                if not isinstance(e, dict) or (e.get("locked_until", 0) <= now and e.get("last", 0) < horizon)]:
        del state[key]


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
    key = _state_key(username)
    with _locked(p):
        state = _read_state(p)
        entry = _entry(state, username, now, s)
        if entry["locked_until"] > now:
            raise LockedOut(max(1, round((entry["locked_until"] - now) / 60)))
        if entry["failures"] + entry["inflight"] >= s.max_attempts:
            entry.update(failures=0, locked_until=now + s.lockout_minutes * 60, last=now)
            state[key] = entry
            _write_state(p, state)
            raise LockedOut(max(1, round(s.lockout_minutes)))
        entry.update(inflight=entry["inflight"] + 1, last=now)  # recorded before the check
        _prune(state, now, s)
        state[key] = entry
        _write_state(p, state)
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
            state = _read_state(p)
            entry = _entry(state, username, now, s)
            entry["inflight"] = max(0, entry["inflight"] - 1)
            locked = entry["locked_until"] > now
            if ok and not locked:
                entry["failures"] = 0
                if entry["inflight"]:
                    state[key] = entry
                else:
                    state.pop(key, None)
                _write_state(p, state)
                return Session(username, user["role"], user.get("display_name", ""), now,
                               now + s.session_minutes * 60)
            if not ok and not locked:
                entry["failures"] += 1
                if entry["failures"] >= s.max_attempts:
                    entry.update(failures=0, locked_until=now + s.lockout_minutes * 60)
            entry["last"] = now
            state[key] = entry
            _write_state(p, state)
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
            state = _read_state(p)
        except AuthError:
            state = {}  # an admin's unlock also repairs a damaged state file
            _write_state(p, state)
        if state.pop(_state_key(username), None) is not None:
            _write_state(p, state)


def lock_status(username: str, *, path=None, now: float | None = None) -> tuple[int, float]:
    """(recent failures, seconds until unlocked; 0 = not locked)."""
    now = time.time() if now is None else now
    entry = _entry(_read_state(users_path(path)), username)
    return entry["failures"], max(0.0, entry["locked_until"] - now)


def list_users(path=None) -> list[User]:
    acc = load_accounts(path)
    return [User(n, u["role"], u.get("display_name", "")) for n, u in sorted(acc.users.items())]


# ---------------------------------------------------------------- CLI: python -m etl user …


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--users-file", help="账号文件 accounts file (默认 $SAFETY_USERS 或 data/auth/users.toml)")
    sub = parser.add_subparsers(dest="user_cmd", required=True)
    sp = sub.add_parser("add", help="新建账号 add an account")
    sp.add_argument("username")
    sp.add_argument("--role", choices=ROLES, default="viewer")
    sp.add_argument("--name", default="", help="显示名 display name")
    sp.add_argument("--password-stdin", action="store_true", help="从标准输入读密码 read the password from stdin")
    sp = sub.add_parser("passwd", help="设置密码 set a password")
    sp.add_argument("username")
    sp.add_argument("--password-stdin", action="store_true")
    sp = sub.add_parser("role", help="更改角色 change a role")
    sp.add_argument("username")
    sp.add_argument("role", choices=ROLES)
    sp = sub.add_parser("remove", help="删除账号 remove an account")
    sp.add_argument("username")
    sp = sub.add_parser("unlock", help="解除锁定 unlock after too many wrong passwords")
    sp.add_argument("username")
    sub.add_parser("list", help="列出账号 list accounts")


def _read_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("新密码 New password: ")
    if getpass.getpass("再输一次 Again: ") != first:
        raise AuthError("两次输入的密码不一致。", "The two passwords differ.")
    return first


def _audit(args, action: str, detail: dict) -> None:
    """Account changes go to the warehouse's audit log like every other write."""
    from etl.store import db as dbmod
    from etl.store.load import audit

    actor = getattr(args, "user", None) or os.environ.get("USER") or getpass.getuser()
    with dbmod.writer(dbmod.resolve_path(args.db)) as con:
        con.execute("BEGIN TRANSACTION")
        audit(con, f"cli:{actor}", action, detail)
        con.execute("COMMIT")


def run(args) -> int:
    path = users_path(args.users_file)
    cmd = args.user_cmd
    try:
        if cmd == "list":
            users = list_users(path)
            if not users:
                print(f"还没有账号（{path}）。/ No accounts yet.")
            for u in users:
                failures, locked = lock_status(u.username, path=path)
                extra = f"  已锁定 locked {int(locked // 60) + 1} min" if locked else ""
                print(f"{u.username}\t{u.role}\t{u.display_name}{extra}")
            return 0
        if cmd == "add":
            add_user(args.username, _read_password(args), args.role, display_name=args.name, path=path)
            _audit(args, "user_add", {"username": args.username, "role": args.role})
            print(f"已新建账号 {args.username}（{ROLE_ZH[args.role]}）。/ Added {args.username} ({args.role}).")
        elif cmd == "passwd":
            set_password(args.username, _read_password(args), path=path)
            _audit(args, "user_password", {"username": args.username})
            print(f"已更新 {args.username} 的密码。/ Password set for {args.username}.")
        elif cmd == "role":
            set_role(args.username, args.role, path=path)
            _audit(args, "user_role", {"username": args.username, "role": args.role})
            print(f"{args.username} 的角色已改为 {ROLE_ZH[args.role]}。/ {args.username} is now {args.role}.")
        elif cmd == "remove":
            remove_user(args.username, path=path)
            _audit(args, "user_remove", {"username": args.username})
            print(f"已删除账号 {args.username}。/ Removed {args.username}.")
        elif cmd == "unlock":
            unlock(args.username, path=path)
            _audit(args, "user_unlock", {"username": args.username})
            print(f"已解除 {args.username} 的锁定。/ Unlocked {args.username}.")
        return 0
    except AuthError as exc:
        print(str(exc), file=sys.stderr)
        return 1
