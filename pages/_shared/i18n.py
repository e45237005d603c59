"""The message catalogue: every visible string comes from here (zh-CN default, English switch).

Strings live in modules ``pages/_shared/strings_<area>.py``, each defining
``STRINGS = {"key": ("中文", "English"), ...}``. This module merges every such module it
finds, so each page area owns its own file and nobody edits the same lines:
strings_core.py (shell, filters, shared widgets, labels), strings_leaders.py (overview,
trends, rectification, explorer); add e.g. strings_gaps.py, strings_upload.py,
strings_present.py. A key defined twice is an error at import (tests catch it).

Use ``t("kpi.overdue")`` or ``t("caption.scope", start=..., end=...)`` (``str.format``).
The current language is the bound sidebar widget ``lang`` (``st.session_state``).
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
_HERE = Path(__file__).resolve().parent
_forced_lang: str | None = None


def _load() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    owners: dict[str, str] = {}
    pkg = __name__.rsplit(".", 1)[0]
    for mod in sorted(m.name for m in pkgutil.iter_modules([str(_HERE)]) if m.name.startswith("strings_")):
        strings = importlib.import_module(f"{pkg}.{mod}").STRINGS
        for key, pair in strings.items():
            if key in merged:
                raise RuntimeError(f"i18n key {key!r} defined in both {owners[key]} and {mod}")
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise RuntimeError(f"i18n key {key!r} in {mod} must be a (zh, en) tuple")
            merged[key] = pair
            owners[key] = mod
    return merged


CATALOGUE: dict[str, tuple[str, str]] = _load()


def current_lang() -> str:
    """The session's language: the ``lang`` widget's value, else zh."""
    if _forced_lang:
        return _forced_lang
    try:
        import streamlit as st
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        if get_script_run_ctx(suppress_warning=True) is None:  # bare Python: tests, bench
            return DEFAULT_LANG
        lang = st.session_state.get("lang", DEFAULT_LANG)
    except Exception:
        return DEFAULT_LANG
    return lang if lang in LANGS else DEFAULT_LANG


def set_lang_override(lang: str | None) -> None:
    """For scripts and tests outside Streamlit: force a language (None = follow session)."""
    global _forced_lang
    _forced_lang = lang


def t(key: str, /, lang: str | None = None, **fmt: Any) -> str:
    """The string for ``key`` in the current (or given) language, formatted with ``fmt``.

    An unknown key is shown as itself (visible in review, never a crash)."""
    pair = CATALOGUE.get(key)
    if pair is None:
        return key
    text = pair[(LANGS.index(lang or current_lang()))]
    return text.format(**fmt) if fmt else text


def has(key: str) -> bool:
    return key in CATALOGUE


def _label(prefix: str, code: str | None, lang: str | None = None) -> str:
    if code is None or code == "":
        return t(f"{prefix}._none", lang=lang)
    key = f"{prefix}.{code}"
    return t(key, lang=lang) if key in CATALOGUE else str(code)


def sector_label(code: str | None, lang: str | None = None) -> str:
    return _label("sector", code, lang)


def level_label(code: str | None, lang: str | None = None) -> str:
    return _label("level", code, lang)


def status_label(code: str | None, lang: str | None = None) -> str:
    """'open' | 'rectified' | 'overdue' (the as-of status)."""
    return _label("status", code, lang)


def method_label(code: str | None, lang: str | None = None) -> str:
    return _label("method", code, lang)


def department_label(name: str | None, lang: str | None = None) -> str:
    return name if name else t("department._none", lang=lang)


def owner_label(department: str | None, ledger_department: str | None, lang: str | None = None) -> str:
    """A hazard's owning department as shown (migration 014): the ledger's; one a 会商 agreed
    because the ledger named none is marked 会商明确; none at all is 未注明部门."""
    department = department if isinstance(department, str) else ""  # NULL may come back as NaN
    ledger_department = ledger_department if isinstance(ledger_department, str) else ""
    if department and not ledger_department:
        return t("rect.agreed_owner", d=department, lang=lang)
    return department_label(department, lang)


def category_label(code: str | None, lang: str | None = None) -> str:
    return _label("category", code, lang)


def dim_label(dim: str, key: str | None, lang: str | None = None) -> str:
    """A value of a breakdown dimension as shown: a sector's name, a department ('' = none
    named), a town or anything else as it is."""
    if dim == "sector":
        return sector_label(key, lang)
    if dim == "department":
        return department_label(key, lang)
    return "" if key is None else str(key)
