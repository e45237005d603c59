"""The upload page's engine, Streamlit-free: check and preview many files, compare them with
the warehouse, commit them (role-checked), list the history, roll back, remember column
mappings per layout, and tell which reporting units have sent this month's files.

Reads use a read-only connection to the published snapshot (the caller's cursor, or one
opened here); writes use ``etl.db.writer`` (one writer session per batch, one transaction
per file, one snapshot publish at the end). Every write path calls ``users.require`` first
and raises ``PermissionError`` for a user without the role; every write is audited.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import json
import os
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from . import db as dbmod
from . import headers as hd
from . import load, queries
from .pipeline import Analysis, LoadReport, analyse, commit_analysis
from .problems import RefusedFile
from .users import Session, User, require
from .vocab import HEADER_SYNONYMS, column_label
from .workbook import read_workbook

MB = 1024 * 1024
DEFAULT_MAX_MB = 50
DEFAULT_MAX_FILES = 30
ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
PREVIEW_ROWS = 20
# The contract columns an analyst may map a source column to, per kind ('' = ignore).
MAPPABLE = {
    "hazard": ["source_hazard_id", "town", "sector", "department", "entity_name", "description", "level",
               "found_date", "deadline", "status", "rectified_date", "inspection_method", "seq", "remarks"],
    "inspection": ["found_date", "town", "sector", "department", "entity_name", "inspection_method", "inspectors",
                   "hazards_found", "major_hazards_found", "penalty", "seq", "remarks"],
    "registry": ["entity_name", "town", "sector", "department", "credit_code", "risk_level", "seq", "remarks"],
}
UNITS_ENV = "SAFETY_REPORTING_UNITS"
DEFAULT_UNITS = dbmod.PROJECT_ROOT / "data" / "config" / "reporting_units.toml"


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = DEFAULT_MAX_MB * MB
    max_files: int = DEFAULT_MAX_FILES

    @classmethod
    def from_env(cls) -> Limits:
        """``SAFETY_UPLOAD_MAX_MB`` and ``SAFETY_UPLOAD_MAX_FILES`` override the defaults."""
        mb = _env_number("SAFETY_UPLOAD_MAX_MB", DEFAULT_MAX_MB)
        n = _env_number("SAFETY_UPLOAD_MAX_FILES", DEFAULT_MAX_FILES)
        return cls(int(mb * MB), int(n))


def _env_number(name: str, default: float) -> float:
    try:
        v = float(os.environ.get(name, default))
    except ValueError:
        return default
    return v if v > 0 else default


@dataclass
class FileOptions:
    """What the analyst fixed in the form for one file (None = infer)."""

    town: str | None = None
    month: dt.date | None = None
    kind: str | None = None
    column_overrides: dict[str, str] = field(default_factory=dict)
    reporting_unit: str | None = None

    def is_empty(self) -> bool:
        return not (self.town or self.month or self.kind or self.column_overrides)


@dataclass
class Diff:
    """How a hazard ledger compares with the warehouse (other kinds: counts only)."""

    new: pd.DataFrame
    status_changes: pd.DataFrame
    unchanged: int
    older_than_current: int  # hazards the warehouse already holds from a later month (won't change)
    cumulative: bool
    missing: pd.DataFrame  # open hazards of earlier months absent from this cumulative ledger


@dataclass
class SheetLayout:
    name: str
    header_row: int | None
    mapping: dict[str, str]  # source header → canonical column (recognised)
    ignored: list[str]  # source headers not used


@dataclass
class FilePreview:
    file_name: str
    data: bytes
    sha256: str
    size: int
    status: str  # ready | refused | duplicate
    message_zh: str = ""
    message_en: str = ""
    analysis: Analysis | None = None
    options: FileOptions = field(default_factory=FileOptions)
    layouts: list[SheetLayout] = field(default_factory=list)
    signature: str = ""
    remembered: dict | None = None  # {overrides, saved_by, saved_at} applied from an earlier month
    suggestions: list[str] = field(default_factory=list)  # "did you mean …?" warnings
    diff: Diff | None = None
    duplicate_of: int | None = None
    needs_town: bool = False
    needs_month: bool = False
    reporting_unit: str = ""

    @property
    def loadable(self) -> bool:
        return self.status == "ready" and self.analysis is not None and self.analysis.rows_loaded > 0

    @property
    def warnings(self) -> list[str]:
        return (self.analysis.warnings if self.analysis else []) + self.suggestions


@dataclass
class CommitResult:
    file_name: str
    status: str  # loaded | duplicate | skipped | failed
    upload_id: int | None = None
    data_version: int | None = None
    message: str = ""


# ---------------------------------------------------------------- helpers


def _user_name(user: User | Session) -> str:
    return user.username


def _reader(con, db: Path | None):
    """(cursor, owned) — the caller's cursor, or a new read-only connection to close."""
    if con is not None:
        return con, False
    return dbmod.open_reader(db), True


