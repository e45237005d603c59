"""Commit (role-checked, audited), history, rejected rows, originals, rollback, the audit trail."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from .. import db as dbmod
from .. import load, queries
from ..pipeline import LoadReport, commit_analysis
from ..users import Session, User, require
from .common import _reader, archive_dir_for
from .model import CommitResult, FilePreview

# ---------------------------------------------------------------- commit, history, rollback


def commit(previews: Sequence[FilePreview], user: User | Session | None, *, db: Path | None = None,
           archive_dir: Path | None = None, remember: bool = True,
           progress: Callable[[float, str], None] | None = None) -> list[CommitResult]:
    """Load every loadable preview: one writer session, one transaction per file, one publish.

    Raises PermissionError (before touching anything) unless the user is an analyst or admin.
    """
    who = require(user, "analyst", "导入数据")
    db = dbmod.resolve_path(db) if db is None else Path(db)
    archive_dir = archive_dir or archive_dir_for(db)
    todo = [pv for pv in previews if pv.loadable]
    results = [CommitResult(pv.file_name, "skipped", message=pv.message_zh or "没有可导入的行")
               for pv in previews if not pv.loadable]
    step = 1.0 / (len(todo) + 1)
    with dbmod.writer(db) as con:
        for i, pv in enumerate(todo):
            if progress:
                progress(i * step, pv.file_name)
            try:
                rep: LoadReport = commit_analysis(con, pv.analysis, data=pv.data, user=who.username,
                                                  archive_dir=archive_dir)
            except Exception as exc:  # one bad file must not stop the batch; its transaction rolled back
                results.append(CommitResult(pv.file_name, "failed", message=f"{type(exc).__name__}: {exc}"))
                continue
            if rep.status == "loaded":
                _after_load(con, rep.upload_id, pv, who.username, remember)
            results.append(CommitResult(pv.file_name, rep.status, rep.upload_id, rep.data_version, rep.message))
        if progress:
            progress(len(todo) * step, "发布新数据 publishing")
    if progress:
        progress(1.0, "完成 done")
    return results


def _after_load(con, upload_id: int, pv: FilePreview, username: str, remember: bool) -> None:
    """Reporting unit and (if the analyst fixed columns) the remembered mapping; audited."""
    con.execute("BEGIN TRANSACTION")
    try:
        if pv.reporting_unit:
            con.execute(queries.load_sql("upload_insert_reporting_unit"),
                        {"upload_id": upload_id, "reporting_unit": pv.reporting_unit})
        overrides = pv.options.column_overrides
        if remember and overrides and pv.signature and pv.remembered is None:
            con.execute(queries.load_sql("upload_insert_mapping"),
                        {"signature": pv.signature, "kind": pv.analysis.kind,
                         "overrides": json.dumps(overrides, ensure_ascii=False), "saved_by": username})
            load.audit(con, username, "mapping_save",
                       {"upload_id": upload_id, "header_signature": pv.signature, "overrides": overrides})
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def history(*, con=None, db: Path | None = None) -> pd.DataFrame:
    cur, owned = _reader(con, db)
    try:
        return queries.run(cur, "upload_history")
    finally:
        if owned:
            cur.close()


def upload_errors(upload_id: int, *, con=None, db: Path | None = None) -> pd.DataFrame:
    cur, owned = _reader(con, db)
    try:
        return queries.run(cur, "upload_errors", upload_id=upload_id)
    finally:
        if owned:
            cur.close()


def original_file(sha256: str, *, db: Path | None = None, archive_dir: Path | None = None) -> bytes | None:
    """The archived original (named by hash; the hash comes from the ledger, never a user path)."""
    if not sha256 or not all(c in "0123456789abcdef" for c in sha256):
        return None
    p = (archive_dir or archive_dir_for(db)) / sha256
    try:
        return p.read_bytes()
    except OSError:
        return None


def can_roll_back(user: User | Session | None, uploaded_by: str | None) -> bool:
    role = getattr(user, "role", None)
    if role == "admin":
        return True
    return role == "analyst" and uploaded_by is not None and uploaded_by == getattr(user, "username", None)


def rollback(upload_id: int, user: User | Session | None, *, db: Path | None = None) -> int:
    """Withdraw an upload: analysts their own, admins any. Returns the new data version."""
    who = require(user, "analyst", "回退上传")
    db = dbmod.resolve_path(db) if db is None else Path(db)
    with dbmod.writer(db) as con:
        row = queries.run(con, "upload_one", upload_id=upload_id)
        if row.empty:
            raise load.UnknownUpload(f"没有编号为 {upload_id} 的上传记录。/ There is no upload #{upload_id}.")
        owner = row.iloc[0]["uploaded_by"]
        owner = None if pd.isna(owner) else owner
        if not can_roll_back(user, owner):
            raise PermissionError(f"只能回退自己导入的文件（上传 #{upload_id} 由“{owner or '命令行'}”导入），请联系管理员。"
                                  f" / Analysts may roll back only their own uploads; ask an admin.")
        return load.rollback_upload(con, upload_id, user=who.username)


def audit_trail(*, con=None, db: Path | None = None, limit: int = 200) -> pd.DataFrame:
    cur, owned = _reader(con, db)
    try:
        return queries.run(cur, "upload_audit", limit=limit)
    finally:
        if owned:
            cur.close()
