"""Reporting units: who is expected to send this month's files, and who has."""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.admin.users import Session, User, require
from etl.ingest.pipeline import Analysis
from etl.read import queries
from etl.store import db as dbmod
from etl.store import load
from etl.store.uploads_service.common import _reader, _user_name
from etl.store.uploads_service.model import DEFAULT_UNITS, UNITS_ENV

# ---------------------------------------------------------------- reporting units


@dataclass(frozen=True)
class ReportingUnits:
    towns: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    configured: bool = False


def units_path() -> Path:
    env = os.environ.get(UNITS_ENV)
    return Path(env).expanduser().resolve() if env else DEFAULT_UNITS


def load_reporting_units(path: Path | None = None) -> ReportingUnits:
    """The towns and departments expected to report each month (``$SAFETY_REPORTING_UNITS`` or
    ``data/config/reporting_units.toml``: ``towns = [...]``, ``departments = [...]``)."""
    p = path or units_path()
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return ReportingUnits()
    return ReportingUnits(tuple(str(x) for x in raw.get("towns", [])),
                          tuple(str(x) for x in raw.get("departments", [])), True)


def save_reporting_units(units: ReportingUnits, user: User | Session, *, path: Path | None = None,
                         db: Path | None = None) -> None:
    """Admin only; audited."""
    require(user, "admin", "修改报送单位名单")
    p = path or units_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    body = ("# Towns and departments expected to send files every month (upload page, 报送情况).\n"
            f"towns = {json.dumps(list(units.towns), ensure_ascii=False)}\n"
            f"departments = {json.dumps(list(units.departments), ensure_ascii=False)}\n")
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(body, encoding="utf-8")
    os.replace(tmp, p)
    with dbmod.writer(dbmod.resolve_path(db) if db is None else Path(db)) as con:
        con.execute("BEGIN TRANSACTION")
        load.audit(con, _user_name(user), "reporting_units",
                   {"towns": list(units.towns), "departments": list(units.departments)})
        con.execute("COMMIT")


def guess_reporting_unit(a: Analysis, units: ReportingUnits | None) -> str:
    """One town in the file → that town; else a configured department named in the file name."""
    if len(a.towns) == 1:
        return a.towns[0]
    for dep in (units.departments if units else ()):
        if dep and dep in a.file_name:
            return dep
    return ""


def _as_list(value) -> list:
    """A ``VARCHAR[]`` cell as a list: arrays, lists, and NULL (None / pd.NA / NaN) as []. Neither
    ``value or []`` (an array has no truth value) nor ``list(value)`` (NA is not iterable) will do."""
    if value is None or value is pd.NA:
        return []
    try:
        return list(value)
    except TypeError:
        return []


def reporting_status(month: dt.date, *, con=None, db: Path | None = None,
                     units: ReportingUnits | None = None) -> pd.DataFrame:
    """One row per expected unit: unit, unit_type (town|department), files, received (bool).
    Without a configured list, the towns the warehouse knows are expected."""
    cur, owned = _reader(con, db)
    try:
        units = units if units is not None else load_reporting_units()
        towns = list(units.towns) if units.configured else known_values(cur).get("town", [])
        expected = [(u, "town") for u in towns] + [(u, "department") for u in units.departments]
        got = queries.run(cur, "upload_reporting", report_month=month.replace(day=1))
    finally:
        if owned:
            cur.close()
    rows = []
    for unit, typ in expected:
        hit = got[(got["reporting_unit"] == unit) | got["towns"].apply(lambda ts, u=unit: u in _as_list(ts))]
        rows.append({"unit": unit, "unit_type": typ, "received": not hit.empty,
                     "files": "、".join(sorted(set(hit["file_name"]))), "last_at": hit["loaded_at"].max() if len(hit) else None})
    # units that sent files but are not on the list (a new town, a misspelling)
    listed = {u for u, _ in expected}
    for unit in sorted({u for u in got["reporting_unit"].dropna() if u} - listed):
        hit = got[got["reporting_unit"] == unit]
        rows.append({"unit": unit, "unit_type": "unlisted", "received": True,
                     "files": "、".join(sorted(set(hit["file_name"]))), "last_at": hit["loaded_at"].max()})
    return pd.DataFrame(rows, columns=["unit", "unit_type", "received", "files", "last_at"])


def known_values(cur) -> dict[str, list[str]]:
    df = queries.run(cur, "upload_known_values")
    return {k: sorted(g["value"].dropna().tolist()) for k, g in df.groupby("kind")}