def archive_dir_for(db: Path | None = None) -> Path:
    """Originals are kept next to the warehouse: ``<db folder>/archive/<sha256>``."""
    path = dbmod.resolve_path(db) if db is None else Path(db)
    return path.parent / "archive"


def check_batch(files: Sequence[tuple[str, bytes]], limits: Limits) -> list[str]:
    """Whole-batch problems (too many files) as sentences; per-file limits are in preview."""
    if len(files) > limits.max_files:
        return [f"一次最多导入 {limits.max_files} 个文件（本次 {len(files)} 个），请分批导入。"
                f" / At most {limits.max_files} files per batch ({len(files)} given)."]
    return []


def check_file(name: str, data: bytes, limits: Limits) -> RefusedFile | None:
    """Server-side checks before reading: extension (the browser's filter is not enough) and size."""
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        return RefusedFile(f"“{name}”不是 .xlsx、.xls 或 .csv 文件，未读取。",
                           f"'{name}' is not an .xlsx, .xls or .csv file; it was not read.")
    if len(data) > limits.max_file_bytes:
        return RefusedFile(
            f"“{name}”有 {len(data) / MB:.1f} MB，超过单个文件 {limits.max_file_bytes / MB:.0f} MB 的上限；请拆分后再导入。",
            f"'{name}' is {len(data) / MB:.1f} MB, over the {limits.max_file_bytes / MB:.0f} MB limit; split it.",
        )
    return None


def layout_signature(layouts: Sequence[SheetLayout]) -> str:
    """Identifies a layout by the header texts of its data sheets, whatever they were mapped to
    (so a mapping chosen in the form does not change the signature it is remembered under)."""
    labels = sorted({lab for s in layouts for lab in [*s.mapping, *s.ignored]})
    return hashlib.sha1("|".join(labels).encode("utf-8")).hexdigest()[:16] if labels else ""


def _layouts_from_analysis(a: Analysis) -> list[SheetLayout]:
    return [SheetLayout(s.name, s.header_row, dict(s.mapping), list(s.ignored_columns))
            for s in a.sheets if s.header_row is not None]


def _layouts_from_raw(data: bytes, name: str) -> list[SheetLayout]:
    """Headers found in a refused file (e.g. a required column not recognised), so the form can
    offer to map them. Empty when the file cannot be read at all."""
    from .pipeline import _looks_like_summary

    try:
        sheets = read_workbook(data, name)
    except RefusedFile:
        return []
    out = []
    for s in sheets:
        if not s.visible or hd.sheet_role_by_name(s.name) in ("instructions", "summary"):
            continue
        header = hd.find_header(s.rows)
        if header is None or _looks_like_summary(header):
            continue
        mapping = {header.labels[c]: canon for c, canon in sorted(header.columns.items())}
        out.append(SheetLayout(s.name, header.top + 1, mapping, [header.ignored[c] for c in sorted(header.ignored)]))
    return out


def mappable_columns(kind: str | None) -> list[str]:
    return MAPPABLE.get(kind or "hazard", MAPPABLE["hazard"])


