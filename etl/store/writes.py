"""The one write entry of the warehouse: preview, commit, roll back.

The command line (``python -m etl load|rollback``), the upload page (through
``etl.store.uploads_service``) and the demo build all write through here, so every write gets the
same checks in the same order:

* ``preview(data, name, ...)`` reads and checks a file and writes nothing (``pipeline.analyse``);
* ``commit(con, analysis, data=..., actor=...)``, inside an open writer (``db.writer``): may this
  actor load, is this exact file already live (duplicate), then ONE transaction holding the upload
  ledger row, the observations, the rejected rows, the derived current state, the audit row, any
  rows the caller adds (``extra``: the page's reporting unit and remembered mapping) and the
  archived original (``<warehouse folder>/archive/<sha256>``, so every upload's original can be
  downloaded, whoever loaded it);
* ``rollback(con, upload_id, actor)``: may this actor withdraw this upload (analysts their own,
  admins and the command line any), then the withdrawal and the rederivation in one transaction.

``ingest``, ``ingest_many`` and ``rollback_upload`` take a warehouse path and open the writer
(one writer session, one snapshot publish per call).

Actors: a logged-in app user (``users.User`` or ``users.Session``, role-checked with
``users.require``), or ``CommandLine(name)``: the operator of the command line, who already holds
the warehouse file, so the file system is the check there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl import problems as pb
from etl import stages
from etl.admin.users import Session, User, require
from etl.contract import KIND_LABELS, KIND_ZH
from etl.ingest import sandbox
from etl.ingest.pipeline import Analysis, analyse
from etl.ingest.textclean import clean_name
from etl.problems import RefusedFile
from etl.read import queries
from etl.store import db as dbmod
from etl.store import load

Extra = Callable[[object, int], None]  # (open connection inside the transaction, upload_id)


@dataclass(frozen=True)
class CommandLine:
    """The operator of ``python -m etl``: may load and roll back anything; recorded as ``name``."""

    name: str | None = None


Actor = User | Session | CommandLine | None


@dataclass
class LoadReport:
    file_name: str
    status: str  # loaded | duplicate | dry_run | refused
    analysis: Analysis | None = None
    upload_id: int | None = None
    data_version: int | None = None
    message: str = ""
    message_zh: str = ""
    message_en: str = ""
    duplicate_of: int | None = None


# ---------------------------------------------------------------- who, and is it new


def authorize(actor: Actor, action: str) -> str | None:
    """The name to record for ``actor``; ``PermissionError`` unless it may write at all."""
    if isinstance(actor, CommandLine):
        return actor.name
    return require(actor, "analyst", action).username


def can_roll_back(actor: Actor, uploaded_by: str | None) -> bool:
    """Admins and the command line any upload; analysts only their own."""
    if isinstance(actor, CommandLine):
        return True
    role = getattr(actor, "role", None)
    if role == "admin":
        return True
    return role == "analyst" and uploaded_by is not None and uploaded_by == getattr(actor, "username", None)


def live_duplicate(cur, sha256: str, kind: str | None = None) -> int | None:
    """The live upload holding exactly this content, if any (the preview shows it; commit refuses it).
    With ``kind``, only an upload read as that kind: a workbook holding a 隐患台账 and a 检查记录 is
    loaded once as each, and each load reads only its own kind of sheet."""
    df = queries.run(cur, "upload_by_hash", sha256=sha256, kind=kind)
    return None if df.empty else int(df.iloc[0]["upload_id"])


def archive_dir_for(db: Path | None = None) -> Path:
    """Originals are kept next to the warehouse: ``<db folder>/archive/<sha256>``."""
    return dbmod.archive_dir(dbmod.resolve_path(db) if db is None else Path(db))


def refused_report(file_name: str, exc: RefusedFile) -> LoadReport:
    return LoadReport(file_name, "refused", message=str(exc), message_zh=exc.message_zh, message_en=exc.message_en)


# ---------------------------------------------------------------- preview, commit, rollback


def preview(data: bytes, file_name: str, **options) -> Analysis:
    """Read and check one file; nothing is written. Raises ``RefusedFile`` for a file that cannot load."""
    return analyse(data, file_name, **options)


def commit(con, analysis: Analysis, *, data: bytes | None, actor: Actor, archive_dir: Path | None,
           extra: Extra | None = None) -> LoadReport:  # fmt: skip
    """Write an analysed file inside an open writer (``db.writer``): one transaction, archive included."""
    who = authorize(actor, "导入数据")
    laps = stages.laps()
    dup = live_duplicate(con, analysis.sha256, analysis.kind)
    if dup is not None:
        return LoadReport(analysis.file_name, "duplicate", analysis, upload_id=dup, duplicate_of=dup,
                          data_version=dbmod.data_version(con),
                          message=f"该文件已于上传 #{dup} 作为{KIND_ZH[analysis.kind]}导入，内容相同，未重复导入。"
                                  f"/ Already loaded as upload #{dup} ({KIND_LABELS[analysis.kind][1]}); nothing changed.")  # fmt: skip
    with dbmod.threads(con, dbmod.UPLOAD_THREADS):
        con.execute("BEGIN TRANSACTION")
        laps.lap("duplicate check")
        try:
            upload_id, version = load.insert_upload(con, analysis, user=who)
            laps.skip()
            if extra is not None:
                extra(con, upload_id)
            if archive_dir is not None and data is not None:
                # Written before COMMIT: a failed write aborts the load. A COMMIT that fails afterwards
                # leaves a file named by its hash, which the next load of the same content reuses.
                load.archive(archive_dir, analysis.sha256, data)
            laps.lap("archive")
            con.execute("COMMIT")
            laps.lap("commit")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return LoadReport(analysis.file_name, "loaded", analysis, upload_id=upload_id, data_version=version)


def rollback(con, upload_id: int, actor: Actor) -> int:
    """Withdraw an upload inside an open writer; every hazard returns to what the remaining uploads
    give it. Returns the new data version."""
    who = authorize(actor, "回退上传")
    row = queries.run(con, "upload_one", upload_id=upload_id)
    if row.empty:
        raise load.UnknownUpload(f"没有编号为 {upload_id} 的上传记录。/ There is no upload #{upload_id}.")
    owner = row.iloc[0]["uploaded_by"]
    owner = None if pd.isna(owner) else owner
    if not can_roll_back(actor, owner):
        raise PermissionError(f"只能回退自己导入的文件（上传 #{upload_id} 由“{owner or '命令行'}”导入），请联系管理员。"
                              f" / Analysts may roll back only their own uploads; ask an admin.")  # fmt: skip
    return load.withdraw_upload(con, upload_id, user=who)


# ---------------------------------------------------------------- path-taking conveniences


def _read(source: Path | bytes, file_name: str | None) -> tuple[bytes, str]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        file_name = clean_name(file_name or path.name)  # stored, shown, printed: no control characters
        try:
            return path.read_bytes(), file_name
        except OSError as exc:
            raise pb.refusal("cannot_open", name=file_name, detail=exc.strerror) from None
    return source, clean_name(file_name or "upload")


def ingest(source: Path | bytes, file_name: str | None = None, *, db: Path | None = None, town: str | None = None,
           month: dt.date | None = None, kind: str | None = None, dry_run: bool = False,
           actor: Actor = None, user: str | None = None, column_overrides: dict[str, str] | None = None,
           archive_dir: Path | None = None, isolated: bool = False) -> LoadReport:  # fmt: skip
    """One file, one transaction. Never raises for a bad file: status 'refused', warehouse untouched.

    ``actor`` defaults to ``CommandLine(user)``; ``archive_dir`` to the archive beside the warehouse.
    ``isolated``: read the file in a memory-limited worker (``etl.ingest.sandbox``), as the upload
    page does — for files from outside (the command line's ``load``): a crafted file that makes the
    reader allocate without bound is then refused instead of ending this process. In-process (the
    default) is for files this program wrote itself (the demo, the benches)."""
    try:
        data, file_name = _read(source, file_name)
    except RefusedFile as exc:
        return refused_report(clean_name(file_name or Path(source).name), exc)
    db = dbmod.resolve_path(db) if db is None else Path(db)
    # a new warehouse is migrated on a thread of its own while the file is read
    with contextlib.nullcontext() if dry_run else dbmod.prebuilt_if_new(db) as prebuilt:
        try:
            read = sandbox.analyse_isolated if isolated else preview
            analysis = read(data, file_name, town=town, month=month, kind=kind, column_overrides=column_overrides)
        except RefusedFile as exc:
            return refused_report(file_name, exc)
        if dry_run:
            return LoadReport(file_name, "dry_run", analysis)
        actor = actor if actor is not None else CommandLine(user)
        with dbmod.writer(db, prebuilt=prebuilt) as con:
            return commit(con, analysis, data=data, actor=actor, archive_dir=archive_dir or archive_dir_for(db))


def ingest_many(paths: Iterable[Path], *, db: Path, user: str | None = None, actor: Actor = None,
                archive_dir: Path | None = None, **options) -> list[LoadReport]:  # fmt: skip
    """Many files under one writer session (one snapshot publish); each file its own transaction."""
    db = Path(db)
    actor = actor if actor is not None else CommandLine(user)
    reports = []
    analysed = []
    with dbmod.prebuilt_if_new(db) as prebuilt:  # a new warehouse is migrated while the files are read
        for p in paths:
            try:
                data, name = _read(Path(p), None)
                analysed.append((data, preview(data, name, **options)))
            except RefusedFile as exc:
                reports.append(refused_report(Path(p).name, exc))
        with dbmod.writer(db, prebuilt=prebuilt) as con:
            for data, a in analysed:
                reports.append(commit(con, a, data=data, actor=actor, archive_dir=archive_dir or archive_dir_for(db)))
    return reports


def rollback_upload(db: Path | None, upload_id: int, actor: Actor = None, *, user: str | None = None) -> int:
    """Withdraw an upload from the warehouse at ``db`` (default actor: ``CommandLine(user)``)."""
    db = dbmod.resolve_path(db) if db is None else Path(db)
    actor = actor if actor is not None else CommandLine(user)
    with dbmod.writer(db) as con:
        return rollback(con, upload_id, actor)
