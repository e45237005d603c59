"""The write path: one upload = one transaction (upload ledger row, observations, row problems,
re-derived current state, data version). Rollback = mark withdrawn and re-derive."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from .db import bump_data_version

if TYPE_CHECKING:
    from .pipeline import Analysis

OBS_TABLE = {"hazard": "hazard_obs", "inspection": "inspection_obs", "registry": "entity_obs"}

_CURRENT_COLS = (
    "upload_id, hazard_key, source_hazard_id, town, sector, sector_raw, department, entity_name, description, level, "
    "found_date, deadline, status, rectified_date, inspection_method, report_month, source_file, source_sheet, source_row"
)


class UnknownUpload(LookupError):
    pass


def find_live_upload(con, sha256: str) -> int | None:
    row = con.execute(
        "SELECT upload_id FROM upload_log WHERE sha256 = ? AND status = 'live' ORDER BY upload_id LIMIT 1", [sha256]
    ).fetchone()
    return row[0] if row else None


def rederive_hazards(con, upload_id: int) -> None:
    """Recompute the current row of every hazard the upload touches (latest month, then upload, then row)."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _touched AS SELECT DISTINCT hazard_key FROM hazard_obs WHERE upload_id = ?",
        [upload_id],
    )
    con.execute("DELETE FROM hazard_current WHERE hazard_key IN (SELECT hazard_key FROM _touched)")
    con.execute(
        f"""
        INSERT INTO hazard_current ({_CURRENT_COLS})
        SELECT {_CURRENT_COLS} FROM (
            SELECT o.*, row_number() OVER (
                PARTITION BY o.hazard_key ORDER BY o.report_month DESC, o.upload_id DESC, o.obs_seq DESC) AS rn
            FROM hazard_obs o
            WHERE o.hazard_key IN (SELECT hazard_key FROM _touched)
              AND o.upload_id IN (SELECT upload_id FROM upload_log WHERE status = 'live')
        ) WHERE rn = 1
        """
    )
    con.execute("DROP TABLE _touched")


def write_upload(con, analysis: Analysis, *, user: str | None = None) -> tuple[int, int]:
    """Insert everything for one analysed file in one transaction; returns (upload_id, data_version)."""
    con.execute("BEGIN TRANSACTION")
    try:
        upload_id = con.execute("SELECT nextval('upload_id_seq')").fetchone()[0]
        sheets = [
            {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in asdict(s).items()} for s in analysis.sheets
        ]
        con.execute(
            """INSERT INTO upload_log (upload_id, file_name, sha256, kind, report_month, loaded_at, rows_read,
                   rows_loaded, rows_rejected, rows_skipped, status, towns, uploaded_by, file_size, warnings, sheets)
               VALUES (?, ?, ?, ?, ?, now()::TIMESTAMP, ?, ?, ?, ?, 'live', ?, ?, ?, ?, ?)""",
            [upload_id, analysis.file_name, analysis.sha256, analysis.kind, analysis.report_month, analysis.rows_read,
             analysis.rows_loaded, analysis.rows_rejected, analysis.rows_skipped, analysis.towns, user, analysis.size,
             json.dumps(analysis.warnings, ensure_ascii=False), json.dumps(sheets, ensure_ascii=False)],
        )
        table = analysis.table
        incoming = table.append_column("upload_id", pa.array([upload_id] * table.num_rows, pa.int64()))
        con.register("_incoming", incoming)
        try:
            cols = ", ".join(incoming.column_names)
            con.execute(f"INSERT INTO {OBS_TABLE[analysis.kind]} ({cols}) SELECT {cols} FROM _incoming")
        finally:
            con.unregister("_incoming")
        if analysis.problems:
            con.executemany(
                "INSERT INTO load_error_log VALUES (?, ?, ?, ?, ?, ?, ?)",
                [[upload_id, p.sheet, p.row, p.column, p.raw_value, p.reason, p.reason_en] for p in analysis.problems],
            )
        if analysis.kind == "hazard":
            rederive_hazards(con, upload_id)
        audit(con, user, "upload", {"upload_id": upload_id, "file_name": analysis.file_name, "sha256": analysis.sha256})
        version = bump_data_version(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return upload_id, version


def rollback_upload(con, upload_id: int, *, user: str | None = None) -> int:
    row = con.execute("SELECT kind, status FROM upload_log WHERE upload_id = ?", [upload_id]).fetchone()
    if row is None:
        raise UnknownUpload(f"没有编号为 {upload_id} 的上传记录。/ There is no upload #{upload_id}.")
    kind, status = row
    if status != "live":
        raise UnknownUpload(f"上传 #{upload_id} 已经回退过了。/ Upload #{upload_id} was already rolled back.")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "UPDATE upload_log SET status = 'rolled_back', rolled_back_at = now()::TIMESTAMP, rolled_back_by = ? "
            "WHERE upload_id = ?",
            [user, upload_id],
        )
        if kind == "hazard":
            rederive_hazards(con, upload_id)
        audit(con, user, "rollback", {"upload_id": upload_id})
        version = bump_data_version(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return version


def audit(con, user: str | None, action: str, detail: dict) -> None:
    con.execute(
        "INSERT INTO audit_log VALUES (now()::TIMESTAMP, ?, ?, ?)", [user, action, json.dumps(detail, ensure_ascii=False)]
    )


def archive(archive_dir: Path, sha256: str, data: bytes) -> Path:
    """Keep the original file, named by its hash (never by the user's file name)."""
    archive_dir.mkdir(parents=True, exist_ok=True)
    target = archive_dir / sha256
    if not target.exists():
        tmp = archive_dir / (sha256 + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return target
