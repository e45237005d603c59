"""The only app module that touches the warehouse.

* ``_Holder`` (one per process, ``st.cache_resource``) keeps a read-only DuckDB connection
  to the published snapshot (``etl.store.db.open_reader``). Every script run calls ``refresh()``,
  which stats the snapshot (``etl.store.db.snapshot_signature``); when a writer (CLI load, upload
  page) has published a new snapshot, it opens a new connection. The previous connection
  stays open for one more generation so queries in flight in other sessions finish.
* ``query(name, **params)`` runs the named SQL ``etl/read/sql/<name>.sql`` on a fresh
  ``cursor()`` (DuckDB connections are not shared across threads) and caches the frame with
  ``st.cache_data`` keyed on (data_version, name, params): a new load shows on the next
  rerun of every page, no restart and no cache clearing needed.
* Expected failures raise ``WarehouseUnavailable`` / ``QueryFailed`` with a sentence a user
  can act on; ``dashboard.py`` turns them into ``st.error``.

Honours ``SAFETY_WAREHOUSE`` (via ``etl.store.db.resolve_path``).
"""

from __future__ import annotations

import threading
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from etl.read import queries
from etl.store import db

from .i18n import t

CACHE_ENTRIES = 1024


class WarehouseUnavailable(RuntimeError):
    """The warehouse cannot be opened; the message is a sentence for the user."""


class QueryFailed(RuntimeError):
    """A named query failed; the message is a sentence for the user."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


class _Holder:
    def __init__(self, path: str) -> None:
        self.lock = threading.Lock()
        self.path = db.resolve_path(path)
        self.signature: tuple[int, int] | None = None
        self.con: duckdb.DuckDBPyConnection | None = None
        self.previous: duckdb.DuckDBPyConnection | None = None
        self.version: int = -1

    def refresh(self) -> None:
        sig = db.snapshot_signature(self.path)
        if self.con is not None and sig == self.signature:
            return
        with self.lock:
            sig = db.snapshot_signature(self.path)
            if self.con is not None and sig == self.signature:
                return
            try:
                con = db.open_reader(self.path)  # creates/publishes an empty warehouse if none exists
                version = db.data_version(con)
            except (duckdb.Error, OSError, db.WarehouseBusy) as exc:
                raise WarehouseUnavailable(t("error.warehouse", path=str(self.path), reason=_reason(exc))) from exc
            old = self.previous
            self.previous, self.con = self.con, con
            self.signature = db.snapshot_signature(self.path)
            self.version = version
            if old is not None:
                try:
                    old.close()
                except duckdb.Error:
                    pass

    def cursor(self) -> duckdb.DuckDBPyConnection:
        self.refresh()
        assert self.con is not None
        return self.con.cursor()


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


@st.cache_resource(show_spinner=False)
def _holder(path: str) -> _Holder:
    return _Holder(path)


def holder() -> _Holder:
    # keyed by path so a test (or a server) pointing SAFETY_WAREHOUSE elsewhere gets its own
    return _holder(str(db.resolve_path()))


def cursor() -> duckdb.DuckDBPyConnection:
    """A new cursor on the current snapshot (call once per query/thread)."""
    return holder().cursor()


def data_version() -> int:
    """The published data version (cheap: a stat; reopens the snapshot when it changed)."""
    h = holder()
    h.refresh()
    return h.version


def warehouse_path() -> str:
    return str(holder().path)


def _freeze(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        items = list(value)
        return tuple(sorted(items) if isinstance(value, set | frozenset) else items)
    return value


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _cached(version: int, path: str, name: str, params: tuple[tuple[str, Any], ...]) -> pd.DataFrame:
    kwargs = {k: (list(v) if isinstance(v, tuple) else v) for k, v in params}
    return queries.run(cursor(), name, **kwargs)


def query(name: str, **params: Any) -> pd.DataFrame:
    """Run the named query with these params; cached per data version. Extra params are
    ignored (a page may pass its whole filter dict)."""
    h = holder()
    h.refresh()
    try:
        needed = queries.params_of(name)
        frozen = tuple(sorted((k, _freeze(v)) for k, v in params.items() if k in needed))
        return _cached(h.version, str(h.path), name, frozen)
    except queries.QueryError as exc:
        raise QueryFailed(name, t("error.query", name=name, reason=str(exc))) from exc
    except duckdb.Error as exc:
        raise QueryFailed(name, t("error.query", name=name, reason=_reason(exc))) from exc
