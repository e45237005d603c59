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

from etl import stages
from etl.contract import OBS_TABLE
from etl.store.db import bump_data_version, private

if TYPE_CHECKING:
    from etl.ingest.pipeline import Analysis


# The hazard columns of data contract v2 (migration 006), in table order.
V2_HAZARD_COLS = (
    "level_raw, hazard_category, supervisor, supervision_level, measures, funds_yuan, responsible_person, "
    "contingency_plan, verified_date, verified_by, verification_result"
)

CURRENT_COLS = (
    "upload_id, hazard_key, source_hazard_id, town, sector, sector_raw, department, entity_name, description, level, "
    "found_date, deadline, status, rectified_date, inspection_method, report_month, source_file, source_sheet, source_row, "
    + V2_HAZARD_COLS
)


# The rule "the latest report month wins, then the later upload, then the later row of that upload",
# written once: the ORDER BY of every current-row derivation in Python (hazards and the maintenance
# check's rebuild; visits are derived by the macro gap_derive_visits, migrations 003 and 009).
LATEST_WINS = "o.report_month DESC, o.upload_id DESC, o.obs_seq DESC"
_LIVE = "o.upload_id IN (SELECT upload_id FROM upload_log WHERE status = 'live')"
_TOUCHED = "AND o.hazard_key IN (SELECT hazard_key FROM _touched)"
_SEVERAL = "AND o.hazard_key IN (SELECT hazard_key FROM _seen WHERE n > 1)"


def current_hazards_sql(*, touched_only: bool = False, several: bool = False) -> str:
    """SELECT of the current row of every hazard (columns ``CURRENT_COLS``) from the live
    observations; ``touched_only`` limits it to the hazards in the temp table ``_touched``,
    ``several`` to those the temp table ``_seen`` counts more than one live observation of."""
    touched = (_TOUCHED if touched_only else "") + (_SEVERAL if several else "")
    return f"""
        SELECT {CURRENT_COLS} FROM (
            SELECT o.*, row_number() OVER (PARTITION BY o.hazard_key ORDER BY {LATEST_WINS}) AS rn
            FROM hazard_obs o
            WHERE {_LIVE} {touched}
        ) WHERE rn = 1
    """


class UnknownUpload(LookupError):
    pass


def rederive_hazards(con, upload_id: int, *, keyed: bool = True) -> None:
    """Recompute the current row of every hazard the upload touches (latest month, then upload, then row).

    ``keyed``: also refresh those hazards' rows of ``hazard_current_keyed`` (migration 003) and
    ``hazard_reopen`` (migration 017).
    """
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _touched AS SELECT DISTINCT hazard_key FROM hazard_obs WHERE upload_id = ?",
        [upload_id],
    )
    con.execute("DELETE FROM hazard_current WHERE hazard_key IN (SELECT hazard_key FROM _touched)")
    # A hazard with one live observation (a first sighting: most rows of a first load) has that
    # observation as its current row; only hazards seen several times need the latest-wins window.
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _seen AS SELECT o.hazard_key, count(*) AS n FROM hazard_obs o "
        f"WHERE {_LIVE} {_TOUCHED} GROUP BY o.hazard_key"
    )
    con.execute(
        f"INSERT INTO hazard_current ({CURRENT_COLS}) SELECT {CURRENT_COLS} FROM hazard_obs o "
        f"WHERE {_LIVE} AND o.hazard_key IN (SELECT hazard_key FROM _seen WHERE n = 1)"
    )
    con.execute(
        f"INSERT INTO hazard_current ({CURRENT_COLS}) {current_hazards_sql(touched_only=True, several=True)}"
    )
    if keyed:
        _rederive_reopen(con)
    con.execute("DROP TABLE _seen")
    if keyed:
        _rederive_keyed(con)
    con.execute("DROP TABLE _touched")


