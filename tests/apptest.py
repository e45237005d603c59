"""What the AppTest modules share: the entry script, opening the app (at a page, with URL
parameters), logging in, and reading what a page shows. The fixtures that go with it (fresh
Streamlit caches, a private warehouse, the entry script on every run) are in conftest.py."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from streamlit.testing.v1 import AppTest

from etl.admin import users
from pages._shared import safe

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")

# the elements a reader reads, in the order ``texts`` joins them
READABLE = ("markdown", "caption", "info", "title", "subheader", "success")


def app(*, timeout: float = 60, **query: object) -> AppTest:
    """The dashboard with these URL parameters (not run yet)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for k, v in query.items():
        at.query_params[k] = v
    return at


def open_page(page: str, *, timeout: float = 120, **query: object) -> AppTest:
    """The shell run once with the URL, then ``page`` (e.g. "pages/gaps.py") run in it."""
    at = app(timeout=timeout, **query)
    at.run()
    at.switch_page(page).run()
    return at


def assert_clean(at: AppTest) -> None:
    """No exception and no error box."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def texts(at: AppTest, kinds: Sequence[str] = READABLE, *, shown: bool = False) -> str:
    """The values of the page's ``kinds`` of elements, one per line; ``shown=True`` resolves the
    Markdown escapes the way a reader sees the text (``safe.shown``)."""
    text = "\n".join(str(el.value) for kind in kinds for el in getattr(at, kind))
    return safe.shown(text) if shown else text


def qp(at: AppTest, key: str) -> list[str]:
    """A URL parameter's values as a list."""
    v = at.query_params[key]
    return list(v) if isinstance(v, list | tuple) else [v]


def log_in(at: AppTest, user: str, password: str) -> AppTest:
    """The sidebar's login form, filled in and sent."""
    at.text_input(key="auth_user").set_value(user)
    at.text_input(key="auth_password").set_value(password)
    next(b for b in at.button if b.label == "登录").click().run()
    return at


def accounts_file(path: Path, people: dict[str, tuple[str, ...]]) -> Path:
    """An accounts file with ``people`` (name → (role, password[, display name])); cheap hashes, no
    login delay. The AppTest, browser and server tests all make their accounts here."""
    users.save_accounts(users.Accounts(users.Settings(slow_seconds=0)), path)
    for name, (role, password, *shown) in people.items():
        users.add_user(name, password, role, display_name=shown[0] if shown else "", path=path, rounds=4)
    return path
