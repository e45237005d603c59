"""``python -m etl agree 会商清单.xlsx`` — load the 会商意见 sheet (etl/ingest/agreements.py) and print
its row accounting; the rejected rows are listed by ``python -m etl errors N``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.ingest import sandbox
from etl.ingest.agreements import load_agreements
from etl.problems import RefusedFile
from etl.store.writes import CommandLine

EXIT_OK, EXIT_FAILED = 0, 1


def add_arguments(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("file", help="会商清单（已填写会商意见）the agenda sheet with the agreed owners filled in")


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"无法读取文件：{path.name}（{exc.strerror}）/ Cannot read {path.name}", file=sys.stderr)
        return EXIT_FAILED
    sandbox.for_command_line()  # the sheet is read in a memory-limited worker; its messages stay off the terminal
    try:
        rep = load_agreements(data, path.name, db=Path(args.db) if args.db else None, actor=CommandLine(args.user))
    except RefusedFile as exc:
        print(f"{exc.message_zh}\n{exc.message_en}", file=sys.stderr)
        return EXIT_FAILED
    print(f"会商意见已导入 / agreed owners loaded: {path.name} (upload #{rep.upload_id})")
    print(f"  读取 {rep.rows_read} 行 = 导入 {rep.loaded} + 拒绝 {rep.rows_rejected} + 非数据 {rep.non_data}"
          f"（标题、说明行和未填写会商意见的行）")  # fmt: skip
    for p in rep.rejected:
        print(f"  拒绝 {p.sheet} 第 {p.row} 行 {p.column}：{p.reason}")
    return EXIT_OK
