"""会议交办事项: record what a safety meeting assigned, to whom, by when — the write path.

Every change is a new row of ``assignment_versions`` (migration 007) with who and when, and an
``audit_log`` entry; the view ``assignments`` shows each assignment's latest version. The status
(done / in progress / overdue / 来源已撤回) is computed from the data by the named query
``assignment_status`` (see its header), never stored.

Every write calls ``users.require(who, "analyst")`` first and raises ``PermissionError`` for a
viewer or an anonymous user, as the upload path does; invalid input raises ``AssignmentRefused``
with one sentence in Chinese and English, and nothing is written. Writes go through
``etl.store.db.writer`` (the writer lock, then a published snapshot), so two analysts saving at the
same moment are serialised and both versions are kept: the later one is shown.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from etl.admin.users import Session, User, require
from etl.months import month_end
from etl.read import queries
from etl.read.assignments import FIGURE_LABELS, FIGURES, figure_evidence  # noqa: F401 - re-exported
from etl.store import db as dbmod
from etl.store.load import audit, mark_derived

KINDS = ("hazard", "figure", "free")
ASSIGNEE_KINDS = ("town", "department")
STATUSES = ("done", "in_progress", "overdue", "withdrawn")
MAX_TITLE, MAX_NOTE, MAX_NAME = 500, 1000, 100
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


class AssignmentRefused(ValueError):
    """Input that cannot be recorded; ``str(exc)`` is one sentence in Chinese, then English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def _text(value: object, limit: int, what_zh: str, what_en: str, *, required: bool = True) -> str | None:
    """Typed text as one line: control characters (line breaks, tabs …) become a space."""
    text = CONTROL.sub(" ", str(value or "")).strip()
    if not text:
        if required:
            raise AssignmentRefused(f"请填写{what_zh}。", f"Please give the {what_en}.")
        return None
    if len(text) > limit:
        raise AssignmentRefused(f"{what_zh}太长（{len(text)} 字），最多 {limit} 字。",
                                f"The {what_en} is too long ({len(text)} characters; at most {limit}).")  # fmt: skip
    return text


