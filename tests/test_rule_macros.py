"""The query rules written once as warehouse macros (migration 010): what each one decides, that an
analyst's read-only connection can call them with bound values, and that a warehouse made before
the migration gains them."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from etl.store import db
from tests import warehouse_factory as wf

D = dt.date


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    path = wf.build_empty(tmp_path_factory.mktemp("macros") / "w.duckdb")
    con = db.open_reader(path)  # read-only, as the app and an analyst's duckdb -readonly
    yield con
    con.close()


def one(con, sql: str, params: dict | None = None):
    return con.execute(f"SELECT {sql}", params or {}).fetchone()[0]


def test_rectified_day_is_the_date_else_the_last_day_of_the_report_month(reader):
    assert one(reader, "rectified_day(DATE '2025-02-10', DATE '2025-03-01')") == D(2025, 2, 10)
    assert one(reader, "rectified_day(NULL, DATE '2025-02-01')") == D(2025, 2, 28)
    assert one(reader, "rectified_day(NULL, DATE '2024-02-01')") == D(2024, 2, 29)  # leap year


@pytest.mark.parametrize(
    ("status", "rectified", "as_of", "expected"),
    [
        ("rectified", None, D(2025, 2, 27), False),  # no date: counts from 28 Feb, the report month's end
        ("rectified", None, D(2025, 2, 28), True),
        ("rectified", D(2025, 2, 10), D(2025, 2, 9), False),
        ("rectified", D(2025, 2, 10), D(2025, 2, 10), True),
        ("open", D(2025, 2, 10), D(2025, 12, 31), False),  # a date without the status is not enough
    ],
)
def test_rectified_as_of(reader, status, rectified, as_of, expected):
    got = one(
        reader,
        "rectified_as_of($status, CAST($rect AS DATE), DATE '2025-02-01', $as_of)",
        {"status": status, "rect": rectified, "as_of": as_of},
    )
    assert got is expected


def test_overdue_is_open_and_past_the_deadline(reader):
    assert one(reader, "overdue_as_of(FALSE, DATE '2025-03-01', DATE '2025-03-02')") is True
    assert one(reader, "overdue_as_of(FALSE, DATE '2025-03-01', DATE '2025-03-01')") is False  # due today
    assert one(reader, "overdue_as_of(TRUE, DATE '2025-03-01', DATE '2025-06-01')") is False
    assert one(reader, "coalesce(overdue_as_of(FALSE, NULL, DATE '2025-06-01'), FALSE)") is False  # no deadline


def test_accepted_and_failed_checks(reader):
    # verified date with no result counts as accepted, on its own day
    q = "accepted_as_of($res, CAST($ver AS DATE), DATE '2025-02-10', DATE '2025-02-01', $as_of)"
    assert one(reader, q, {"res": None, "ver": D(2025, 2, 20), "as_of": D(2025, 2, 20)}) is True
    assert one(reader, q, {"res": None, "ver": D(2025, 2, 20), "as_of": D(2025, 2, 19)}) is False
    # 'passed' without a date: the check's day is the rectified day
    assert one(reader, q, {"res": "passed", "ver": None, "as_of": D(2025, 2, 10)}) is True
    assert one(reader, q, {"res": "failed", "ver": D(2025, 2, 20), "as_of": D(2025, 6, 1)}) is False
    assert one(reader, f"coalesce({q}, FALSE)", {"res": None, "ver": None, "as_of": D(2025, 6, 1)}) is False
    f = "failed_as_of($res, DATE '2025-02-20', NULL, DATE '2025-02-01', $as_of)"
    assert one(reader, f, {"res": "failed", "as_of": D(2025, 2, 20)}) is True
    assert one(reader, f, {"res": "failed", "as_of": D(2025, 2, 19)}) is False


def test_repeat_within_twelve_months_of_the_rectification(reader):
    q = "repeats_rectified($st, DATE '2025-01-10', DATE '2024-12-01', $found)"
    assert one(reader, q, {"st": "rectified", "found": D(2026, 1, 10)}) is True  # 12 months to the day
    assert one(reader, q, {"st": "rectified", "found": D(2026, 1, 11)}) is False
    assert one(reader, q, {"st": "rectified", "found": D(2025, 1, 9)}) is False  # before the fix
    assert one(reader, q, {"st": "open", "found": D(2025, 3, 1)}) is False
    # rectified date unknown: counted from the previous found date
    assert one(reader, "repeats_rectified('rectified', NULL, DATE '2024-12-01', DATE '2025-12-01')") is True


def test_selection_and_months_filters_take_bound_values(reader):
    q = "in_selection($towns, $town)"
    assert one(reader, q, {"towns": None, "town": "白马镇"}) is True  # nothing chosen: no filter
    assert one(reader, q, {"towns": ["白马镇", "北坪镇"], "town": "北坪镇"}) is True
    assert one(reader, q, {"towns": ["白马镇"], "town": "北坪镇"}) is False
    m = "in_months($d, $start, $end)"
    assert one(reader, m, {"d": D(2025, 3, 31), "start": D(2025, 1, 1), "end": D(2025, 3, 1)}) is True
    assert one(reader, m, {"d": D(2025, 4, 1), "start": D(2025, 1, 1), "end": D(2025, 3, 1)}) is False
    assert one(reader, m, {"d": D(2024, 12, 31), "start": D(2025, 1, 1), "end": None}) is False
    assert one(reader, m, {"d": D(1999, 1, 1), "start": None, "end": None}) is True


def test_a_warehouse_made_before_the_macros_gains_them(tmp_path, monkeypatch):
    mig = tmp_path / "migrations"
    mig.mkdir()
    for _, p in db.migrations():
        if p.name != "010_rule_macros.sql":
            shutil.copy(p, mig / p.name)
    monkeypatch.setattr(db, "MIGRATIONS_DIR", mig)
    path = wf.build_empty(tmp_path / "old.duckdb")
    with db.writer(path) as con:
        assert not con.execute(
            "SELECT count(*) FROM duckdb_functions() WHERE function_name = 'rectified_as_of'"
        ).fetchone()[0]
    monkeypatch.undo()
    with db.writer(path):
        pass
    con = db.open_reader(path)
    try:
        assert one(con, "rectified_as_of('rectified', NULL, DATE '2025-02-01', DATE '2025-02-28')") is True
    finally:
        con.close()
