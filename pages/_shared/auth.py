"""Login and roles in the app: a sidebar login widget, the session's role, page guards.

* Local accounts (``etl.admin.users``: bcrypt hashes in ``$SAFETY_USERS`` / ``data/auth/users.toml``)
  by default. When ``.streamlit/secrets.toml`` has an ``[auth]`` section (an OIDC provider),
  Streamlit's ``st.login`` is used instead and the role comes from a claim (``etl.admin.users.oidc_session``).
* The session keeps a plain ``etl.admin.users.Session`` in ``st.session_state[KEY]``; it expires after
  ``session_minutes`` and is then dropped with a note. Every run re-reads the user's role and
  existence from the accounts file (``users.refresh``): removing or demoting a user acts at once.
* A malformed accounts file closes the app for everyone with one sentence (fail closed).
* Without login the app is view-only. With ``require_login = true`` in the accounts file it is
  closed: ``sidebar()`` shows only the login form and stops the script.
* ``require_role("analyst")`` on a page shows a sentence and stops for anyone below that role.
  Write paths check again in ``etl.store.uploads_service`` (``PermissionError``), so a page bug cannot
  let a viewer write.
"""

from __future__ import annotations

import logging

import streamlit as st

from etl.admin import users

from .i18n import t
from .safe import t_md

KEY = "_auth_session"
NOTE_KEY = "_auth_note"
log = logging.getLogger("dashboard.auth")


def _settings() -> users.Settings:
    """The accounts file's settings; a broken file closes the app for everyone (it cannot tell
    whether ``require_login`` was meant): one sentence on screen, the detail in the log."""
    try:
        return users.load_accounts().settings
    except users.AuthError as exc:
        log.error("accounts file: %s", exc)
        st.session_state.pop(KEY, None)
        st.title(t("app.title"))
        st.error(t("auth.broken"), icon=":material/lock:")
        st.stop()
        raise  # st.stop() raises; never fall through with default (open) settings


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def session() -> users.Session | None:
    """The logged-in session, or None (expired sessions are dropped here)."""
    s = st.session_state.get(KEY)
    if s is None and oidc_configured():
        try:
            if st.user.is_logged_in:
                s = users.oidc_session(st.user.to_dict(), _settings())
                st.session_state[KEY] = s
        except Exception:  # provider misconfigured: stay anonymous, say so in the log
            log.exception("OIDC user")
    if s is not None and not s.valid():
        st.session_state.pop(KEY, None)
        st.session_state[NOTE_KEY] = "auth.expired"
        return None
    if s is not None and s.source == "local":
        s = _refreshed(s)
    return s


def _refreshed(s: users.Session) -> users.Session | None:
    """Role and existence as the accounts file has them now (every run): a removed user is
    logged out, a demoted one loses the powers at once; a broken file logs everyone out."""
    try:
        fresh = users.refresh(s)
    except users.AuthError as exc:
        log.error("accounts file: %s", exc)
        fresh = None
    if fresh is None:
        st.session_state.pop(KEY, None)
        st.session_state[NOTE_KEY] = "auth.removed"
        return None
    if fresh.role != s.role:
        st.session_state[NOTE_KEY] = ("auth.role_changed", fresh.role)
    if fresh != s:
        st.session_state[KEY] = fresh
    return fresh


def current_user() -> users.Session | None:
    return session()


def current_role() -> str:
    s = session()
    return s.role if s else "anonymous"


def has_role(needed: str) -> bool:
    return users.has_role(current_role(), needed)


def require_role(needed: str) -> users.Session:
    """Page guard: stop with a sentence unless the session holds ``needed`` (or higher)."""
    s = session()
    if s is None or not users.has_role(s.role, needed):
        st.warning(t("auth.need_role", role=t(f"auth.role.{needed}")), icon=":material/lock:")
        st.caption(t("auth.need_role.hint"))
        st.stop()
    return s


def role_label(role: str) -> str:
    return t(f"auth.role.{role}")


def _login(username: str, password: str) -> None:
    try:
        st.session_state[KEY] = users.authenticate(username, password)
        st.session_state.pop(NOTE_KEY, None)
    except users.LockedOut as exc:
        st.session_state[NOTE_KEY] = ("auth.locked", exc.minutes)
    except users.BadCredentials:
        st.session_state[NOTE_KEY] = "auth.bad"
    except users.AuthError as exc:
        log.error("login: %s", exc)
        st.session_state[NOTE_KEY] = "auth.unavailable"


def _on_login_submit() -> None:
    _login(st.session_state.get("auth_user", ""), st.session_state.get("auth_password", ""))
    st.session_state["auth_password"] = ""  # never keep a password in the session


def logout() -> None:
    s = st.session_state.pop(KEY, None)
    if s is not None and s.source == "oidc":
        st.logout()


def _note() -> None:
    note = st.session_state.get(NOTE_KEY)
    if note is None:
        return
    if isinstance(note, tuple) and note[0] == "auth.role_changed":
        st.info(t(note[0], role=role_label(note[1])))
    elif isinstance(note, tuple):
        st.error(t(note[0], minutes=note[1]))
    elif note in ("auth.expired", "auth.removed"):
        st.info(t(note))
    else:
        st.error(t(note))


def login_form(*, in_sidebar: bool = True) -> None:
    """Username/password form (or the OIDC button)."""
    if oidc_configured():
        if st.button(t("auth.oidc_login"), key="auth_oidc", icon=":material/login:"):
            st.login()
        return
    with st.form("auth_login", clear_on_submit=False, border=not in_sidebar):
        st.text_input(t("auth.username"), key="auth_user", autocomplete="username")
        st.text_input(t("auth.password"), key="auth_password", type="password", autocomplete="current-password")
        st.form_submit_button(t("auth.login"), on_click=_on_login_submit, icon=":material/login:",
                              width="stretch")
    _note()


def sidebar() -> users.Session | None:
    """The sidebar block: who is logged in + log out, or the login form. Call once per run,
    before the navigation is built (pages are listed by role). Stops the script when the
    app is configured closed and nobody is logged in."""
    settings = _settings()
    s = session()
    if s is None and settings.require_login:
        st.title(t("app.title"))
        st.info(t("auth.closed"), icon=":material/lock:")
        login_form(in_sidebar=False)
        st.stop()
    with st.sidebar:
        if s is not None:
            st.markdown(t_md("auth.logged_in", name=s.user.label, role=role_label(s.role)))
            st.button(t("auth.logout"), key="auth_logout", on_click=logout, icon=":material/logout:")
            note = st.session_state.get(NOTE_KEY)
            if isinstance(note, tuple) and note[0] == "auth.role_changed":
                _note()
                st.session_state.pop(NOTE_KEY, None)
        else:
            with st.expander(t("auth.login_title"), icon=":material/person:",
                             expanded=st.session_state.get(NOTE_KEY) is not None):
                st.caption(t("auth.view_only"))
                login_form()
    return s
