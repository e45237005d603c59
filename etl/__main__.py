"""Command line: python -m etl load|uploads|errors|rollback|demo|check …

The edge of the package: parses arguments, calls the pipeline, prints, sets the exit code.
Expected failures print one sentence (Chinese, then English); never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from etl.ingest import sandbox

from .contract import KIND_ZH, KINDS

if TYPE_CHECKING:
    from etl.store.writes import LoadReport

# The warehouse, the loader and pandas are imported inside the commands that use them: `load` and
# `agree` start their reading worker (etl.ingest.sandbox) first, and its own imports (about 0.55 s)
# then run on the other core while this process imports the rest (about 0.6 s).
_READS_FILES = ("load", "agree")

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3


def _month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"月份应写成 YYYY-MM，例如 2025-05（收到 '{text}'）/ month must be YYYY-MM") from None


def _print_report(rep: LoadReport, out, explain: bool = False) -> None:
    from etl.ingest.reading_report import text_report

    a = rep.analysis
    if rep.status == "refused":
        print(f"✗ {rep.file_name}: 拒收 refused — {rep.message}", file=out)
        return
    head = {"loaded": "✓ 已导入 loaded", "duplicate": "= 重复 duplicate", "dry_run": "· 试读 dry run"}[rep.status]
    extra = f" 上传 upload #{rep.upload_id}" if rep.upload_id else ""
    print(f"{head} {rep.file_name}{extra}", file=out)
    print(f"  类型 kind: {KIND_ZH[a.kind]} ({a.kind})  报送月份 month: {a.report_month:%Y-%m}  "
          f"乡镇 towns: {'、'.join(a.towns) or '—'}", file=out)
    visits = (f"（其中 {a.visits_found} 条无隐患记录计为检查 of which {a.visits_found} 'no hazards' rows stored as "
              f"visits）" if a.visits_found else "")
    print(f"  读取 read {a.rows_read} = 导入 loaded {a.rows_loaded} + 拒绝 rejected {a.rows_rejected} + "
          f"非数据 non-data {a.rows_skipped}{visits}", file=out)
    for s in a.sheets:
        if s.role != "data":
            print(f"  工作表 sheet “{s.name}”: 跳过 skipped — {s.reason}", file=out)
        elif s.reason:
            print(f"  工作表 sheet “{s.name}”: {s.reason}", file=out)
    for line in text_report(a, full=explain):  # how each column was read, every default and decision
        print(line, file=out)
    for p in a.problems[:20]:
        print(f"  拒绝 rejected: 工作表“{p.sheet}” 第{p.row}行 列“{p.column}” 值'{p.raw_value}' — {p.reason}", file=out)
    if len(a.problems) > 20:
        print(f"  …另有 {len(a.problems) - 20} 条，见 python -m etl errors {rep.upload_id or ''}", file=out)
    if rep.status == "duplicate":
        print(f"  {rep.message}", file=out)


def cmd_load(args) -> int:
    from etl.store import db as dbmod
    from etl.store.writes import CommandLine, ingest

    db = dbmod.resolve_path(args.db)
    worst = EXIT_OK
    sandbox.for_command_line()  # files from outside are read in a memory-limited worker, as on the upload page
    for f in args.files:
        rep = ingest(Path(f), db=db, town=args.town, month=args.month, kind=args.kind, dry_run=args.dry_run,
                     actor=CommandLine(args.user), isolated=True)
        _print_report(rep, sys.stdout, explain=args.explain)
        if rep.status == "refused":
            worst = EXIT_REFUSED
    if not args.dry_run:
        print(f"数据版本 data version: {_version(db)}  仓库 warehouse: {db}")
    return worst


def _version(db: Path) -> int:
    from etl.store import db as dbmod

    con = dbmod.open_reader(db)
    try:
        return dbmod.data_version(con)
    finally:
        con.close()


def cmd_uploads(args) -> int:
    from etl.read import queries
    from etl.store import db as dbmod

    con = dbmod.open_reader(dbmod.resolve_path(args.db))
    try:
        rows = sorted(queries.rows(con, "upload_history"))  # oldest first
    finally:
        con.close()
    if not rows:
        print("还没有任何上传。/ No uploads yet.")
        return EXIT_OK
    print("编号 id | 状态 status | 类型 kind | 月份 month | 导入时间 loaded | 读取/导入/拒绝/非数据 read/loaded/rejected/skipped | 文件 file")
    for (upload_id, file_name, _sha, kind, month, _towns, _unit, loaded_at, _by, _size, read, loaded, rejected, skipped,
         status, *_rolled_back) in rows:  # fmt: skip
        print(f"{upload_id} | {status} | {kind} | {f'{month:%Y-%m}' if month else '—'} | {loaded_at:%Y-%m-%d %H:%M} | "
              f"{read}/{loaded}/{rejected}/{skipped} | {file_name}")
    from etl.store.uploads_service import stale_department_names

    for r in stale_department_names(db=dbmod.resolve_path(args.db)).itertuples(index=False):
        print(f"说明：上传 {r.upload_id} 的部门“{r.name}”（{r.rows} 行）导入在部门名录之前，名录现读作“{r.directory_name}”；"
              f"回退后重新导入该文件即可。/ Note: upload {r.upload_id} stored '{r.name}' ({r.rows} rows) before the "
              f"department directory read it as '{r.directory_name}'; roll it back and load the file again.")  # fmt: skip
    return EXIT_OK


def cmd_errors(args) -> int:
    from etl.read import queries
    from etl.store import db as dbmod

    from .xlsx import neutralise

    con = dbmod.open_reader(dbmod.resolve_path(args.db))
    try:
        if not queries.rows(con, "upload_one", upload_id=args.upload_id):
            print(f"没有编号为 {args.upload_id} 的上传记录。/ There is no upload #{args.upload_id}.", file=sys.stderr)
            return EXIT_FAILED
        rows = queries.rows(con, "upload_errors", upload_id=args.upload_id)
    finally:
        con.close()
    if args.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["工作表", "行号", "列", "原始值", "原因"])
        for r in rows:
            w.writerow([neutralise(x) for x in r])
        return EXIT_OK
    if not rows:
        print(f"上传 #{args.upload_id} 没有被拒绝的行。/ Upload #{args.upload_id} has no rejected rows.")
    for r in rows:
        print(f"工作表“{r[0]}” 第{r[1]}行 列“{r[2]}” 值'{r[3]}' — {r[4]}")
    return EXIT_OK


def cmd_rollback(args) -> int:
    from etl.store import db as dbmod
    from etl.store.load import UnknownUpload
    from etl.store.writes import CommandLine, rollback_upload

    db = dbmod.resolve_path(args.db)
    try:
        version = rollback_upload(db, args.upload_id, CommandLine(args.user))
    except UnknownUpload as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    print(f"已回退上传 #{args.upload_id}，数据版本 {version}。/ Upload #{args.upload_id} rolled back; data version {version}.")
    return EXIT_OK


def cmd_demo(args) -> int:
    from etl.store import db as dbmod

    from .demo.build import build_demo

    db = dbmod.resolve_path(args.db)
    summary = build_demo(db, force=args.force)
    print(summary)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m etl", description="安全生产隐患数据仓库命令行 / hazard warehouse CLI")
    sub = p.add_subparsers(dest="cmd", required=True)

    def with_db(sp):
        sp.add_argument("--db", help="仓库文件 warehouse file (默认 default: $SAFETY_WAREHOUSE 或 data/warehouse.duckdb)")
        sp.add_argument("--user", default=None, help=argparse.SUPPRESS)
        return sp

    sp = with_db(sub.add_parser("load", help="导入表格 load spreadsheets"))
    sp.add_argument("files", nargs="+")
    sp.add_argument("--town", help="文件中找不到乡镇时使用 town to use when the file names none")
    sp.add_argument("--month", type=_month, help="报送月份 YYYY-MM，文件中找不到时使用")
    sp.add_argument("--kind", choices=KINDS, help="强制指定类型 force the kind")
    sp.add_argument("--dry-run", action="store_true", help="只检查不写入 check without writing")
    sp.add_argument("--explain", action="store_true",
                    help="完整读法报告：每一列如何识别 full reading report: how every column was read")
    sp.set_defaults(func=cmd_load)

    sp = with_db(sub.add_parser("uploads", help="上传记录 list uploads"))
    sp.set_defaults(func=cmd_uploads)

    sp = with_db(sub.add_parser("errors", help="某次上传被拒绝的行 rejected rows of an upload"))
    sp.add_argument("upload_id", type=int)
    sp.add_argument("--csv", action="store_true")
    sp.set_defaults(func=cmd_errors)

    sp = with_db(sub.add_parser("rollback", help="回退一次上传 roll back an upload"))
    sp.add_argument("upload_id", type=int)
    sp.set_defaults(func=cmd_rollback)

    sp = with_db(sub.add_parser("demo", help="生成演示数据并建仓 build the demo warehouse"))
    sp.add_argument("--force", action="store_true", help="重建 rebuild even if it exists")
    sp.set_defaults(func=cmd_demo)
    # subcommands owned by other modules: each exposes add_arguments(parser) and run(args) -> int
    for name, module, help_text in _PLUGGABLE:
        mod = importlib.import_module(f"etl.{module}")  # a broken module is an error, never a missing command
        sp = with_db(sub.add_parser(name, help=help_text))
        mod.add_arguments(sp)
        sp.set_defaults(func=mod.run)
    return p


# (command, module under etl/, help): each module exposes add_arguments(parser) and run(args) -> int.
_PLUGGABLE = (
    ("check", "admin.maintenance_check", "完整性检查 integrity check of the warehouse"),
    ("backup", "admin.maintenance_backup", "备份仓库 consistent backup to a folder"),
    ("restore", "admin.maintenance_restore", "从备份恢复 restore from a backup"),
    ("brief", "brief", "生成会议材料 monthly briefing pack (.pptx + .docx)"),
    ("user", "admin.users_cli", "管理账号 manage local accounts"),
    ("assignments", "store.assignments_cli", "会议交办事项 meeting assignments: list | add | close"),
    ("agree", "ingest.agreements_cli", "导入会商意见 load the agreed owners of the 会商清单"),
)


def main(argv: list[str] | None = None) -> int:
    from .terminal import SafeStream

    mask = os.umask(0o077)  # what the CLI creates (warehouse, WAL, snapshots, archive) is the owner's alone
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)  # cell text never drives the terminal
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = out, err
        os.umask(mask)


def _run(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] and argv[0] in _READS_FILES:
        sandbox.for_command_line()  # before the imports below: the worker starts while they run
    from etl.store import db as dbmod

    try:
        parser = build_parser()
    except ImportError as exc:  # a broken installation: say which module, never drop its command silently
        print(f"命令行无法启动：模块 {exc.name or exc} 无法导入（{exc}）。/ The CLI cannot start: a module failed to import.",
              file=sys.stderr)  # fmt: skip
        return EXIT_FAILED
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except dbmod.WarehouseBusy as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("已中断，本次未完成的导入没有写入。/ Interrupted; the unfinished load was not written.", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # the last line of defence: a sentence, never a traceback
        print(f"出现意外错误，操作未完成，仓库未改变：{type(exc).__name__}: {exc} / Unexpected error; nothing was changed.",
              file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
