"""``python -m etl check [--repair]``: integrity check of the warehouse (see etl/admin/maintenance.py).

Exit 0 when healthy; 1 with one line per finding.
"""

from __future__ import annotations

from etl.admin.maintenance import check
from etl.store import db as dbmod


def add_arguments(parser) -> None:
    parser.add_argument("--repair", action="store_true",
                        help="快照落后于主库时重新发布 republish a snapshot that lags the master (the only repair)")
    parser.add_argument("--lock-timeout", type=float, default=60.0, help="等待写入锁的秒数 seconds to wait for the writer lock")


def run(args) -> int:
    db = dbmod.resolve_path(args.db)
    res = check(db, repair=args.repair, lock_timeout=args.lock_timeout)
    if res.repaired:
        print("已重新发布快照。/ Snapshot republished.")
    if res.ok:
        print(f"✓ 仓库完整 warehouse healthy: 数据版本 data version {res.master_version}  ({db})")
        return 0
    for line in res.findings:
        print(line)
    return 1
