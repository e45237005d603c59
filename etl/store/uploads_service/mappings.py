"""Layouts and the column mappings an analyst chose, remembered per layout signature."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from etl.ingest import headers as hd
from etl.ingest.pipeline import Analysis
from etl.ingest.workbook import read_workbook
from etl.problems import RefusedFile
from etl.read import queries
from etl.store.uploads_service.model import MAPPABLE, SheetLayout


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
    from etl.ingest.pipeline import _looks_like_summary

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


# ---------------------------------------------------------------- remembered mappings


def remembered_mapping(cur, signature: str, kind: str | None = None) -> dict | None:
    df = queries.run(cur, "upload_mapping_lookup", signature=signature, kind=kind)
    if df.empty:
        return None
    r = df.iloc[0]
    overrides = json.loads(r["overrides"]) if isinstance(r["overrides"], str) else dict(r["overrides"])
    return {"overrides": overrides, "saved_by": r["saved_by"], "saved_at": r["saved_at"], "kind": r["kind"]}
