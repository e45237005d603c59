"""会议交办事项 of the figure 漏报月数 (missed_reports): a meeting tells a town to send its hazard
ledger every month, or a department its inspection log, and the item follows from what came in.

The story (fixtures built in code, loaded through the real loader): the 2025-07-05 meeting gives
  T  城关镇: months not reported <= 0, due 2025-09-30 (months counted: July, August, September);
  D  县应急管理局: months not reported <= 1, due 2025-08-31 (July, August).
城关镇's July ledger comes in, then August's and September's; 县应急管理局's July log names it,
August's does not come.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from etl.admin.users import User
from etl.read.assignments import figure_evidence
from etl.store import assignments as asg
from etl.store import db
from etl.store.writes import ingest
from etl.store.writes import rollback_upload as rollback
from tests.fixtures.intensity_visits import LOG_HEADER
from tests.fixtures.ledgers import Sheet, d, xlsx

D = dt.date
ANALYST = User("zhang", "analyst")
ADMIN = User("li", "admin")
HEADER = ["隐患编号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改期限", "整改状态", "责任部门"]


def load_ledger(path, month: int) -> int:
    rows = [[f"CG-{month}", "消防", "城关镇超市", "安全出口锁闭", "一般", d(2025, month, 3), d(2025, month, 28),
             "整改中", "县消防救援大队"]]  # fmt: skip
    data = xlsx([Sheet(f"{month}月", [[f"城关镇2025年{month}月安全生产隐患排查整改台账"], HEADER, *rows])])
    rep = ingest(data, f"城关镇2025年{month}月隐患整改台账.xlsx", db=path)
    assert rep.status == "loaded", rep
    return rep.upload_id


def load_log(path, month: int, department: str) -> int:
    rows = [[f"城关镇2025年{month}月安全检查记录"], LOG_HEADER,
            [d(2025, month, 8), "城关镇化工厂", "危化品", department, "日常检查", "乙", 1, 0, 0]]  # fmt: skip
    rep = ingest(xlsx([Sheet("检查记录", rows)]), f"城关镇2025年{month}月检查记录.xlsx", db=path)
    assert rep.status == "loaded", rep
    return rep.upload_id


def rows(path, as_of: dt.date) -> dict:
    c = db.open_reader(path)
    try:
        df = asg.status(c, as_of=as_of)
    finally:
        c.close()
    return {r.assignment_id: r for r in df.itertuples(index=False)}


def months(r) -> list[dt.date]:
    return [pd.Timestamp(m).date() for m in r.missed_months]


@pytest.fixture
def meeting(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    load_ledger(path, 6)
    common = dict(meeting_date=D(2025, 7, 5), kind="figure", figure="missed_reports")
    town = asg.add(path, ANALYST, **common, assignee_kind="town", assignee="城关镇", title="按月报送隐患排查整改台账",
                   due_date=D(2025, 9, 30), target=0)  # fmt: skip
    dept = asg.add(path, ANALYST, **common, assignee_kind="department", assignee="县应急管理局",
                   title="按月报送检查记录", due_date=D(2025, 8, 31), target=1)  # fmt: skip
    return path, town, dept


def test_a_town_item_counts_the_months_its_ledger_did_not_come(meeting):
    path, town, _ = meeting
    # before July has ended no month is due: nothing missed, and not done either (the figure can only grow)
    r = rows(path, D(2025, 7, 20))[town]
    assert (r.months_due, r.figure_value, r.status) == (0, 0, "in_progress")
    assert "尚无应报月份" in figure_evidence(r, "zh") and "no month due yet" in figure_evidence(r, "en")
    # July is due on 31 July; June's ledger does not count (before the meeting's month)
    r = rows(path, D(2025, 8, 10))[town]
    assert (r.months_due, r.figure_value, r.status) == (1, 1, "in_progress")
    assert months(r) == [D(2025, 7, 1)]
    assert figure_evidence(r, "zh") == "应报 1 个月，漏报 1 个月：2025年7月（目标 ≤ 0）"
    july = load_ledger(path, 7)
    r = rows(path, D(2025, 8, 10))[town]
    assert (r.months_due, r.figure_value, r.status) == (1, 0, "in_progress")  # reported so far, not yet due
    # past the due date with August and September missing: overdue, and the evidence names them
    r = rows(path, D(2025, 10, 8))[town]
    assert (r.months_due, r.figure_value, r.status) == (3, 2, "overdue")
    assert months(r) == [D(2025, 8, 1), D(2025, 9, 1)]
    assert figure_evidence(r, "en") == "2 of 3 months not reported: Aug 2025, Sep 2025 (target ≤ 0)"
    assert figure_evidence(r, "zh") == "应报 3 个月，漏报 2 个月：2025年8月、9月（目标 ≤ 0）"
    # months after the due date are not counted, however late the as-of date
    assert rows(path, D(2026, 3, 1))[town].months_due == 3
    load_ledger(path, 8)
    load_ledger(path, 9)
    r = rows(path, D(2025, 10, 8))[town]
    assert (r.figure_value, r.status) == (0, "done")
    assert figure_evidence(r, "zh") == "应报 3 个月，均已报送（目标 ≤ 0）"
    # withdrawing the July ledger makes July missed again
    rollback(path, july, ADMIN)
    r = rows(path, D(2025, 10, 8))[town]
    assert (r.figure_value, r.status, months(r)) == (1, "overdue", [D(2025, 7, 1)])


def test_a_department_item_counts_the_months_no_inspection_log_named_it(meeting):
    path, _, dept = meeting
    load_log(path, 7, "县应急管理局")
    load_log(path, 8, "县教育局")  # August's log names another department only
    r = rows(path, D(2025, 9, 2))[dept]
    assert (r.months_due, r.figure_value, months(r)) == (2, 1, [D(2025, 8, 1)])
    assert r.status == "done"  # one month missed, target at most one, due date passed


def test_other_figures_keep_their_rule(meeting):
    """An overdue-majors item is done as soon as the figure reaches its target, before the due date."""
    path, town, _ = meeting
    other = asg.add(path, ANALYST, meeting_date=D(2025, 7, 5), kind="figure", figure="overdue_major",
                    assignee_kind="town", assignee="城关镇", title="逾期重大隐患清零", due_date=D(2025, 9, 30),
                    target=0)  # fmt: skip
    got = rows(path, D(2025, 7, 20))
    assert got[other].status == "done" and got[town].status == "in_progress"
    assert pd.isna(got[other].months_due)  # NULL: not a reporting item
    assert figure_evidence(got[other], "zh") == "逾期重大隐患 0 项（目标 ≤ 0）"


@pytest.mark.parametrize(("due", "refused"), [(D(2025, 7, 30), True), (D(2025, 7, 31), False)])
def test_a_due_date_before_the_meetings_month_ends_is_refused(tmp_path, due, refused):
    path = tmp_path / "warehouse.duckdb"
    load_ledger(path, 6)
    fields = dict(meeting_date=D(2025, 7, 5), kind="figure", figure="missed_reports", assignee_kind="town",
                  assignee="城关镇", title="按月报送", due_date=due, target=0)  # fmt: skip
    if not refused:
        assert asg.add(path, ANALYST, **fields) > 0
        return
    with pytest.raises(asg.AssignmentRefused) as exc:
        asg.add(path, ANALYST, **fields)
    assert "2025-07-31" in exc.value.zh and "no month" in exc.value.en
    assert rows(path, D(2025, 8, 1)) == {}  # nothing written


def test_the_evidence_names_a_new_year_once_per_year():
    row = dict(figure="missed_reports", figure_value=3, target=1.0, months_due=6,
               missed_months=[D(2025, 11, 1), D(2025, 12, 1), D(2026, 2, 1)])  # fmt: skip
    assert figure_evidence(row, "zh") == "应报 6 个月，漏报 3 个月：2025年11月、12月、2026年2月（目标 ≤ 1）"
    assert figure_evidence(row, "en") == "3 of 6 months not reported: Nov 2025, Dec 2025, Feb 2026 (target ≤ 1)"


def test_the_command_line_records_the_figure_and_lists_its_evidence(meeting, capsys):
    from etl.__main__ import main

    path, town, _ = meeting
    base = ["assignments", "--db", str(path), "add", "--meeting", "2025-07-05", "--town", "河西镇",
            "--figure", "missed_reports", "--target", "0", "--title", "按月报送"]  # fmt: skip
    assert main([*base, "--due", "2025-07-15"]) == 1  # nothing can fall due by then
    assert "须不早于会议当月月底（2025-07-31）" in capsys.readouterr().err
    assert main([*base, "--due", "2025-08-31"]) == 0
    capsys.readouterr()
    assert main(["assignments", "--db", str(path), "list", "--as-of", "2025-09-01"]) == 0
    out = capsys.readouterr().out
    assert "河西镇  期限 2025-08-31  [逾期未完成]  按月报送（应报 2 个月，漏报 2 个月：2025年7月、8月（目标 ≤ 0））" in out
    assert f"#{town}  2025-07-05 会议  城关镇  期限 2025-09-30  [推进中]" in out