def canonical_label(canon: str) -> str:
    return column_label(canon) if canon in HEADER_SYNONYMS else canon


# ---------------------------------------------------------------- preview


def preview_file(name: str, data: bytes, options: FileOptions | None = None, *, con=None, db: Path | None = None,
                 limits: Limits | None = None, units: ReportingUnits | None = None) -> FilePreview:
    """Analyse one file without writing anything: never raises for a bad file."""
    limits = limits or Limits.from_env()
    options = options or FileOptions()
    sha = hashlib.sha256(data).hexdigest()
    pv = FilePreview(name, data, sha, len(data), "ready", options=options)
    bad = check_file(name, data, limits)
    if bad is not None:
        pv.status, pv.message_zh, pv.message_en = "refused", bad.message_zh, bad.message_en
        return pv
    cur, owned = _reader(con, db)
    try:
        overrides = dict(options.column_overrides)
        try:
            a = analyse(data, name, town=options.town, month=options.month, kind=options.kind,
                        column_overrides=overrides or None)
        except RefusedFile as exc:
            pv.status, pv.message_zh, pv.message_en = "refused", exc.message_zh, exc.message_en
            pv.layouts = _layouts_from_raw(data, name)
            pv.signature = layout_signature(pv.layouts)
            if not overrides and pv.signature:
                remembered = remembered_mapping(cur, pv.signature)
                if remembered:  # last month's fix makes this month's file readable
                    try:
                        a = analyse(data, name, town=options.town, month=options.month, kind=options.kind,
                                    column_overrides=remembered["overrides"])
                    except RefusedFile:
                        return pv
                    pv.status, pv.message_zh, pv.message_en, pv.remembered = "ready", "", "", remembered
                    options.column_overrides = dict(remembered["overrides"])
                else:
                    return pv
            else:
                return pv
        else:
            pv.layouts = _layouts_from_analysis(a)
            pv.signature = layout_signature(pv.layouts)
            if not overrides and pv.signature:
                remembered = remembered_mapping(cur, pv.signature, a.kind)
                if remembered and _would_change(a, remembered["overrides"]):
                    try:
                        a2 = analyse(data, name, town=options.town, month=options.month, kind=options.kind,
                                     column_overrides=remembered["overrides"])
                        a, pv.remembered = a2, remembered
                        options.column_overrides = dict(remembered["overrides"])
                    except RefusedFile:
                        pass  # the remembered mapping no longer fits; keep the automatic one
        pv.analysis = a
        pv.layouts = _layouts_from_analysis(a)
        dup = _live_upload_with_hash(cur, sha)
        if dup is not None:
            pv.status, pv.duplicate_of = "duplicate", dup
            pv.message_zh = f"该文件（内容完全相同）已于上传 #{dup} 导入，不会重复导入。"
            pv.message_en = f"This exact file was already loaded as upload #{dup}; it will not be loaded again."
        pv.needs_town = any(s.role == "data" and s.town is None and "town" not in s.mapping.values() for s in a.sheets)
        pv.needs_month = any("未写明报送月份" in w for w in a.warnings)
        known = known_values(cur)
        pv.suggestions = spelling_suggestions(a, known, units)
        pv.diff = diff_against_warehouse(cur, a) if a.kind == "hazard" and a.table.num_rows else None
        pv.reporting_unit = options.reporting_unit or guess_reporting_unit(a, units)
    finally:
        if owned:
            cur.close()
    return pv


def preview_batch(files: Sequence[tuple[str, bytes]], options: dict[str, FileOptions] | None = None, *, con=None,
                  db: Path | None = None, limits: Limits | None = None,
                  units: ReportingUnits | None = None) -> list[FilePreview]:
    """Preview every file; ``options`` is keyed by the file's sha256 (what the analyst fixed)."""
    limits = limits or Limits.from_env()
    options = options or {}
    cur, owned = _reader(con, db)
    try:
        units = units if units is not None else load_reporting_units()
        out = []
        for name, data in files:
            sha = hashlib.sha256(data).hexdigest()
            out.append(preview_file(name, data, options.get(sha), con=cur, limits=limits, units=units))
        # the same content dropped twice in one batch: load it once
        seen: dict[str, str] = {}
        for pv in out:
            if pv.status == "ready" and pv.sha256 in seen:
                pv.status = "duplicate"
                pv.message_zh = f"与本批中的“{seen[pv.sha256]}”内容完全相同，只导入一次。"
                pv.message_en = f"Same content as '{seen[pv.sha256]}' in this batch; loaded once."
            seen.setdefault(pv.sha256, pv.file_name)
        return out
    finally:
        if owned:
            cur.close()