# a hazard in the repeat-hazard order: it names its unit and describes itself (migration 003)
_NAMED = "coalesce(entity_name, '') <> '' AND coalesce(description, '') <> ''"
# the columns of hazard_current_keyed that follow the repeat-group order (column → window
# function over that order; identifiers and expressions of this module only): the previous
# hazard (migration 003) and the next one's found date (migration 016), as gap_derive_hazards
ORDER_COLUMNS = {
    "prev_found": "lag(found_date)",
    "prev_rectified": "lag(rectified_date)",
    "prev_status": "lag(status)",
    "next_found": "lead(found_date)",
}


def _rederive_reopen(con) -> None:
    """hazard_reopen rows of the hazards in ``_touched`` (migration 017): only a hazard observed more
    than once (``_seen``) can have been rectified before its current month and listed open after."""
    con.execute("DELETE FROM hazard_reopen WHERE hazard_key IN (SELECT hazard_key FROM _touched)")
    con.execute(
        "INSERT INTO hazard_reopen SELECT * FROM gap_derive_reopen(TRUE) "
        "WHERE hazard_key IN (SELECT hazard_key FROM _seen WHERE n > 1)"
    )


def _rederive_keyed(con) -> None:
    """hazard_current_keyed rows of the hazards in ``_touched`` (see migration 003).

    kind_group: a touched hazard joins the group of the rows already there with the same town,
    unit_key and kind_key; a combination not there yet gets a new number above every used one.
    prev_* and next_found (migration 016): the touched hazards' rows are inserted with none (and no
    agreed owner: ``refresh_agreed`` stores it next, for every table at once); then every group a touched hazard
    left or joined is re-ordered, unless it holds at most one named hazard and no previous hazard
    to clear (its rows' prev_* are NULL already).
    """
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _groups AS SELECT DISTINCT kind_group FROM hazard_current_keyed "
        "WHERE hazard_key IN (SELECT hazard_key FROM _touched)"
    )
    con.execute("DELETE FROM hazard_current_keyed WHERE hazard_key IN (SELECT hazard_key FROM _touched)")
    top = con.execute("SELECT coalesce(max(kind_group), 0) FROM hazard_current_keyed").fetchone()[0]
    con.execute(
        """
        INSERT INTO hazard_current_keyed BY NAME
        WITH n AS MATERIALIZED (
            SELECT hazard_key, town, sector, department, entity_name, description, level, found_date, deadline,
                   status, rectified_date, inspection_method, report_month,
                   gap_unit_key(entity_name) AS unit_key, gap_kind_key(description) AS kind_key
            FROM hazard_current WHERE hazard_key IN (SELECT hazard_key FROM _touched)
        )
        SELECT n.*, coalesce(g.kind_group, ? + dense_rank() OVER (ORDER BY n.town, n.unit_key, n.kind_key))
                        AS kind_group
        FROM n
        LEFT JOIN (SELECT DISTINCT k.town, k.unit_key, k.kind_key, k.kind_group
                   FROM hazard_current_keyed k SEMI JOIN n USING (town, unit_key, kind_key)) g
               USING (town, unit_key, kind_key)
        """,
        [top],
    )
    con.execute(
        "INSERT INTO _groups SELECT DISTINCT kind_group FROM hazard_current_keyed "
        "WHERE hazard_key IN (SELECT hazard_key FROM _touched)"
    )
    # Only a group holding two named hazards, or a previous or next hazard to clear, can change: a
    # group of one (most first sightings) keeps the NULL prev_* / next_found its row was inserted with.
    # identifiers and window functions of ORDER_COLUMNS, this module's constant
    order_set = ", ".join(c + " = l." + c for c in ORDER_COLUMNS)
    order_windows = ", ".join(expr + " OVER w AS " + c for c, expr in ORDER_COLUMNS.items())
    order_any = " + ".join("count(" + c + ")" for c in ORDER_COLUMNS)
    con.execute(
        f"""
        UPDATE hazard_current_keyed k
        SET {order_set}
        FROM (
            SELECT hazard_key, {order_windows}
            FROM hazard_current_keyed
            WHERE {_NAMED} AND kind_group IN (
                SELECT kind_group FROM hazard_current_keyed
                WHERE kind_group IN (SELECT kind_group FROM _groups)
                GROUP BY kind_group
                HAVING count(*) FILTER (WHERE {_NAMED}) > 1
                    OR {order_any} > 0)
            WINDOW w AS (PARTITION BY kind_group ORDER BY found_date, hazard_key)
        ) l
        WHERE k.hazard_key = l.hazard_key
        """
    )
    con.execute("DROP TABLE _groups")


