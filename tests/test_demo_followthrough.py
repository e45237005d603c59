"""The demo county's follow-through columns (etl/demo/followthrough.py), read back through the
real loader: 城关镇, 新港镇 and 桃源镇 ledgers carry 督办 / 五落实 / 验收 columns in their own
words, and the built-in follow-through problems show up on the 督办与销号 queries."""

from __future__ import annotations

import datetime as dt

import pytest

from etl import demo
from etl.read import queries
from etl.store import db
from etl.store.writes import ingest_many

END = dt.date(2025, 5, 1)
TOWNS = ("城关镇", "新港镇", "桃源镇")


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    d = tmp_path_factory.mktemp("demo_ft")
    paths = [p for p in demo.generate(d / "samples", END) if p.parent.name == "ledgers" and p.name.startswith(TOWNS)]
    assert len(paths) == 3 * 24
    reports = ingest_many(paths, db=d / "warehouse.duckdb", user="demo")
    assert {r.status for r in reports} == {"loaded"}
    c = db.open_reader(d / "warehouse.duckdb")
    yield c
    c.close()


def test_the_v2_columns_are_read_per_town(con):
    got = {
        town: (sl, sup, m, f, r, p, vd, vr)
        for town, sl, sup, m, f, r, p, vd, vr in con.execute(
            "SELECT town, count(supervision_level), count(supervisor), count(measures), count(funds_yuan),"
            " count(responsible_person), count(contingency_plan), count(verified_date), count(verification_result)"
            " FROM hazards GROUP BY town"
        ).fetchall()
    }
    cg, xg, ty = got["城关镇"], got["新港镇"], got["桃源镇"]
    assert all(n > 0 for n in cg)  # every column of the full set
    assert xg[0] > 0 and xg[4] > 0 and xg[6] > 0 and xg[7] > 0 and xg[2] == xg[3] == 0  # 督办级别, 责任人, 复查
    assert min(ty[:6]) > 0 and ty[6] == ty[7] == 0  # 五落实, and no acceptance column
    levels = {r[0] for r in con.execute("SELECT DISTINCT supervision_level FROM hazards").fetchall()}
    assert {"county", "city", "town"} <= levels
    # 万元 columns are stored in yuan
    assert con.execute("SELECT min(funds_yuan) >= 500 FROM hazards WHERE funds_yuan IS NOT NULL").fetchone()[0]


def test_the_built_in_follow_through_problems_are_found(con):
    f = queries.hazard_filters(as_of=dt.date(2025, 5, 31))
    counts = dict(queries.run(con, "paper_closure_counts", unverified_days=30, **f).itertuples(index=False))
    assert counts["same_day_major"] == 1
    assert counts["reopened"] == 1
    assert counts["verify_failed"] >= 1
    assert counts["unverified_major"] >= 1
    k = queries.run(con, "supervision_kpis", unverified_days=30, **f).iloc[0]
    assert k["missing_funds"] > 0 and k["missing_plan"] > 0  # 五落实 gaps on the board
    assert 0 < k["verify_rate"] < 1
    assert k["towns_no_checks"] == 1  # 桃源镇 keeps no acceptance columns
