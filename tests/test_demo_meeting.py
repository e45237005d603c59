"""The demo county's 安委会 meeting (etl/demo/meeting.py): the 会商清单 is exported from the loaded
files, the meeting settles part of it, and the filled sheet is loaded back through the real
会商意见 loader. Built on the generated demo files of three towns and the registry."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from etl import demo
from etl.demo import meeting
from etl.read import config, queries
from etl.store import db
from etl.store.writes import ingest_many

END = dt.date(2025, 5, 1)
TOWNS = ("云岭乡", "白马镇", "北坪镇")


@pytest.fixture(scope="module")
def wh(tmp_path_factory):
    d = tmp_path_factory.mktemp("demo_meeting")
    paths = [p for p in demo.generate(d / "samples", END)
             if p.parent.name == "registry" or (p.parent.name == "ledgers" and p.name.startswith(TOWNS))]  # fmt: skip
    reports = ingest_many(paths, db=d / "warehouse.duckdb", user="demo")
    assert {r.status for r in reports} == {"loaded"}
    return d / "warehouse.duckdb"


def _owners(path) -> dict[str, tuple[str | None, str | None, str]]:
    c = db.open_reader(path)
    try:
        return {k: (d, a, s) for k, d, a, s in c.execute(
            "SELECT hazard_key, department, agreed_department, sector FROM hazards").fetchall()}  # fmt: skip
    finally:
        c.close()


def test_the_meeting_settles_its_items_and_the_rest_stays_on_the_list(wh):
    before = _owners(wh)
    assert not any(a for _, a, _ in before.values())
    c = db.open_reader(wh)
    try:
        data, settled = meeting.minutes(c, dt.date(2025, 5, 31))
    finally:
        c.close()
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    head = next(r for r in range(1, 10) if ws.cell(r, 1).value == "序号")
    col = {ws.cell(head, j).value: j for j in range(1, ws.max_column + 1)}
    rows = [{name: ws.cell(r, j).value for name, j in col.items()} for r in range(head + 1, ws.max_row + 1)]
    filled = [r for r in rows if r[meeting.OPINION]]
    # the units with most open hazards first, each given its sector's lead; the rest left open
    assert settled == len(filled) > 0 and len(rows) > len(filled)
    assert all(r[meeting.OPINION] == r["三管三必须牵头部门"] for r in filled)
    hazard_items = [r for r in rows if r["事项类型"] == "隐患无责任部门的单位" and r["三管三必须牵头部门"]]
    assert [r[meeting.OPINION] for r in hazard_items[:meeting.UNITS_SETTLED]] == \
        [r["三管三必须牵头部门"] for r in hazard_items[:meeting.UNITS_SETTLED]]
    assert not any(r[meeting.OPINION] for r in hazard_items[meeting.UNITS_SETTLED:])

    line = meeting.hold(wh)
    assert f"明确 {settled} 项" in line
    c = db.open_reader(wh)
    try:
        up = c.execute("SELECT rows_loaded, rows_rejected, status FROM uploads WHERE kind = 'agreement'").fetchall()
        agenda_after = queries.run(c, "blind_no_owner_units", **queries.hazard_filters(as_of=dt.date(2025, 5, 31)),
                                   limit=500)  # fmt: skip
    finally:
        c.close()
    assert up == [(settled, 0, "live")]  # every filled row loaded, none rejected
    # each hazard of a settled unit whose ledger named no department now has the sector's lead as owner
    resp, _ = config.load_responsibilities()
    after = _owners(wh)
    agreed = {k: a for k, (d, a, _) in after.items() if a}
    assert agreed and all(not before[k][0] for k in agreed)  # only hazards whose ledgers named none
    assert all(a == resp.lead[after[k][2]] for k, a in agreed.items())
    assert {k: d for k, (d, _, _) in after.items()} == {k: d for k, (d, _, _) in before.items()}  # ledgers untouched
    settled_units = {(r["乡镇（街道）"], r["单位名称"]) for r in filled if r["事项类型"] == "隐患无责任部门的单位"}
    marked = agenda_after[(agenda_after["kind"] == "hazard") & (agenda_after["agreed_department"] != "")]
    assert set(zip(marked["town"], marked["entity_name"], strict=True)) == settled_units