# ---- derived tables of the supervision-gap page (migration 003) ----
# inspection_current, entity_current and hazard_current_keyed hold what the gap queries used to
# compute per query (latest visit per key, current registry, matching keys). They are valid
# for the data version in meta 'derived_version'; every load/rollback keeps them so, inside its
# transaction. If another writer changed the data since (derived_version lags), the next load
# rebuilds them whole; until then the views read the same rows computed on the fly.

DERIVED = (
    ("inspection_current", "gap_derive_visits"),
    ("entity_current", "gap_derive_units"),
    ("hazard_current_keyed", "gap_derive_hazards"),
    ("hazard_reopen", "gap_derive_reopen"),  # migration 017
    ("town_records", "gap_derive_town_records"),  # migration 018
)

def derived_fresh(con) -> bool:
    """True when the derived tables reflect the current data version."""
    return bool(con.execute("SELECT fresh FROM derived_fresh").fetchone()[0])


def rebuild_derived(con) -> None:
    """Recompute every derived table from the base tables (inside the caller's transaction)."""
    for table, macro in DERIVED:
        con.execute(f"DELETE FROM {table}")
        con.execute(f"INSERT INTO {table} SELECT * FROM {macro}(TRUE)")


def _rederive_visits(con, upload_id: int) -> None:
    """The visits of every (town, date) pair the upload holds: an inspection log's own, or the 无隐患
    visits of a hazard ledger, which give way to a log's visit of the same unit and day (the
    rule lives in the macro gap_derive_visits, migration 009)."""
    con.execute(
        "DELETE FROM inspection_current c WHERE EXISTS (SELECT 1 FROM inspection_obs t "
        "WHERE t.upload_id = ? AND t.town = c.town AND t.inspection_date = c.inspection_date)",
        [upload_id],
    )
    con.execute("INSERT INTO inspection_current SELECT * FROM gap_derive_visits(TRUE, touched := ?)", [upload_id])


def _rederive_units(con, upload_id: int) -> None:
    """A registry upload changes the current registry of the towns it lists."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _touched_towns AS SELECT DISTINCT town FROM entity_obs WHERE upload_id = ?",
        [upload_id],
    )
    con.execute("DELETE FROM entity_current WHERE town IN (SELECT town FROM _touched_towns)")
    con.execute(
        "INSERT INTO entity_current SELECT * FROM gap_derive_units(TRUE) WHERE town IN (SELECT town FROM _touched_towns)"
    )
    con.execute("DROP TABLE _touched_towns")


def _rederive_town_records(con, upload_id: int) -> None:
    """What the towns a hazard upload names record (migration 018): their rows recomputed."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _touched_towns AS SELECT DISTINCT town FROM hazard_obs WHERE upload_id = ?",
        [upload_id],
    )
    con.execute("DELETE FROM town_records WHERE town IN (SELECT town FROM _touched_towns)")
    con.execute(
        "INSERT INTO town_records SELECT * FROM gap_derive_town_records(TRUE) "
        "WHERE town IN (SELECT town FROM _touched_towns)"
    )
    con.execute("DROP TABLE _touched_towns")


