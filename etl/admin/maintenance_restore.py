"""``python -m etl restore FILE``: verify a backup and install it as the master (see etl/admin/maintenance.py).

Checks the manifest's sha256 (when the backup folder has one), opens and checks the file, then
under the writer lock replaces the master and republishes the snapshot readers use.
"""

from __future__ import annotations

import sys
from pathlib import Path

from etl.admin.maintenance import MaintenanceError, restore
from etl.store import db as dbmod


def add_arguments(parser) -> None:
    parser.add_argument("file", help="备份的 .duckdb 文件 the backup .duckdb file")
    parser.add_argument("--no-archive", action="store_true", help="不恢复原始文件存档 do not restore the archive folder")
    parser.add_argument("--archive", help="原始文件存档目录 archive folder (默认 default: <db folder>/archive)")


def run(args) -> int:
    db = dbmod.resolve_path(args.db)
    try:
        res = restore(db, Path(args.file), restore_archive=not args.no_archive,
                      archive_dir=Path(args.archive) if args.archive else None, user=args.user)
    except MaintenanceError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    prev = "—" if res.previous_version is None else res.previous_version
    print(f"✓ 已恢复 restored: 备份的数据版本 backup's data version {res.backup_version}；"
          f"仓库数据版本 warehouse data version {prev} → {res.data_version}  ({db})")
    if res.archive_files:
        print(f"  原始文件存档 archive files: {res.archive_files}")
    return 0