def _would_change(a: Analysis, overrides: dict[str, str]) -> bool:
    current = {lab: canon for s in a.sheets for lab, canon in s.mapping.items()}
    return any(current.get(lab, "") != canon for lab, canon in overrides.items())


def _live_upload_with_hash(cur, sha: str) -> int | None:
    df = queries.run(cur, "upload_by_hash", sha256=sha)
    return None if df.empty else int(df.iloc[0]["upload_id"])


def known_values(cur) -> dict[str, list[str]]:
    df = queries.run(cur, "upload_known_values")
    return {k: sorted(g["value"].dropna().tolist()) for k, g in df.groupby("kind")}


def spelling_suggestions(a: Analysis, known: dict[str, list[str]], units: ReportingUnits | None = None) -> list[str]:
    """'did you mean …?' for towns and departments the warehouse (or the list of reporting units)
    has never seen, by similarity of spelling."""
    out = []
    units = units or ReportingUnits()
    for col, label, extra in (("town", "乡镇", units.towns), ("department", "部门", units.departments)):
        if col not in a.table.column_names:
            continue
        pool = sorted(set(known.get(col, [])) | set(extra))
        if not pool:
            continue
        counts = pd.Series(a.table.column(col).to_pylist()).dropna().value_counts()
        for value, n in counts.items():
            if value in pool:
                continue
            close = difflib.get_close_matches(value, pool, n=3, cutoff=0.5)
            if close:
                out.append(f"{label}“{value}”（{n} 行）此前没有出现过，是否应为“{'”或“'.join(close)}”？"
                           f"如确是新{label}，可忽略此提示。")
            elif col == "town" and units.configured:
                out.append(f"乡镇“{value}”（{n} 行）不在报送单位名单中，请确认名称是否正确。")
    return out


def diff_against_warehouse(cur, a: Analysis) -> Diff:
    """New hazards, status changes, and (for a cumulative ledger) earlier open hazards it omits."""
    t = a.table
    incoming = pa.table({
        "hazard_key": t.column("hazard_key"), "status": t.column("status"), "report_month": t.column("report_month"),
        "town": t.column("town"), "entity_name": t.column("entity_name"), "description": t.column("description"),
        "found_date": t.column("found_date"), "source_row": t.column("source_row"), "obs_seq": t.column("obs_seq"),
    })
    cur.register("upload_incoming", incoming)
    try:
        rows = queries.run(cur, "upload_diff")
        towns = sorted(set(a.towns))
        cumulative = bool((rows["current_status"].notna() & (rows["current_month"] < rows["report_month"])).any()) or bool(
            (pd.to_datetime(rows["found_date"]) < pd.Timestamp(a.report_month)).any())
        missing = (queries.run(cur, "upload_missing_from_ledger", towns=towns, report_month=a.report_month)
                   if cumulative and towns else pd.DataFrame(columns=["hazard_key", "town", "entity_name",
                                                                     "description", "found_date", "report_month"]))
    finally:
        cur.unregister("upload_incoming")
    new = rows[rows["current_status"].isna()]
    known = rows[rows["current_status"].notna()]
    wins = known["report_month"] >= known["current_month"]
    changes = known[wins & (known["status"] != known["current_status"])]
    return Diff(
        new=new[["town", "entity_name", "description", "found_date", "status", "source_row"]].reset_index(drop=True),
        status_changes=changes[["town", "entity_name", "description", "current_status", "status", "current_month",
                                "source_row"]].reset_index(drop=True),
        unchanged=int((wins & (known["status"] == known["current_status"])).sum()),
        older_than_current=int((~wins).sum()),
        cumulative=cumulative,
        missing=missing.reset_index(drop=True),
    )


