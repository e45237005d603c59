"""会议交办事项: the write path (roles, refusals, versions, audit) and the computed status,
on warehouses built from real ledgers (code-built .xlsx through the loader, v2 columns read).

The story: at the June meeting (2025-07-05) the county assigns
  A1  hazard CG-1 (major, open) to 城关镇, due 2025-07-31 — done only when rectified AND verified;
  A2  hazard CG-2 (general, open) to 城关镇, due 2025-07-20 — done when rectified;
  A3  figure: 城关镇 overdue majors <= 0, due 2025-08-31;
  A4  free item to 县应急管理局, due 2025-07-15 — closed by an analyst with a note.
The July ledger rectifies CG-2 (and reports CG-1 rectified, not yet verified); August verifies CG-1.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from etl.admin.users import Session, User
from etl.store import assignments as asg
from etl.store import db
from etl.store.writes import ingest
from etl.store.writes import rollback_upload as rollback
from tests.fixtures.ledgers import Sheet, d, xlsx

D = dt.date
ANALYST = User("zhang", "analyst")
ADMIN = User("li", "admin")
VIEWER = User("wang", "viewer")
HEADER = ["隐患编号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改期限", "整改状态",
          "整改完成日期", "责任部门", "验收日期", "验收结论"]  # fmt: skip


def ledger(month: int, rows: list[list]) -> tuple[bytes, str]:
    title = f"城关镇2025年{month}月安全生产隐患排查整改台账"
    return xlsx([Sheet(f"{month}月", [[title], HEADER, *rows])]), f"城关镇2025年{month}月隐患整改台账.xlsx"


JUNE = [
    ["CG-1", "危险化学品", "城关镇化工厂", "储罐区报警器失效", "重大", d(2025, 6, 3), d(2025, 6, 30), "整改中", None, "县应急管理局", None, None],
    ["CG-2", "消防", "城关镇超市", "安全出口锁闭", "一般", d(2025, 6, 10), d(2025, 7, 10), "整改中", None, "县消防救援大队", None, None],
]  # fmt: skip
JULY = [
    ["CG-1", "危险化学品", "城关镇化工厂", "储罐区报警器失效", "重大", d(2025, 6, 3), d(2025, 6, 30), "已整改", d(2025, 7, 20), "县应急管理局", None, None],
    ["CG-2", "消防", "城关镇超市", "安全出口锁闭", "一般", d(2025, 6, 10), d(2025, 7, 10), "已整改", d(2025, 7, 8), "县消防救援大队", None, None],
]  # fmt: skip
AUGUST = [
    ["CG-1", "危险化学品", "城关镇化工厂", "储罐区报警器失效", "重大", d(2025, 6, 3), d(2025, 6, 30), "已整改", d(2025, 7, 20), "县应急管理局", d(2025, 8, 5), "合格"],
]  # fmt: skip


def load(path, month, rows):
    data, name = ledger(month, rows)
    rep = ingest(data, name, db=path)
    assert rep.status == "loaded", rep
    return rep.upload_id


def keys(path) -> dict[str, str]:
    c = db.open_reader(path)
    try:
        return dict(c.execute("SELECT source_hazard_id, hazard_key FROM hazards").fetchall())
    finally:
        c.close()


def status(path, as_of, **kw) -> dict[int, str]:
    c = db.open_reader(path)
    try:
        df = asg.status(c, as_of=as_of, **kw)
    finally:
        c.close()
    return dict(zip(df["assignment_id"], df["status"], strict=True))


@pytest.fixture
def meeting(tmp_path):
    """The June ledger loaded and the four items of the 2025-07-05 meeting recorded."""
    path = tmp_path / "warehouse.duckdb"
    june = load(path, 6, JUNE)
    k = keys(path)
    m = dict(meeting_date=D(2025, 7, 5), assignee_kind="town", assignee="城关镇")
    ids = [
        asg.add(path, ANALYST, **m, title="化工厂报警器限期整改并验收", due_date=D(2025, 7, 31), kind="hazard",
                hazard_key=k["CG-1"]),
        asg.add(path, ANALYST, **m, title="超市安全出口", due_date=D(2025, 7, 20), kind="hazard", hazard_key=k["CG-2"]),
        asg.add(path, ADMIN, **m, title="逾期重大隐患清零", due_date=D(2025, 8, 31), kind="figure",
                figure="overdue_major", target=0),
        asg.add(path, ANALYST, meeting_date=D(2025, 7, 5), assignee_kind="department", assignee="县应急管理局",
                title="开展危化品专项检查", due_date=D(2025, 7, 15)),
    ]  # fmt: skip
    return path, ids, june


def test_status_transitions_as_ledgers_arrive(meeting):
    path, (a1, a2, a3, a4), _ = meeting
    # right after the meeting: nothing done; CG-1 is an overdue major, so the figure is 1
    assert status(path, D(2025, 7, 6)) == {a1: "in_progress", a2: "in_progress", a3: "in_progress", a4: "in_progress"}
    assert status(path, D(2025, 7, 16))[a4] == "overdue"  # free item past due, not closed
    load(path, 7, JULY)
    s = status(path, D(2025, 7, 25))
    assert s[a2] == "done"  # general: rectified is enough
    assert s[a1] == "in_progress"  # major: rectified but not verified, not yet due
    assert s[a3] == "done"  # no overdue major left (CG-1 reported rectified)
    assert status(path, D(2025, 8, 1))[a1] == "overdue"  # past due and still not verified
    load(path, 8, AUGUST)
    assert status(path, D(2025, 8, 10))[a1] == "done"  # verified 2025-08-05 (合格)
    # the as-of date decides: before the July rectification, CG-2 was not done
    assert status(path, D(2025, 7, 6))[a2] == "in_progress"


def test_free_item_closed_by_an_analyst_with_a_note(meeting):
    path, (a1, _a2, _a3, a4), _ = meeting
    with pytest.raises(asg.AssignmentRefused, match="办结说明"):
        asg.close(path, ANALYST, a4, note="  ")
    v = asg.close(path, ANALYST, a4, note="已完成专项检查 12 家")
    assert v == 2
    assert status(path, D(2025, 7, 16))[a4] == "done"
    with pytest.raises(asg.AssignmentRefused, match="自动判定"):
        asg.close(path, ANALYST, a1, note="x")
    with pytest.raises(asg.AssignmentRefused, match="已经办结"):
        asg.close(path, ANALYST, a4, note="again")


def test_withdrawn_source_stays_listed(meeting):
    path, (a1, a2, _a3, _a4), june = meeting
    rollback(path, june)
    c = db.open_reader(path)
    try:
        df = asg.status(c, as_of=D(2025, 7, 10)).set_index("assignment_id")
    finally:
        c.close()
    assert df.loc[a1, "status"] == "withdrawn" and df.loc[a2, "status"] == "withdrawn"
    assert df.loc[a1, "title"] == "化工厂报警器限期整改并验收"  # still listed, with what was assigned
    assert len(df) == 4


def test_concurrent_edits_keep_both_versions_and_show_the_latest(meeting):
    path, (_a1, _a2, _a3, a4), _ = meeting
    # two analysts open version 1 and both save
    v2 = asg.edit(path, ANALYST, a4, based_on=1, due_date=D(2025, 7, 25))
    v3 = asg.edit(path, ADMIN, a4, based_on=1, title="开展危化品和燃气专项检查")
    assert (v2, v3) == (2, 3)
    c = db.open_reader(path)
    try:
        versions = c.execute("SELECT version, title, due_date, changed_by, based_on FROM assignment_versions "
                             "WHERE assignment_id = ? ORDER BY version", [a4]).fetchall()  # fmt: skip
        row = asg.status(c, as_of=D(2025, 7, 20)).set_index("assignment_id").loc[a4]
        audit = c.execute("SELECT user_name, action, detail FROM audit_log WHERE action LIKE 'assignment_%' "
                          "ORDER BY at_time").fetchall()  # fmt: skip
    finally:
        c.close()
    assert [v[0] for v in versions] == [1, 2, 3]
    assert versions[1][2] == D(2025, 7, 25) and versions[1][3] == "zhang"
    # the later save did not see version 2 and says so; it changed only the title, so version 2's
    # due date is not lost (an edit changes the fields it names, on top of the latest version)
    assert row["version"] == 3 and row["title"] == "开展危化品和燃气专项检查" and row["concurrent"]
    assert row["due_date"].date() == D(2025, 7, 25) and row["versions"] == 3
    assert [a[1] for a in audit] == ["assignment_add"] * 4 + ["assignment_edit"] * 2
    assert json.loads(audit[-1][2])["version"] == 3 and audit[-1][0] == "li"


def test_viewers_and_anonymous_cannot_write(meeting):
    path, (_a1, _a2, _a3, a4), _ = meeting
    before = status(path, D(2025, 7, 6))
    viewer_session = Session("wang", "viewer", "", 0, 1e12)
    for who in (VIEWER, viewer_session, None):
        with pytest.raises(PermissionError):
            asg.add(path, who, meeting_date=D(2025, 7, 5), assignee_kind="town", assignee="城关镇", title="x",
                    due_date=D(2025, 7, 30))  # fmt: skip
        with pytest.raises(PermissionError):
            asg.close(path, who, a4, note="x")
        with pytest.raises(PermissionError):
            asg.edit(path, who, a4, title="y")
    assert status(path, D(2025, 7, 6)) == before


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (dict(due_date=D(2025, 7, 1)), "早于会议日期"),
        (dict(due_date="下周"), "无法识别"),
        (dict(title=""), "交办内容"),
        (dict(assignee="  "), "责任乡镇或部门"),
        (dict(kind="figure", figure="happiness", target=0), "考核指标"),
        (dict(kind="figure", figure="overdue", target=-1), "负数"),
        (dict(kind="hazard", hazard_key="no-such-hazard"), "找不到这条隐患"),
        (dict(assignee_kind="village"), "乡镇（街道）或部门"),
    ],
)
def test_bad_input_is_refused_with_a_sentence_and_nothing_written(meeting, fields, words):
    path, _ids, _ = meeting
    base = dict(
        meeting_date=D(2025, 7, 5), assignee_kind="town", assignee="城关镇", title="事项", due_date=D(2025, 7, 30)
    )
    with pytest.raises(asg.AssignmentRefused, match=words) as exc:
        asg.add(path, ANALYST, **{**base, **fields})
    assert " / " in str(exc.value)  # Chinese, then English
    assert len(status(path, D(2025, 7, 6))) == 4


def test_control_characters_in_text_become_spaces(meeting):
    path, _ids, _ = meeting
    new = asg.add(path, ANALYST, meeting_date=D(2025, 7, 5), assignee_kind="town", assignee="城关镇",
                  title="第一行\n第二行\x1b[31m", due_date=D(2025, 7, 30))  # fmt: skip
    c = db.open_reader(path)
    try:
        title = c.execute("SELECT title FROM assignments WHERE assignment_id = ?", [new]).fetchone()[0]
    finally:
        c.close()
    assert title == "第一行 第二行 [31m"


def test_last_meeting_only(meeting):
    path, ids, _ = meeting
    later = asg.add(path, ANALYST, meeting_date=D(2025, 8, 5), assignee_kind="town", assignee="城关镇",
                    title="八月事项", due_date=D(2025, 8, 30))  # fmt: skip
    assert later not in status(path, D(2025, 8, 10), meeting_before=D(2025, 8, 5))
    assert set(status(path, D(2025, 8, 10), meeting_before=D(2025, 8, 5))) == set(ids)
    assert later not in status(path, D(2025, 7, 31))  # not yet held on the as-of date


def test_cli_add_list_close(meeting, capsys):
    from etl.__main__ import main

    path, (a1, _a2, _a3, a4), _ = meeting
    base = ["assignments", "--db", str(path), "add", "--meeting", "2025-07-05", "--town", "城关镇"]
    assert main([*base, "--due", "2025-07-01", "--title", "x"]) == 1
    assert "早于会议日期" in capsys.readouterr().err
    as_zhao = ["assignments", "--db", str(path), "--user", "zhao", "add", "--meeting", "2025-07-05", "--town", "城关镇"]
    assert main([*as_zhao, "--due", "2025-07-30", "--title", '=HYPERLINK("x")']) == 0
    assert "已记录交办事项 #5" in capsys.readouterr().out
    assert main(["assignments", "--db", str(path), "--user", "root", "close", str(a4), "--note", "已完成"]) == 0
    capsys.readouterr()
    assert main(["assignments", "--db", str(path), "list", "--as-of", "2025-07-06", "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("assignment_id,meeting_date")
    assert lines[a4].endswith(",2025-07-15,done,2,root")
    assert "'=HYPERLINK" in lines[5] and ",zhao" in lines[5]  # formula made inert, author recorded
    assert main(["assignments", "--db", str(path), "list", "--as-of", "2025-07-06"]) == 0
    out = capsys.readouterr().out
    assert f"#{a1}  2025-07-05 会议  城关镇  期限 2025-07-31  [推进中]" in out
