"""Warehouse maintenance: integrity check, consistent backup, verified restore.

Used by ``python -m etl check | backup | restore`` (thin wrappers in ``maintenance_*.py``).

check
-----
``check(db)`` returns a list of findings (one sentence each; empty = healthy):

* every upload complete or absent: ``upload_log.rows_loaded`` equals the number of its
  observations in the table of its kind, ``rows_read = loaded + rejected + skipped``, no
  observation or load error belongs to an upload the ledger does not know;
* the current state equals a rebuild from observations: ``hazard_current`` is recomputed
  from ``hazard_obs`` of live uploads with the ordering of ``etl.store.load.rederive_hazards``
  (latest report month, then upload, then row) and compared with ``EXCEPT ALL`` both ways;
* no duplicate ``hazard_key`` in ``hazard_current``;
* the agreed owner stored beside each hazard (migration 014) is what the live 会商意见 give now;
* the gap page's derived tables (``etl.store.load.DERIVED``), when ``derived_fresh`` says they are
  current, equal their rebuild macro's rows (``EXCEPT ALL`` both ways);
* the data version is consistent: the master's ``meta.data_version`` equals the published
  marker's and the snapshot's, and the snapshot has the master's schema version.

The master is opened **read-only under the writer lock** (``<db>.lock``), so no load or rollback
runs while we look and nothing is written; a WAL left by a crash is replayed in memory only.
This is the one place outside ``etl/store/db.py`` that calls ``duckdb.connect`` — db.py has no
read-only view of the master, and ``writer()`` would migrate and republish (i.e. repair what we
are trying to observe). ``check(db, repair=True)`` does exactly that when the only problem is a
snapshot that lags the master (a crash between commit and publish): it opens a writer, which
republishes on close, then checks again.

backup
------
``backup(db, dest_dir)`` copies the **published snapshot**, not the master, and takes no lock.
The snapshot is a closed, checkpointed, never-modified generation file (writers publish a new
one and move the ``<db>.snapshot`` symlink by atomic rename), so opening it once and copying from
that descriptor gives one consistent version even if a new snapshot is published, and the old
generation unlinked, mid-copy; a backup never blocks an upload and never touches the master.
The copy is then opened and checked (integrity only). Written to ``dest_dir/<stem>-<UTC stamp>/``:
``<stem>-<stamp>.duckdb``, ``archive/`` (the original uploaded files, if the archive folder
exists) and ``manifest.json`` (data/schema version, counts, size and sha256 of every file).
Caveat, reported as a warning: if the last writer crashed between commit and publish, the
snapshot is one load behind the master (``check`` says so; ``check --repair`` republishes).

restore
-------
``restore(db, file)`` verifies the file first (sha256 against a manifest next to it, if any;
opens, migrates a copy to the current schema, passes the integrity check), then under the writer
lock replaces the master (atomic rename; a stale ``<db>.wal`` of the old master is removed so it
cannot be replayed onto the restored file) and republishes the snapshot. The restored warehouse
gets a data version above any the master had (and an audit_log entry): the app keys its query
cache on the data version, so a version number must never come back with other content. The archive folder is
restored too when the backup carries one and ``restore_archive`` is set.

Suggested schedule (cron, daily at 02:30, keep 30 days)::

    30 2 * * * cd /srv/dashboard && .venv/bin/python -m etl backup /backup/warehouse \
        && find /backup/warehouse -maxdepth 1 -name 'warehouse-*' -mtime +30 -exec rm -r {} +
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.store import db as dbmod
from etl.store.load import CURRENT_COLS, DERIVED, OBS_TABLE, audit, current_hazards_sql

MAX_LINES_PER_KIND = 20

# The current rows as the observations give them (the rule lives in etl.store.load).
_CURRENT_COLS = CURRENT_COLS
_REBUILD_SQL = current_hazards_sql()


class MaintenanceError(RuntimeError):
    """An expected failure of backup/restore; the message is a sentence for the operator."""


@dataclass
class CheckResult:
    findings: list[str] = field(default_factory=list)
    master_version: int | None = None
    snapshot_version: int | None = None
    published_version: int | None = None
    repaired: bool = False

    @property
    def ok(self) -> bool:
        return not self.findings


# ---------------------------------------------------------------- check


def _limited(lines: list[str], total: int, what: str) -> list[str]:
    out = lines[:MAX_LINES_PER_KIND]
    if total > len(out):
        out.append(f"{what}: …另有 {total - len(out)} 处 / …and {total - len(out)} more")
    return out


def integrity_findings(con: duckdb.DuckDBPyConnection, label: str = "") -> list[str]:
    """Findings inside one database (master, snapshot or a backup file). Read-only."""
    p = f"[{label}] " if label else ""
    out: list[str] = []
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    needed = {"meta", "upload_log", "hazard_obs", "hazard_current", "inspection_obs", "entity_obs", "load_error_log"}
    missing = sorted(needed - tables)
    if missing:
        return [f"{p}schema: 缺少表 missing tables {', '.join(missing)}"]
    try:
        dbmod.data_version(con)
    except (TypeError, ValueError, duckdb.Error):
        out.append(f"{p}data_version: meta 中没有有效的数据版本 / meta has no valid data_version")

    # 1. every upload complete or absent
    # table names are identifiers from a constant; each kind label is bound as $kind_<table>
    parts = " UNION ALL ".join(
        f"SELECT CAST($kind_{table} AS VARCHAR) AS kind, upload_id, count(*) AS n FROM {table} GROUP BY upload_id"
        for table in OBS_TABLE.values()
    )
    kinds = {f"kind_{table}": kind for kind, table in OBS_TABLE.items()}
    rows = con.execute(
        f"""
        WITH obs AS ({parts})
        SELECT u.upload_id, u.kind, u.status, u.rows_loaded, coalesce(o.n, 0) AS n
        FROM upload_log u LEFT JOIN obs o ON o.upload_id = u.upload_id AND o.kind = u.kind
        WHERE u.rows_loaded <> coalesce(o.n, 0)
        ORDER BY u.upload_id
        """, kinds
    ).fetchall()
    out += _limited(
        [f"{p}upload #{uid} ({kind}, {status}): 记录导入 rows_loaded={loaded}，实际观测 observations={n}"
         for uid, kind, status, loaded, n in rows], len(rows), f"{p}upload")
    rows = con.execute(
        "SELECT upload_id, rows_read, rows_loaded, rows_rejected, rows_skipped FROM upload_log "
        "WHERE rows_read <> rows_loaded + rows_rejected + rows_skipped ORDER BY upload_id"
    ).fetchall()
    out += _limited(
        [f"{p}upload #{u}: 行数不平 rows_read {r} ≠ loaded {a} + rejected {b} + skipped {c}" for u, r, a, b, c in rows],
        len(rows), f"{p}accounting")
    rows = con.execute(
        f"""
        WITH obs AS ({parts})
        SELECT o.kind, o.upload_id, o.n, u.kind FROM obs o LEFT JOIN upload_log u USING (upload_id)
        WHERE u.upload_id IS NULL
           OR (u.kind <> o.kind
               -- a hazard ledger's 无隐患 rows naming a unit and a date are visits (migration 009),
               -- each one of its non-data rows
               AND NOT (o.kind = 'inspection' AND u.kind = 'hazard' AND o.n <= u.rows_skipped))
        ORDER BY o.upload_id
        """, kinds
    ).fetchall()
    out += _limited(
        [f"{p}orphan: {n} 条 {kind} 观测属于{'不存在的' if ukind is None else '类型不符的'}上传 #{uid} / "
         f"{n} {kind} observations belong to {'unknown' if ukind is None else 'a ' + ukind} upload #{uid}"
         for kind, uid, n, ukind in rows], len(rows), f"{p}orphan")
    n = con.execute(
        "SELECT count(*) FROM load_error_log WHERE upload_id NOT IN (SELECT upload_id FROM upload_log)"
    ).fetchone()[0]
    if n:
        out.append(f"{p}orphan: {n} 条拒绝记录属于不存在的上传 / {n} load errors belong to unknown uploads")
    row = con.execute(
        "SELECT coalesce(s.last_value, s.start_value - 1), (SELECT max(upload_id) FROM upload_log) "
        "FROM duckdb_sequences() s WHERE s.sequence_name = 'upload_id_seq' AND s.database_name = current_database()"
    ).fetchone()
    if row is not None and row[1] is not None and row[0] < row[1]:
        out.append(f"{p}sequence: upload_id_seq 停在 {row[0]}，小于最大上传编号 {row[1]}，下一次导入会失败 / "
                   f"upload_id_seq is at {row[0]} < max(upload_id) {row[1]}: the next load would collide")
    n = con.execute("SELECT count(*) FROM upload_log WHERE status NOT IN ('live', 'rolled_back')").fetchone()[0]
    if n:
        out.append(f"{p}upload: {n} 个上传状态无效 / {n} uploads have an invalid status")

    # 2. no duplicate hazard_key
    rows = con.execute(
        "SELECT hazard_key, count(*) FROM hazard_current GROUP BY hazard_key HAVING count(*) > 1 ORDER BY 1"
    ).fetchall()
    out += _limited([f"{p}duplicate: hazard_key {k!r} 在当前表中出现 {c} 次 / appears {c} times" for k, c in rows],
                    len(rows), f"{p}duplicate")

    # 3. current state == rebuild from observations (EXCEPT ALL both ways: duplicates count too)
    extra = con.execute(
        f"SELECT hazard_key FROM (SELECT {_CURRENT_COLS} FROM hazard_current EXCEPT ALL {_REBUILD_SQL}) ORDER BY 1"
    ).fetchall()
    lacking = con.execute(
        f"SELECT hazard_key FROM ({_REBUILD_SQL} EXCEPT ALL SELECT {_CURRENT_COLS} FROM hazard_current) ORDER BY 1"
    ).fetchall()
    out += _limited(
        [f"{p}current: hazard_key {k!r} 的当前行与按观测重建的结果不符（多出）/ current row not in the rebuild"
         for (k,) in extra], len(extra), f"{p}current")
    out += _limited(
        [f"{p}current: hazard_key {k!r} 按观测重建应有的当前行缺失或不同 / rebuilt row missing from current state"
         for (k,) in lacking], len(lacking), f"{p}current")

    # 3b. the stored agreed owner (migration 014) is what the 会商 rule gives now
    if con.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = 'hazard_current' "
                   "AND column_name = 'agreed_department'").fetchone()[0]:
        rows = con.execute(
            "SELECT c.hazard_key FROM hazard_current c LEFT JOIN hazard_agreed_owner a USING (hazard_key) "
            "WHERE c.agreed_department IS DISTINCT FROM a.agreed_department ORDER BY 1"
        ).fetchall()
        out += _limited(
            [f"{p}owner: hazard_key {k!r} 存储的会商明确部门与会商意见不符 / stored agreed owner differs from the "
             f"agreements" for (k,) in rows], len(rows), f"{p}owner")

    # 4. the derived tables of the gap page (migration 003), when they claim to be fresh
    if "derived_fresh" in tables or con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'derived_fresh'").fetchone()[0]:
        fresh = con.execute("SELECT fresh FROM derived_fresh").fetchone()
        if fresh and fresh[0]:
            for table, macro in DERIVED:  # identifiers from etl.store.load's constant, never user input
                cols = {r[0] for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
                # kind_group numbers are arbitrary (the incremental path numbers new groups above the
                # used ones): compare the rows without them, and the grouping they induce separately
                sel = "* EXCLUDE (kind_group)" if "kind_group" in cols else "*"
                extra_n = con.execute(
                    f"SELECT count(*) FROM (SELECT {sel} FROM {table} EXCEPT ALL SELECT {sel} FROM {macro}(TRUE))"
                ).fetchone()[0]
                lack_n = con.execute(
                    f"SELECT count(*) FROM (SELECT {sel} FROM {macro}(TRUE) EXCEPT ALL SELECT {sel} FROM {table})"
                ).fetchone()[0]
                if extra_n or lack_n:
                    out.append(f"{p}derived: {table} 与重建结果不符（多 {extra_n} 行，缺 {lack_n} 行）/ "
                               f"{table} differs from a rebuild ({extra_n} extra, {lack_n} missing rows)")
                if "kind_group" in cols:
                    bad = con.execute(
                        f"SELECT (SELECT count(*) FROM (SELECT town, unit_key, kind_key FROM {table} GROUP BY ALL "
                        f"HAVING count(DISTINCT kind_group) > 1)) + (SELECT count(*) FROM (SELECT kind_group "
                        f"FROM {table} GROUP BY kind_group HAVING count(DISTINCT (town, unit_key, kind_key)) > 1))"
                    ).fetchone()[0]
                    if bad:
                        out.append(f"{p}derived: {table}.kind_group 与（乡镇、单位、隐患类别）不一一对应 {bad} 处 / "
                                   f"kind_group does not match (town, unit_key, kind_key) one-to-one in {bad} groups")
    return out


def _inspect(con: duckdb.DuckDBPyConnection, label: str) -> tuple[list[str], int | None, int]:
    """Integrity findings, data version (None when unreadable) and schema version of one open
    database; closes the connection."""
    try:
        findings = integrity_findings(con, label)
        try:
            version = dbmod.data_version(con)
        except (duckdb.Error, TypeError, ValueError):
            version = None
        return findings, version, dbmod.schema_version(con)
    finally:
        con.close()


def _connect_ro(path: Path) -> duckdb.DuckDBPyConnection:
    """Read-only connection to a file that no other process holds read-write.

    Through an in-memory database + ATTACH: a plain ``duckdb.connect(path)`` would hand back a
    database instance this process already has open for the same path (DuckDB caches instances
    by path), i.e. possibly an older file that has since been replaced by rename.
    """
    con = duckdb.connect(":memory:", config=dict(dbmod.READER_CONFIG))
    try:
        con.execute("ATTACH ? AS wh (READ_ONLY)", [str(path)])
        con.execute("USE wh")
    except BaseException:
        con.close()
        raise
    return con


def _version_of(path: Path) -> tuple[int | None, int | None]:
    con = _connect_ro(path)
    try:
        try:
            version = dbmod.data_version(con)
        except (duckdb.Error, TypeError, ValueError):
            version = None
        return version, dbmod.schema_version(con)
    finally:
        con.close()


def check(db: Path | str | None = None, *, repair: bool = False, lock_timeout: float = 60.0) -> CheckResult:
    """Integrity check of the master and the published snapshot (see module doc)."""
    db = dbmod.resolve_path(db)
    res = CheckResult()
    if not db.exists():
        res.findings.append(f"[master] 仓库文件不存在 / warehouse file does not exist: {db}")
        return res
    snap = dbmod.current_snapshot(db) if dbmod.snapshot_path(db).exists() else dbmod.snapshot_path(db)
    with dbmod.writer_lock(db, lock_timeout):  # no writer runs while we look; we write nothing
        try:
            con = _connect_ro(db)
        except duckdb.Error as exc:
            res.findings.append(f"[master] 无法打开 cannot open: {_first_line(exc)}")
            return res
        findings, res.master_version, master_schema = _inspect(con, "master")
        res.findings += findings
        res.published_version = dbmod.published_version(db)
        snap_schema = None
        if not snap.exists():
            res.findings.append("snapshot: 没有已发布的快照 / no published snapshot")
        else:
            try:
                findings, res.snapshot_version, snap_schema = _inspect(_connect_ro(snap), "snapshot")
                res.findings += findings
            except duckdb.Error as exc:
                res.findings.append(f"snapshot: 无法打开 cannot open: {_first_line(exc)}")
    lag = []
    if res.snapshot_version is not None and res.snapshot_version != res.master_version:
        lag.append(f"version: 快照数据版本 {res.snapshot_version} ≠ 主库 {res.master_version} / "
                   f"snapshot data_version {res.snapshot_version} != master {res.master_version} "
                   f"(写入后未发布；python -m etl check --repair 可重新发布 / not republished after a write)")
    if res.published_version != res.master_version:
        lag.append(f"version: 发布标记 {res.published_version} ≠ 主库 {res.master_version} / "
                   f"published marker {res.published_version} != master data_version {res.master_version}")
    if snap_schema is not None and snap_schema != master_schema:
        lag.append(f"version: 快照结构版本 {snap_schema} ≠ 主库 {master_schema} / snapshot schema {snap_schema} != "
                   f"master {master_schema}")
    res.findings += lag
    if repair and res.findings and not any(f.startswith("[master]") for f in res.findings):
        # The master is sound; only the published copy lags or is damaged: a writer republishes it.
        with dbmod.writer(db, lock_timeout=lock_timeout):
            pass
        again = check(db, repair=False, lock_timeout=lock_timeout)
        again.repaired = True
        return again
    return res


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:300]


# ---------------------------------------------------------------- backup


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def default_archive_dir(db: Path) -> Path:
    """Where every load keeps original files (by sha256): ``<db folder>/archive``."""
    return dbmod.archive_dir(db)


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {
        "uploads": con.execute("SELECT count(*) FROM upload_log").fetchone()[0],
        "live_uploads": con.execute("SELECT count(*) FROM upload_log WHERE status = 'live'").fetchone()[0],
        "hazards": con.execute("SELECT count(*) FROM hazard_current").fetchone()[0],
        "hazard_observations": con.execute("SELECT count(*) FROM hazard_obs").fetchone()[0],
    }


@dataclass
class BackupResult:
    folder: Path
    database: Path
    manifest: Path
    data_version: int
    warnings: list[str]


def backup(db: Path | str | None, dest_dir: Path | str, *, archive_dir: Path | None = None,
           now: dt.datetime | None = None) -> BackupResult:
    db = dbmod.resolve_path(db)
    dest_dir = Path(dest_dir)
    snap = dbmod.current_snapshot(db)  # an immutable generation file (the symlink's target)
    if not snap.exists():
        raise MaintenanceError(f"没有可备份的已发布快照：{snap} / no published snapshot to back up")
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%d-%H%M%S")
    stem = db.name.removesuffix(".duckdb")
    folder = dest_dir / f"{stem}-{stamp}"
    n = 1
    while folder.exists():
        n += 1
        folder = dest_dir / f"{stem}-{stamp}-{n}"
    tmp_folder = folder.with_name(folder.name + ".partial")
    shutil.rmtree(tmp_folder, ignore_errors=True)
    tmp_folder.mkdir(parents=True, mode=0o700)  # a backup holds every ledger's rows: owner only
    target = tmp_folder / f"{folder.name}.duckdb"
    try:
        # Open first, then copy from the descriptor: a publish that renames a new snapshot over
        # the path mid-copy cannot mix two versions (we keep reading the inode we opened).
        with open(snap, "rb") as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        try:
            con = _connect_ro(target)
        except duckdb.Error as exc:
            raise MaintenanceError(f"备份副本无法打开 / the copy does not open: {_first_line(exc)}") from exc
        try:
            findings = integrity_findings(con, "backup")
            version = dbmod.data_version(con)
            schema = dbmod.schema_version(con)
            counts = _counts(con)
        finally:
            con.close()
        if findings:
            raise MaintenanceError("备份副本未通过完整性检查 / the copy fails the integrity check: " + "; ".join(findings[:5]))
        files = [{"path": target.name, "size": target.stat().st_size, "sha256": _sha256_file(target)}]
        archive_dir = Path(archive_dir) if archive_dir is not None else default_archive_dir(db)
        warnings = []
        if archive_dir.is_dir():
            for f in sorted(p for p in archive_dir.rglob("*") if p.is_file() and not p.name.endswith(".tmp")):
                rel = f.relative_to(archive_dir)
                out = tmp_folder / "archive" / rel
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, out)
                digest = _sha256_file(out)
                if len(f.name) == 64 and f.name != digest:
                    warnings.append(f"archive: 文件 {rel} 的内容与其名称（sha256）不符 / content does not match its name")
                files.append({"path": f"archive/{rel.as_posix()}", "size": out.stat().st_size, "sha256": digest})
        published = dbmod.published_version(db)
        if published is not None and published != version:
            warnings.append(f"快照版本 {version} 与发布标记 {published} 不一致 / snapshot version differs from the marker")
        manifest = {
            "format": 1,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "source": {"master": str(db), "snapshot": str(snap), "archive": str(archive_dir)},
            "method": "copy of the published snapshot (closed, consistent; no lock taken)",
            "data_version": version,
            "schema_version": schema,
            "counts": counts,
            "database": target.name,
            "files": files,
        }
        (tmp_folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp_folder, folder)
    except BaseException:
        shutil.rmtree(tmp_folder, ignore_errors=True)
        raise
    return BackupResult(folder, folder / target.name, folder / "manifest.json", version, warnings)


# ---------------------------------------------------------------- restore


@dataclass
class RestoreResult:
    data_version: int  # of the restored warehouse: above every version the master had before
    previous_version: int | None
    archive_files: int
    backup_version: int  # the data version recorded in the backup


def _manifest_for(file: Path) -> dict | None:
    m = file.parent / "manifest.json"
    if not m.exists():
        return None
    try:
        data = json.loads(m.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MaintenanceError(f"manifest.json 无法读取 / cannot read the manifest: {exc}") from exc
    if data.get("database") != file.name:
        return None
    return data


def verify_backup(file: Path) -> dict | None:
    """sha256 of the file (and of the archive copy) against the manifest next to it, if any."""
    manifest = _manifest_for(file)
    if manifest is None:
        return None
    for entry in manifest.get("files", []):
        p = file.parent / entry["path"]
        if not p.exists():
            raise MaintenanceError(f"备份缺少文件 / the backup lacks {entry['path']}")
        if _sha256_file(p) != entry["sha256"]:
            raise MaintenanceError(f"备份文件校验失败（sha256 不符）/ checksum mismatch: {entry['path']}")
    return manifest


def restore(db: Path | str | None, file: Path | str, *, restore_archive: bool = True,
            archive_dir: Path | None = None, lock_timeout: float = 120.0, user: str | None = None) -> RestoreResult:
    db = dbmod.resolve_path(db)
    file = Path(file).resolve()
    if not file.is_file():
        raise MaintenanceError(f"找不到备份文件 / no such file: {file}")
    if file == db.resolve():
        raise MaintenanceError("不能用主库恢复自身 / the backup is the master itself")
    manifest = verify_backup(file)
    db.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=db.parent, prefix=".restore-") as tmpd:
        stage = Path(tmpd) / "restore.duckdb"
        shutil.copyfile(file, stage)
        # Open the staged copy as a writer of its own (its own lock file): migrates it to the
        # current schema and checkpoints it, so the file we install needs no WAL.
        try:
            with dbmod.writer(stage) as con:
                findings = integrity_findings(con, "backup")
                version = backup_version = dbmod.data_version(con)
        except duckdb.Error as exc:
            raise MaintenanceError(f"备份文件无法作为仓库打开 / the file does not open as a warehouse: "
                                   f"{_first_line(exc)}") from exc
        if findings:
            raise MaintenanceError("备份文件未通过完整性检查，未恢复 / the backup fails the check; nothing restored: "
                                   + "; ".join(findings[:5]))
        with dbmod.writer_lock(db, lock_timeout):
            previous = None
            if db.exists():
                try:
                    previous = _version_of(db)[0]
                except duckdb.Error:
                    previous = None
            # Versions only move forward: the app caches query results by data version, so the
            # restored content gets a version no earlier state ever had (else a later load could
            # reuse a number whose cached answers belong to the pre-restore data).
            known = [v for v in (previous, dbmod.published_version(db)) if v is not None]
            if known and max(known) >= version:
                version = max(known) + 1
                with dbmod.writer(stage) as con:
                    con.execute("BEGIN TRANSACTION")
                    # keep the gap page's derived tables fresh if they were (migration 003)
                    con.execute("UPDATE meta SET value = ? WHERE key = 'derived_version' AND value = "
                                "(SELECT value FROM meta WHERE key = 'data_version')", [str(version)])
                    con.execute("UPDATE meta SET value = ? WHERE key = 'data_version'", [str(version)])
                    audit(con, user, "restore", {"file": file.name, "backup_version": backup_version,
                                                 "previous_version": previous, "data_version": version})
                    con.execute("COMMIT")
            ready = db.with_name(db.name + ".restore.tmp")
            shutil.copyfile(stage, ready)
            dbmod.private(ready)
            with open(ready, "rb+") as fh:
                os.fsync(fh.fileno())
            wal = db.with_name(db.name + ".wal")
            if wal.exists():  # belongs to the old master; replaying it onto the restored file corrupts it
                wal.unlink()
            os.replace(ready, db)
            dbmod.publish(db, version)
    n_archive = 0
    if restore_archive and manifest is not None:
        target = Path(archive_dir) if archive_dir is not None else default_archive_dir(db)
        for entry in manifest.get("files", []):
            if not entry["path"].startswith("archive/"):
                continue
            rel = Path(entry["path"]).relative_to("archive")
            if rel.is_absolute() or ".." in rel.parts:
                continue
            out = target / rel
            if not out.exists():
                out.parent.mkdir(parents=True, exist_ok=True)
                tmp = out.with_name(out.name + ".tmp")
                shutil.copyfile(file.parent / entry["path"], tmp)
                dbmod.private(tmp)
                os.replace(tmp, out)
            n_archive += 1
    return RestoreResult(version, previous, n_archive, backup_version)