# ---------------------------------------------------------------- remembered mappings


def remembered_mapping(cur, signature: str, kind: str | None = None) -> dict | None:
    df = queries.run(cur, "upload_mapping_lookup", signature=signature, kind=kind)
    if df.empty:
        return None
    r = df.iloc[0]
    overrides = json.loads(r["overrides"]) if isinstance(r["overrides"], str) else dict(r["overrides"])
    return {"overrides": overrides, "saved_by": r["saved_by"], "saved_at": r["saved_at"], "kind": r["kind"]}


# ---------------------------------------------------------------- reporting units


@dataclass(frozen=True)
class ReportingUnits:
    towns: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    configured: bool = False


def units_path() -> Path:
    env = os.environ.get(UNITS_ENV)
    return Path(env).expanduser().resolve() if env else DEFAULT_UNITS


def load_reporting_units(path: Path | None = None) -> ReportingUnits:
    """The towns and departments expected to report each month (``$SAFETY_REPORTING_UNITS`` or
    ``data/config/reporting_units.toml``: ``towns = [...]``, ``departments = [...]``)."""
    p = path or units_path()
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return ReportingUnits()
    return ReportingUnits(tuple(str(x) for x in raw.get("towns", [])),
                          tuple(str(x) for x in raw.get("departments", [])), True)


def save_reporting_units(units: ReportingUnits, user: User | Session, *, path: Path | None = None,
                         db: Path | None = None) -> None:
    """Admin only; audited."""
    require(user, "admin", "修改报送单位名单")
    p = path or units_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    body = ("# Towns and departments expected to send files every month (upload page, 报送情况).\n"
            f"towns = {json.dumps(list(units.towns), ensure_ascii=False)}\n"
            f"departments = {json.dumps(list(units.departments), ensure_ascii=False)}\n")
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(body, encoding="utf-8")
    os.replace(tmp, p)
    with dbmod.writer(dbmod.resolve_path(db) if db is None else Path(db)) as con:
        con.execute("BEGIN TRANSACTION")
        load.audit(con, _user_name(user), "reporting_units",
                   {"towns": list(units.towns), "departments": list(units.departments)})
        con.execute("COMMIT")


def guess_reporting_unit(a: Analysis, units: ReportingUnits | None) -> str:
    """One town in the file → that town; else a configured department named in the file name."""
    if len(a.towns) == 1:
        return a.towns[0]
    for dep in (units.departments if units else ()):
        if dep and dep in a.file_name:
            return dep
    return ""


def _as_list(value) -> list:
    """A ``VARCHAR[]`` cell as a list: arrays, lists, and NULL (None / pd.NA / NaN) as []. Neither
    ``value or []`` (an array has no truth value) nor ``list(value)`` (NA is not iterable) will do."""
    if value is None or value is pd.NA:
        return []
    try:
        return list(value)
    except TypeError:
        return []


def reporting_status(month: dt.date, *, con=None, db: Path | None = None,
                     units: ReportingUnits | None = None) -> pd.DataFrame:
    """One row per expected unit: unit, unit_type (town|department), files, received (bool).
    Without a configured list, the towns the warehouse knows are expected."""
    cur, owned = _reader(con, db)
    try:
        units = units if units is not None else load_reporting_units()
        towns = list(units.towns) if units.configured else known_values(cur).get("town", [])
        expected = [(u, "town") for u in towns] + [(u, "department") for u in units.departments]
        got = queries.run(cur, "upload_reporting", report_month=month.replace(day=1))
    finally:
        if owned:
            cur.close()
    rows = []
    for unit, typ in expected:
        hit = got[(got["reporting_unit"] == unit) | got["towns"].apply(lambda ts, u=unit: u in _as_list(ts))]
        rows.append({"unit": unit, "unit_type": typ, "received": not hit.empty,
                     "files": "、".join(sorted(set(hit["file_name"]))), "last_at": hit["loaded_at"].max() if len(hit) else None})
    # units that sent files but are not on the list (a new town, a misspelling)
    listed = {u for u, _ in expected}
    for unit in sorted({u for u in got["reporting_unit"].dropna() if u} - listed):
        hit = got[got["reporting_unit"] == unit]
        rows.append({"unit": unit, "unit_type": "unlisted", "received": True,
                     "files": "、".join(sorted(set(hit["file_name"]))), "last_at": hit["loaded_at"].max()})
    return pd.DataFrame(rows, columns=["unit", "unit_type", "received", "files", "last_at"])


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


