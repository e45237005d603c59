"""Named read queries: ``run(con, name, **params)`` executes ``etl/read/sql/<name>.sql``.

Conventions (for everyone adding a query)
-----------------------------------------
* One SELECT per file. The header comment says what it returns (one line per column
  group) and its params. Values are bound (``$param``), never formatted into SQL.
* Static fragments shared by several queries live in ``etl/read/sql/_fragments/<name>.sql``
  and are pulled in with ``{{name}}`` (textual include of a file shipped with the code,
  never of user input). ``{{hazard_scope}}`` is the filtered hazard set with status as of
  ``$as_of``; ``{{rate_columns}}`` are the docs/DATA_CONTRACT.md §4 metrics over it.
* Rules shared by several queries ("rectified as of", overdue, acceptance, repeat hazards, the
  optional list and period filters) are macros in the warehouse (migration 010_rule_macros.sql):
  call ``rectified_as_of(h.status, h.rectified_date, h.report_month, $as_of)``,
  ``in_selection($towns, h.town)`` … rather than writing a rule out again.
* Common hazard filter params (see ``HAZARD_FILTER_PARAMS``): start_month, end_month
  (DATE, first of month, NULL = open), towns, sectors, departments (list of str or
  None = all), level ('general' | 'major' | None), as_of (DATE).
* ``run`` passes a query only the params its SQL mentions, so a page can hand the same
  filter dict to every query; a param the SQL needs but the caller omitted is an error.
* Queries aggregate in DuckDB and return small frames; never ``SELECT *`` a whole table.

This module never imports streamlit; the app caches through ``pages/_shared/data.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).resolve().parent / "sql"
FRAGMENT_DIR = SQL_DIR / "_fragments"
HAZARD_FILTER_PARAMS = ("start_month", "end_month", "towns", "sectors", "departments", "level", "as_of")

_INCLUDE = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class QueryError(RuntimeError):
    """A named query is missing, or was called without a parameter it needs."""


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] if "--" in line else line for line in sql.splitlines())


@functools.cache
def load_sql(name: str) -> str:
    """The SQL text of a named query with fragments expanded (cached per process)."""
    if not _NAME.match(name):
        raise QueryError(f"Bad query name: {name!r}")
    path = SQL_DIR / f"{name}.sql"
    if not path.exists():
        raise QueryError(f"No such query: etl/read/sql/{name}.sql")
    # Comments are dropped before expanding, so a header may mention {{fragment}} safely.
    return _expand(_strip_comments(path.read_text(encoding="utf-8")), depth=0)


def _expand(sql: str, depth: int) -> str:
    if depth > 6:  # a fragment that includes itself would never end
        raise QueryError("Fragments nested too deeply")

    def sub(m: re.Match[str]) -> str:
        frag = FRAGMENT_DIR / f"{m.group(1)}.sql"
        if not frag.exists():
            raise QueryError(f"No such fragment: etl/read/sql/_fragments/{m.group(1)}.sql")
        return _expand(_strip_comments(frag.read_text(encoding="utf-8")), depth + 1)

    return _INCLUDE.sub(sub, sql)


@functools.cache
def params_of(name: str) -> frozenset[str]:
    """The ``$params`` a named query uses (comments ignored)."""
    return frozenset(_PARAM.findall(_strip_comments(load_sql(name))))


def available() -> list[str]:
    return sorted(p.stem for p in SQL_DIR.glob("*.sql"))


def _bindable(value: Any) -> Any:
    if isinstance(value, tuple | set | frozenset):
        value = list(value)
    if isinstance(value, list) and not value:
        return None  # an empty selection means "no filter", never "nothing"
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def bind(name: str, params: dict[str, Any]) -> dict[str, Any]:
    needed = params_of(name)
    missing = sorted(needed - params.keys())
    if missing:
        raise QueryError(f"Query {name!r} needs params: {', '.join(missing)}")
    return {k: _bindable(params[k]) for k in needed}


def run(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Execute ``etl/read/sql/<name>.sql`` with bound params and return a DataFrame.

    ``con`` may be a connection or a cursor; callers in threads pass ``con.cursor()``.
    """
    sql = load_sql(name)
    return con.execute(sql, bind(name, params)).df()


def rows(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[tuple]:
    """Like ``run``, as plain Python tuples (for the command line's text output)."""
    return con.execute(load_sql(name), bind(name, params)).fetchall()


def hazard_filters(
    *,
    start_month: dt.date | None = None,
    end_month: dt.date | None = None,
    towns: list[str] | None = None,
    sectors: list[str] | None = None,
    departments: list[str] | None = None,
    level: str | None = None,
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """The common filter dict with defaults (as_of = today)."""
    return {
        "start_month": start_month,
        "end_month": end_month,
        "towns": towns or None,
        "sectors": sectors or None,
        "departments": departments or None,
        "level": level,
        "as_of": as_of or dt.date.today(),
    }
