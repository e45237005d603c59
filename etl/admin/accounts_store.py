"""The accounts file and its lockout-state file: where they are, their locks, reading and
writing them (``etl.admin.users`` holds the rules: passwords, login, roles, account changes).

The accounts file lives outside the repository's tracked files: ``$SAFETY_USERS`` or
``data/auth/users.toml`` (git-ignored); its layout is described in ``etl.admin.users``.
Failed-attempt counters live next to it in ``users.state.json`` (so the accounts file is
only written when an admin changes it). Both files are written under an ``flock`` and
replaced atomically; several app sessions and the CLI may use them at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_USERS = PROJECT_ROOT / "data" / "auth" / "users.toml"
ENV_VAR = "SAFETY_USERS"

ROLES = ("viewer", "analyst", "admin")


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


class AuthError(Exception):
    """A login or account operation failed; the message is a sentence for the user."""

    def __init__(self, message_zh: str, message_en: str):
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass
class Accounts:
    settings: Settings = field(default_factory=Settings)
    users: dict[str, dict] = field(default_factory=dict)  # name → {role, display_name, hash}


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


def locked(path: Path) -> Iterator[None]:
    """The lock of the accounts file and its state file (held briefly)."""
    return _flocked(path.with_name(path.name + ".lock"))


LOGIN_LOCK_BUCKETS = 64


def login_lock(path: Path, username: str) -> Iterator[None]:
    """One password check at a time per account: attempts on one name wait for each other
    (names share one of a fixed number of lock files, so strangers cannot create files)."""
    bucket = int(state_key(username)[:8], 16) % LOGIN_LOCK_BUCKETS
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
            users[name] = {
                "role": u["role"],
                "display_name": str(u.get("display_name", "")),
                "hash": str(u.get("hash", "")),
            }
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
    lines = [
        "# Local accounts of the hazard dashboard. Managed by `python -m etl user`; hashes only.",
        "",
        "[settings]",
    ]
    for k in Settings.__dataclass_fields__:
        lines.append(f"{k} = {_toml_value(getattr(acc.settings, k))}")
    for name in sorted(acc.users):
        u = acc.users[name]
        lines += [
            "",
            f"[users.{_toml_str(name)}]",
            f"role = {_toml_str(u['role'])}",
            f"display_name = {_toml_str(u.get('display_name', ''))}",
            f"hash = {_toml_str(u['hash'])}",
        ]
    tmp = p.with_name(p.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.replace(tmp, p)
    return p


def state_key(username: str) -> str:
    """Lockout state is kept per name hash: the state file does not list the names tried."""
    return hashlib.sha256(username.encode("utf-8")).hexdigest()[:32]


def read_state(path: Path) -> dict:
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
        raise AuthError(
            f"登录状态文件 {sp} 已损坏，暂不能登录；请管理员删除该文件后重试。",
            f"The login state file {sp} is damaged; logins are refused until an admin deletes it.",
        )
    return state


def write_state(path: Path, state: dict) -> None:
    sp = _state_path(path)
    tmp = sp.with_name(sp.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(state))
    os.chmod(tmp, 0o600)
    os.replace(tmp, sp)


def state_entry(state: dict, username: str, now: float | None = None, settings: Settings | None = None) -> dict:
    e = state.get(state_key(username), {})
    out = {
        "failures": int(e.get("failures", 0)),
        "inflight": int(e.get("inflight", 0)),
        "locked_until": float(e.get("locked_until", 0.0)),
        "last": float(e.get("last", 0.0)),
    }
    if now is not None and settings is not None and now - out["last"] > max(settings.lockout_minutes, 1.0) * 60:
        out["inflight"] = 0  # a check that never reported back (its process died) long ago
    return out


def prune_state(state: dict, now: float, settings: Settings) -> None:
    """Forget entries that are neither locked nor recent, so names tried once do not pile up."""
    horizon = now - max(settings.lockout_minutes, 1.0) * 60
    for key in [
        k
        for k, e in state.items()
        if not isinstance(e, dict) or (e.get("locked_until", 0) <= now and e.get("last", 0) < horizon)
    ]:
        del state[key]