def refresh_agreed(con) -> None:
    """Store the agreed owner of every hazard whose ledgers name no department (migration 014):
    ``hazard_current.agreed_department`` and its copy in ``hazard_current_keyed`` become what the
    rule (view ``hazard_agreed_owner``, migration 008) gives now. Only rows that change are
    written. Call inside the write transaction, after the hazards' current rows and keys are
    derived (the rule matches units by their key)."""
    if not con.execute(  # no agreement ever loaded and none stored: nothing can differ (most loads)
        "SELECT EXISTS (SELECT 1 FROM agreed_owner_obs) OR EXISTS (SELECT 1 FROM hazard_current "
        "WHERE agreed_department IS NOT NULL)"
    ).fetchone()[0]:
        return
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _agreed AS SELECT c.hazard_key, a.agreed_department AS agreed "
        "FROM hazard_current c LEFT JOIN hazard_agreed_owner a USING (hazard_key) "
        "WHERE c.agreed_department IS DISTINCT FROM a.agreed_department"
    )
    if con.execute("SELECT count(*) FROM _agreed").fetchone()[0]:
        con.execute("UPDATE hazard_current c SET agreed_department = t.agreed FROM _agreed t "
                    "WHERE c.hazard_key = t.hazard_key")
        con.execute("UPDATE hazard_current_keyed k SET agreed_department = t.agreed FROM _agreed t "
                    "WHERE k.hazard_key = t.hazard_key")
    con.execute("DROP TABLE _agreed")


def rederive(con, upload_id: int, kind: str) -> bool:
    """Re-derive every current-state table the upload (just inserted or just withdrawn) touches.

    Call inside the write transaction, before the data version is bumped; returns whether the
    derived tables were fresh (if not, they were rebuilt whole). Then call ``mark_derived``
    with the bumped version.
    """
    fresh = derived_fresh(con)
    if kind == "hazard":
        rederive_hazards(con, upload_id, keyed=fresh)
        if fresh:
            _rederive_town_records(con, upload_id)
    if not fresh:
        rebuild_derived(con)
    elif kind in ("inspection", "hazard"):  # a hazard ledger's 无隐患 rows are visits too (migration 009)
        _rederive_visits(con, upload_id)
    elif kind == "registry":
        _rederive_units(con, upload_id)
    if kind in ("hazard", "agreement") or not fresh:
        refresh_agreed(con)
    return fresh


def mark_derived(con, version: int) -> None:
    """Record that the derived tables reflect ``version`` (inside the same transaction)."""
    con.execute(
        "INSERT INTO meta VALUES ('derived_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [str(version)],
    )


def insert_upload(con, analysis: Analysis, *, user: str | None = None) -> tuple[int, int]:
    """Insert everything for one analysed file; returns (upload_id, data_version). The caller holds
    the transaction (``etl.store.writes.commit``)."""
    laps = stages.laps()
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
    visits = analysis.visits
    if visits is not None and visits.num_rows:  # 无隐患 rows of a hazard ledger: visits that found nothing
        con.register("_visits", visits.append_column("upload_id", pa.array([upload_id] * visits.num_rows, pa.int64())))
        try:
            cols = ", ".join([*visits.column_names, "upload_id"])
            con.execute(f"INSERT INTO inspection_obs ({cols}) SELECT {cols} FROM _visits")
        finally:
            con.unregister("_visits")
    if analysis.problems:
        con.executemany(
            "INSERT INTO load_error_log VALUES (?, ?, ?, ?, ?, ?, ?)",
            [[upload_id, p.sheet, p.row, p.column, p.raw_value, p.reason, p.reason_en] for p in analysis.problems],
        )
    laps.lap("insert")
    rederive(con, upload_id, analysis.kind)
    laps.lap("derive")
    audit(con, user, "upload", {"upload_id": upload_id, "file_name": analysis.file_name, "sha256": analysis.sha256})
    version = bump_data_version(con)
    mark_derived(con, version)
    return upload_id, version


def withdraw_upload(con, upload_id: int, *, user: str | None = None) -> int:
    """Mark an upload withdrawn and rederive, in one transaction; returns the new data version."""
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
        rederive(con, upload_id, kind)
        audit(con, user, "rollback", {"upload_id": upload_id})
        version = bump_data_version(con)
        mark_derived(con, version)
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
    """Keep the original file, named by its hash (never by the user's file name); the folder
    0700 and the files 0600, like the warehouse."""
    archive_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    private(archive_dir, 0o700)
    target = archive_dir / sha256
    if not target.exists():
        tmp = archive_dir / (sha256 + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        private(tmp)
        os.replace(tmp, target)
    return target
