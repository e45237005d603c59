"""``python -m etl backup DIR``: consistent backup while the app runs (see etl/admin/maintenance.py).

Copies the published snapshot (closed, consistent, replaced only by atomic rename; no lock, so a
backup never blocks an upload), the archive of original files, and a manifest with sha256.
"""

from __future__ import annotations

import sys
from pathlib import Path

from etl.admin.maintenance import MaintenanceError, backup
from etl.store import db as dbmod


def add_arguments(parser) -> None:
    parser.add_argument("dest", help="备份目录 folder to write the backup into")
    parser.add_argument("--archive", help="原始文件存档目录 archive folder (默认 default: <db folder>/archive)")


def run(args) -> int:
    db = dbmod.resolve_path(args.db)
    try:
        res = backup(db, Path(args.dest), archive_dir=Path(args.archive) if args.archive else None)
    except MaintenanceError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for w in res.warnings:
        print(f"提示 warning: {w}")
    print(f"✓ 已备份 backed up: 数据版本 data version {res.data_version} → {res.database}")
    print(f"  清单 manifest: {res.manifest}")
    return 0
