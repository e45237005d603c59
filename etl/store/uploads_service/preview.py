"""Preview: read and check each file, compare it with the warehouse, suggest spellings."""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa

from etl.contract import KIND_LABELS, KIND_ZH
from etl.ingest.pipeline import Analysis
from etl.ingest.sandbox import analyse_isolated as analyse  # the upload's bytes are read in a memory-limited child
from etl.ingest.sandbox import layouts_isolated as _layouts_from_raw
from etl.problems import RefusedFile
from etl.read import queries
from etl.store.uploads_service.checks import check_file
from etl.store.uploads_service.common import _reader
from etl.store.uploads_service.mappings import _layouts_from_analysis, layout_signature, remembered_mapping
from etl.store.uploads_service.model import Diff, FileOptions, FilePreview, Limits
from etl.store.uploads_service.units import ReportingUnits, guess_reporting_unit, known_values, load_reporting_units
from etl.store.writes import live_duplicate

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
        dup = live_duplicate(cur, sha, a.kind)
        if dup is not None:
            pv.status, pv.duplicate_of = "duplicate", dup
            pv.message_zh = f"该文件（内容完全相同）已于上传 #{dup} 作为{KIND_ZH[a.kind]}导入，不会重复导入。"
            pv.message_en = (f"This exact file was already loaded as upload #{dup} ({KIND_LABELS[a.kind][1]}); "
                             "it will not be loaded again.")
        pv.needs_town = any(s.role == "data" and s.town is None and "town" not in s.mapping.values() for s in a.sheets)
        pv.needs_month = a.has_notice("month_from_latest_date") or a.has_notice("month_defaulted")
        known = known_values(cur)
        pv.suggestions = spelling_suggestions(a, known, units)
        pv.diff = diff_against_warehouse(cur, a) if a.kind == "hazard" and a.table.num_rows else None
        pv.reporting_unit = options.reporting_unit or guess_reporting_unit(a, units)
    finally:
        if owned:
            cur.close()
    return pv


def preview_batch(files: Sequence[tuple[str, bytes]], options: dict[str, FileOptions] | None = None, *, con=None,
                  db: Path | None = None, limits: Limits | None = None, units: ReportingUnits | None = None,
                  preview: Callable[[str, bytes, FileOptions | None], FilePreview] | None = None,
                  ) -> list[FilePreview]:  # fmt: skip
    """Preview every file; ``options`` is keyed by the file's sha256 (what the analyst fixed).

    The same content dropped twice in one batch is read once: the repeat comes back as
    'duplicate' with ``same_as`` naming the first. ``preview`` replaces ``preview_file`` for one
    file (the page passes its per-session cache)."""
    limits = limits or Limits.from_env()
    options = options or {}
    cur, owned = _reader(con, db) if preview is None else (None, False)
    try:
        if preview is None:
            units = units if units is not None else load_reporting_units()

            def preview(name, data, opts):
                return preview_file(name, data, opts, con=cur, limits=limits, units=units)

        out = []
        seen: dict[str, str] = {}
        for name, data in files:
            sha = hashlib.sha256(data).hexdigest()
            if sha in seen:
                out.append(FilePreview(name, data, sha, len(data), "duplicate", same_as=seen[sha],
                                       message_zh=f"与本批中的“{seen[sha]}”内容完全相同，只导入一次。",
                                       message_en=f"Same content as '{seen[sha]}' in this batch; loaded once."))  # fmt: skip
                continue
            seen[sha] = name
            out.append(preview(name, data, options.get(sha)))
        return out
    finally:
        if owned:
            cur.close()


def _would_change(a: Analysis, overrides: dict[str, str]) -> bool:
    current = {lab: canon for s in a.sheets for lab, canon in s.mapping.items()}
    return any(current.get(lab, "") != canon for lab, canon in overrides.items())


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
