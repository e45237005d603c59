"""Commit (role-checked, audited), history, rejected rows, originals, rollback, the audit trail."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from etl.admin.users import Session, User
from etl.read import queries
from etl.store import db as dbmod
from etl.store import load, writes
from etl.store.uploads_service.common import _reader
from etl.store.uploads_service.model import CommitResult, FilePreview
from etl.store.writes import LoadReport

# ---------------------------------------------------------------- commit, history, rollback


def commit(previews: Sequence[FilePreview], user: User | Session | None, *, db: Path | None = None,
           archive_dir: Path | None = None, remember: bool = True,
           progress: Callable[[float, str], None] | None = None) -> list[CommitResult]:
    """Load every loadable preview: one writer session, one transaction per file, one publish.

    Raises PermissionError (before touching anything) unless the user is an analyst or admin.
    """
    username = writes.authorize(user, "导入数据")
    db = dbmod.resolve_path(db) if db is None else Path(db)
    archive_dir = archive_dir or writes.archive_dir_for(db)
    todo = [pv for pv in previews if pv.loadable]
    results = [CommitResult(pv.file_name, "skipped", message=pv.message_zh or "没有可导入的行")
               for pv in previews if not pv.loadable]
    step = 1.0 / (len(todo) + 1)
    with dbmod.writer(db) as con:
        for i, pv in enumerate(todo):
            if progress:
                progress(i * step, pv.file_name)
            try:
                rep: LoadReport = writes.commit(
                    con, pv.analysis, data=pv.data, actor=user, archive_dir=archive_dir,
                    extra=lambda c, upload_id, pv=pv: _after_load(c, upload_id, pv, username, remember))
            except Exception as exc:  # one bad file must not stop the batch; its transaction rolled back
                results.append(CommitResult(pv.file_name, "failed", message=f"{type(exc).__name__}: {exc}"))
                continue
            results.append(CommitResult(pv.file_name, rep.status, rep.upload_id, rep.data_version, rep.message))
        if progress:
            progress(len(todo) * step, "发布新数据 publishing")
    if progress:
        progress(1.0, "完成 done")
    return results


def _after_load(con, upload_id: int, pv: FilePreview, username: str, remember: bool) -> None:
    """Reporting unit and (if the analyst fixed columns) the remembered mapping; audited. Runs
    inside the load's own transaction (``writes.commit(extra=...)``)."""
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
    p = (archive_dir or writes.archive_dir_for(db)) / sha256
    try:
        return p.read_bytes()
    except OSError:
        return None


def rollback(upload_id: int, user: User | Session | None, *, db: Path | None = None) -> int:
    """Withdraw an upload: analysts their own, admins any. Returns the new data version."""
    writes.authorize(user, "回退上传")  # before opening the writer
    return writes.rollback_upload(db, upload_id, user)


def audit_trail(*, con=None, db: Path | None = None, limit: int = 200) -> pd.DataFrame:
    cur, owned = _reader(con, db)
    try:
        return queries.run(cur, "upload_audit", limit=limit)
    finally:
        if owned:
            cur.close()
