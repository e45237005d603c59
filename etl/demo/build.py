"""Build the demo warehouse from data/samples (generating the samples first if missing)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from etl.ingest.headers import month_from_text
from etl.store import db as dbmod
from etl.store.writes import CommandLine, ingest_many

from . import meeting

SAMPLES_DIR = dbmod.PROJECT_ROOT / "data" / "samples"
_KIND_ORDER = {"registry": 0, "ledgers": 1, "inspections": 2}
SPREADSHEET_SUFFIXES = {".xlsx", ".xls", ".csv"}


def sample_files(samples: Path = SAMPLES_DIR) -> list[Path]:
    files = [p for p in samples.rglob("*") if p.is_file() and p.suffix.lower() in SPREADSHEET_SUFFIXES]

    def order(p: Path):
        kind = _KIND_ORDER.get(p.parent.name, 3)
        month = month_from_text(p.name) or dt.date(1900, 1, 1)
        return (kind, month, p.name)

    return sorted(files, key=order)


def _has_uploads(db: Path) -> bool:
    if not db.exists():
        return False
    con = dbmod.open_reader(db)
    try:
        return con.execute("SELECT count(*) FROM uploads").fetchone()[0] > 0
    finally:
        con.close()


def build_demo(db: Path, *, force: bool = False, samples: Path = SAMPLES_DIR) -> str:
    if not force and _has_uploads(db):
        return f"演示仓库已存在，未重建（--force 可重建）。/ Warehouse {db} already has data; not rebuilt."
    if not sample_files(samples):
        from .cli import generate

        generate(samples)
    if force:
        for p in db.parent.glob(db.name + "*"):
            if p.name == db.name or p.name.startswith(db.name + "."):
                p.unlink()
    files = sample_files(samples)
    reports = ingest_many(files, db=db, actor=CommandLine("demo"))
    loaded = sum(r.status == "loaded" for r in reports)
    refused = [r for r in reports if r.status == "refused"]
    rows = sum(r.analysis.rows_loaded for r in reports if r.analysis)
    rejected = sum(r.analysis.rows_rejected for r in reports if r.analysis)
    visits = sum(r.analysis.visits_found for r in reports if r.analysis and r.status == "loaded")
    lines = [f"演示仓库已建成：{loaded} 个文件、{rows} 行导入、{rejected} 行拒绝，{visits} 条无隐患记录计为检查。"
             f"/ Demo warehouse built at {db}: {loaded} files, {rows} rows loaded, {rejected} rejected, "
             f"{visits} 'no hazards' rows stored as visits."]
    for r in refused:
        lines.append(f"  拒收 refused {r.file_name}: {r.message}")
    lines.append(meeting.hold(db))  # the 安委会's 会商 on what the files leave unowned
    return "\n".join(lines)