# ---------------------------------------------------------------- reports as .xlsx

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, pd.Timestamp):
        return None if pd.isna(v) else v.to_pydatetime()
    if hasattr(v, "item") and not isinstance(v, str | dt.date):
        try:
            v = v.item()
        except (AttributeError, ValueError):
            pass
    if isinstance(v, str) and v.startswith(_FORMULA):
        return "'" + v  # a spreadsheet would run it as a formula
    return v


def workbook_bytes(sheets: Sequence[tuple[str, pd.DataFrame]]) -> bytes:
    """Several tables, one sheet each, every text cell stored as text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for name, df in sheets:
        ws = wb.create_sheet(name[:31])
        for j, col in enumerate(df.columns, start=1):
            c = ws.cell(row=1, column=j, value=_safe(str(col)))
            c.font, c.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
            ws.column_dimensions[get_column_letter(j)].width = 18
        for i, rec in enumerate(df.itertuples(index=False, name=None), start=2):
            for j, v in enumerate(rec, start=1):
                c = ws.cell(row=i, column=j, value=_safe(v))
                if isinstance(c.value, str):
                    c.data_type = "s"
                elif isinstance(c.value, dt.date):
                    c.number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
    if not wb.worksheets:
        wb.create_sheet("空")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


PROBLEM_COLUMNS = {"sheet": "工作表", "row": "Excel行号", "column": "列", "raw_value": "原始值", "reason": "原因"}


def problems_frame(a: Analysis | None) -> pd.DataFrame:
    if a is None or not a.problems:
        return pd.DataFrame(columns=list(PROBLEM_COLUMNS.values()))
    return pd.DataFrame([{PROBLEM_COLUMNS[k]: getattr(p, k) for k in PROBLEM_COLUMNS} for p in a.problems])


def validation_report_xlsx(pv: FilePreview) -> bytes:
    """The report an analyst sends back to a town: summary, rejected rows, warnings, diff."""
    a = pv.analysis
    summary = [("文件", pv.file_name), ("SHA-256", pv.sha256), ("状态", pv.message_zh or "可导入")]
    if a is not None:
        summary += [("类型", a.kind), ("报送月份", f"{a.report_month:%Y-%m}"), ("乡镇", "、".join(a.towns)),
                    ("读取行数", a.rows_read), ("将导入", a.rows_loaded), ("拒绝", a.rows_rejected), ("非数据行", a.rows_skipped)]
    sheets = [("概要", pd.DataFrame(summary, columns=["项目", "内容"])), ("被拒绝的行", problems_frame(a)),
              ("提示", pd.DataFrame({"提示": pv.warnings}))]
    if pv.diff is not None:
        sheets += [("新增隐患", pv.diff.new), ("状态变化", pv.diff.status_changes)]
        if pv.diff.cumulative:
            sheets.append(("累计台账中缺少", pv.diff.missing))
    return workbook_bytes(sheets)


def error_report_xlsx(upload_id: int, *, con=None, db: Path | None = None) -> bytes:
    df = upload_errors(upload_id, con=con, db=db).rename(columns={
        "sheet": "工作表", "source_row": "Excel行号", "column_name": "列", "raw_value": "原始值", "reason": "原因"})
    return workbook_bytes([(f"上传{upload_id}被拒绝的行", df)])
