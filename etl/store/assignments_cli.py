"""``python -m etl assignments list|add|close`` — 会议交办事项 from the command line.

The CLI writes the master warehouse directly, with the same trust as ``etl load``: whoever can
run it on the server holds the file. It records the operating-system user (or ``--user``) as
the author of each version. Refusals print one sentence and exit 1; nothing is written.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import getpass
import sys

from etl.admin.users import User
from etl.store import assignments as asg
from etl.store import db as dbmod
from etl.xlsx import neutralise

STATUS_ZH = {"done": "已完成", "in_progress": "推进中", "overdue": "逾期未完成", "withdrawn": "来源已撤回"}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 2025-06-30：{text!r}") from None


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    sp = sub.add_parser("list", help="列出交办事项及完成情况 list with status")
    sp.add_argument("--as-of", type=_date, default=None, help="状态截至日期 status as of (默认今天 today)")
    sp.add_argument("--csv", action="store_true", help="输出 CSV")
    sp = sub.add_parser("add", help="记录一条交办事项 record an assignment")
    sp.add_argument("--meeting", type=_date, required=True, help="会议日期 meeting date")
    sp.add_argument("--due", type=_date, required=True, help="完成期限 due date")
    who = sp.add_mutually_exclusive_group(required=True)
    who.add_argument("--town", help="责任乡镇（街道）")
    who.add_argument("--department", help="责任部门")
    sp.add_argument("--title", required=True, help="交办内容 what was assigned")
    what = sp.add_mutually_exclusive_group()
    what.add_argument("--hazard", help="隐患标识 hazard_key: done when rectified (and verified, for a major)")
    what.add_argument("--figure", choices=asg.FIGURES, help="指标: done when it is at or below --target")
    sp.add_argument("--target", type=float, default=0.0, help="指标目标值 (默认 0)")
    sp.add_argument("--note", default=None)
    sp = sub.add_parser("close", help="办结一条自由事项 close a free item with a note")
    sp.add_argument("assignment_id", type=int)
    sp.add_argument("--note", required=True, help="办结说明")


def _who(args) -> User:
    return User(args.user or getpass.getuser() or "cli", "analyst")


def _line(value: object) -> str:
    """Cell text for a terminal: control characters (escape sequences, line breaks) become spaces."""
    if value is None or value != value:
        return "—"
    if hasattr(value, "date") and not isinstance(value, str):
        value = value.date().isoformat()  # a DATE column arrives as a Timestamp
    return asg.CONTROL.sub(" ", str(value))


def _cell(value: object) -> str:
    """A CSV cell: as on the terminal, and text a spreadsheet would run as a formula made inert."""
    return neutralise(_line(value))


def run(args) -> int:
    db = dbmod.resolve_path(args.db)
    try:
        if args.action == "add":
            kind = "hazard" if args.hazard else "figure" if args.figure else "free"
            new = asg.add(db, _who(args), meeting_date=args.meeting, due_date=args.due, title=args.title,
                          assignee_kind="town" if args.town else "department", assignee=args.town or args.department,
                          kind=kind, hazard_key=args.hazard, figure=args.figure, target=args.target, note=args.note)  # fmt: skip
            print(f"已记录交办事项 #{new}。/ Assignment #{new} recorded.")
            return 0
        if args.action == "close":
            v = asg.close(db, _who(args), args.assignment_id, note=args.note)
            print(f"交办事项 #{args.assignment_id} 已办结（第 {v} 版）。/ Assignment #{args.assignment_id} closed.")
            return 0
    except asg.AssignmentRefused as exc:
        print(str(exc), file=sys.stderr)
        return 1
    con = dbmod.open_reader(db)
    try:
        df = asg.status(con, as_of=args.as_of or dt.date.today())
    finally:
        con.close()
    cols = ["assignment_id", "meeting_date", "assignee", "title", "due_date", "status", "version", "changed_by"]
    if args.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(cols)
        for r in df[cols].itertuples(index=False):
            w.writerow([_cell(v) for v in r])
        return 0
    if df.empty:
        print("还没有交办事项。/ No assignments yet.")
        return 0
    for r in df.itertuples(index=False):
        what = r.title
        if r.kind == "figure":
            what += f"（{asg.figure_evidence(r, 'zh')}）"
        print(f"#{r.assignment_id}  {r.meeting_date:%Y-%m-%d} 会议  {_line(r.assignee)}  期限 {r.due_date:%Y-%m-%d}  "
              f"[{STATUS_ZH[r.status]}]  {_line(what)}  (v{r.version}, {_line(r.changed_by)})")  # fmt: skip
    return 0