def _date(value: object, what_zh: str, what_en: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise AssignmentRefused(f"{what_zh}无法识别：“{CONTROL.sub(' ', str(value))[:40]}”，请写成 2025-06-30。",
                                f"The {what_en} is not a date; write it as 2025-06-30.") from None  # fmt: skip


def validate(
    *,
    meeting_date: object,
    title: object,
    assignee_kind: str,
    assignee: object,
    due_date: object,
    kind: str = "free",
    hazard_key: object = None,
    figure: str | None = None,
    target: object = None,
    note: object = None,
) -> dict:
    """The row fields of a valid assignment, or ``AssignmentRefused`` naming what is wrong."""
    if kind not in KINDS:
        raise AssignmentRefused(f"事项类型只能是 {'、'.join(KINDS)}。", f"The kind must be one of {', '.join(KINDS)}.")
    if assignee_kind not in ASSIGNEE_KINDS:
        raise AssignmentRefused("交办对象只能是乡镇（街道）或部门。", "An item is given to a town or a department.")
    meeting = _date(meeting_date, "会议日期", "meeting date")
    due = _date(due_date, "完成期限", "due date")
    if due < meeting:
        raise AssignmentRefused(
            f"完成期限（{due.isoformat()}）早于会议日期（{meeting.isoformat()}），请改为会议当天或之后。",
            f"The due date ({due.isoformat()}) is before the meeting ({meeting.isoformat()}); choose that day or later.",
        )
    row = {
        "meeting_date": meeting,
        "kind": kind,
        "title": _text(title, MAX_TITLE, "交办内容", "assignment"),
        "assignee_kind": assignee_kind,
        "assignee": _text(assignee, MAX_NAME, "责任乡镇或部门", "town or department"),
        "due_date": due,
        "hazard_key": None,
        "figure": None,
        "target": None,
        "note": _text(note, MAX_NOTE, "备注", "note", required=False),
    }
    if kind == "hazard":
        row["hazard_key"] = _text(hazard_key, 200, "所交办的隐患", "hazard")
    elif kind == "figure":
        if figure not in FIGURES:
            raise AssignmentRefused(
                f"考核指标只能是 {'、'.join(FIGURES)}。", f"The figure must be one of {', '.join(FIGURES)}."
            )
        try:
            tgt = float(target if target is not None else 0)
        except (TypeError, ValueError):
            raise AssignmentRefused("目标值须为数字，例如 0。", "The target must be a number, e.g. 0.") from None
        if tgt < 0 or tgt != tgt:
            raise AssignmentRefused("目标值不能为负数。", "The target cannot be negative.")
        last_day = month_end(meeting)
        if figure == "missed_reports" and due < last_day:
            raise AssignmentRefused(
                f"漏报月数从会议当月算起，到期限前已结束的月份为应报月份：完成期限（{due.isoformat()}）"
                f"须不早于会议当月月底（{last_day.isoformat()}），否则期限内没有应报的月份。",
                f"Months not reported are counted from the meeting's month to the last month ended by the due "
                f"date: the due date ({due.isoformat()}) must be on or after {last_day.isoformat()}, or no month "
                f"falls due.",
            )
        row["figure"], row["target"] = figure, tgt
    return row


_COLUMNS = ("assignment_id", "version", "meeting_date", "kind", "title", "assignee_kind", "assignee", "due_date",
            "hazard_key", "figure", "target", "closed", "note", "action", "based_on", "changed_by", "changed_at")  # fmt: skip
# identifiers and placeholders only, fixed at import; every value is bound
_INSERT_SQL = "INSERT INTO assignment_versions (" + ", ".join(_COLUMNS) + ") VALUES (" + ", ".join("?" * len(_COLUMNS)) + ")"


def _insert(con, row: dict, *, user: str, action: str) -> None:
    values = [row.get(c) for c in _COLUMNS]
    con.execute(_INSERT_SQL, values)
    audit(con, user, f"assignment_{action}", {"assignment_id": row["assignment_id"], "version": row["version"],
                                               "title": row["title"], "assignee": row["assignee"]})  # fmt: skip


def _bump(con) -> int:
    """A new data version (the app's caches are keyed on it); derived tables stay fresh if they were."""
    fresh = bool(con.execute("SELECT fresh FROM derived_fresh").fetchone()[0])
    version = dbmod.bump_data_version(con)
    if fresh:
        mark_derived(con, version)
    return version


def _latest(con, assignment_id: int) -> dict:
    cur = con.execute("SELECT * FROM assignments WHERE assignment_id = ?", [assignment_id])
    got = cur.fetchone()
    if got is None:
        raise AssignmentRefused(f"没有编号为 {assignment_id} 的交办事项。", f"There is no assignment #{assignment_id}.")
    return dict(zip([d[0] for d in cur.description], got, strict=True))


def add(db: Path | str | None, who: User | Session | None, **fields: object) -> int:
    """Record a new assignment (version 1); returns its id. Fields: see ``validate``."""
    user = require(who, "analyst", "记录交办事项")
    row = validate(**fields)  # type: ignore[arg-type]
    path = dbmod.resolve_path(db)
    with dbmod.writer(path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            if (
                row["kind"] == "hazard"
                and not con.execute(
                    "SELECT count(*) FROM hazards WHERE hazard_key = ?", [row["hazard_key"]]
                ).fetchone()[0]
            ):
                raise AssignmentRefused("仓库中找不到这条隐患，无法交办。", "That hazard is not in the warehouse.")
            new_id = int(con.execute("SELECT nextval('assignment_id_seq')").fetchone()[0])
            row.update(assignment_id=new_id, version=1, closed=False, action="add", based_on=None,
                       changed_by=user.username, changed_at=dt.datetime.now())  # fmt: skip
            _insert(con, row, user=user.username, action="add")
            _bump(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return new_id


def _change(db, who, assignment_id: int, action: str, based_on: int | None, update) -> int:
    user = require(who, "analyst", "修改交办事项")
    path = dbmod.resolve_path(db)
    with dbmod.writer(path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            row = _latest(con, int(assignment_id))
            row = update(row)
            version = int(con.execute("SELECT max(version) FROM assignment_versions WHERE assignment_id = ?",
                                      [int(assignment_id)]).fetchone()[0]) + 1  # fmt: skip
            row.update(version=version, action=action, based_on=based_on if based_on is not None else version - 1,
                       changed_by=user.username, changed_at=dt.datetime.now())  # fmt: skip
            _insert(con, row, user=user.username, action=action)
            _bump(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return version


def edit(db: Path | str | None, who: User | Session | None, assignment_id: int, *, based_on: int | None = None,
         **fields: object) -> int:  # fmt: skip
    """A new version with the given fields changed (the rest as in the latest version). ``based_on``
    is the version the editor saw: an edit made while another analyst saved keeps both versions."""

    def update(row: dict) -> dict:
        merged = {k: row[k] for k in ("meeting_date", "title", "assignee_kind", "assignee", "due_date", "kind",
                                      "hazard_key", "figure", "target", "note")}  # fmt: skip
        merged.update(fields)
        return {**row, **validate(**merged)}  # type: ignore[arg-type]

    return _change(db, who, assignment_id, "edit", based_on, update)


def close(db: Path | str | None, who: User | Session | None, assignment_id: int, *, note: object,
          based_on: int | None = None) -> int:  # fmt: skip
    """Close a free item with a note (hazard and figure items are decided by the data)."""
    text = _text(note, MAX_NOTE, "办结说明", "closing note")

    def update(row: dict) -> dict:
        if row["kind"] != "free":
            raise AssignmentRefused("该事项是否完成由数据自动判定，不能手工办结。",
                                    "This item's status comes from the data; it cannot be closed by hand.")  # fmt: skip
        if row["closed"]:
            raise AssignmentRefused(f"交办事项 #{row['assignment_id']} 已经办结。",
                                    f"Assignment #{row['assignment_id']} is already closed.")  # fmt: skip
        return {**row, "closed": True, "note": text}

    return _change(db, who, assignment_id, "close", based_on, update)


def status(con, *, as_of: dt.date, meeting_before: dt.date | None = None) -> pd.DataFrame:
    """Every assignment's latest version with its status as of ``as_of`` (query assignment_status)."""
    return queries.run(con, "assignment_status", as_of=as_of, meeting_before=meeting_before)
