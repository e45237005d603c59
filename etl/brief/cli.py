"""``python -m etl brief``: write the pack for a month from the warehouse."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pandas as pd

from .document import build_docx
from .fmt import fmt_date, fmt_month
from .model import COUNTY_ENV, BriefData, collect, default_month, parse_month
from .pack import file_stem
from .slides import build_pptx

# ---- CLI: python -m etl brief ----------------------------------------------------------------


def _month_arg(text: str) -> dt.date:
    try:
        return parse_month(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"月份应写成 YYYY-MM，例如 2025-05（收到 '{text}'）/ month must be YYYY-MM") from None


def _date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD（收到 '{text}'）/ date must be YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", type=_month_arg, help="会议月份 YYYY-MM（默认：最近报送的月份）/ meeting month")
    parser.add_argument("--out", required=True,
                        help="输出文件 x.pptx 或 x.docx（两者都会生成，同名）或文件夹 / output file (both .pptx and "
                             ".docx are written, same stem) or folder")  # fmt: skip
    parser.add_argument("--asof", type=_date_arg, help="截至日期（默认该月月末）/ as-of date (default: month end)")
    parser.add_argument("--county", help=f"县名（默认 ${COUNTY_ENV} 或“全县”）/ county name")
    parser.add_argument("--town", action="append", default=[], help="只统计这些乡镇（可重复）/ restrict to towns")


def output_paths(out: str | os.PathLike[str], data: BriefData) -> tuple[Path, Path]:
    p = Path(out)
    if p.suffix.lower() in (".pptx", ".docx"):
        return p.with_suffix(".pptx"), p.with_suffix(".docx")
    return p / f"{file_stem(data)}.pptx", p / f"{file_stem(data)}.docx"


def run(args: argparse.Namespace) -> int:
    from etl.read import queries
    from etl.store import db as dbmod

    path = dbmod.resolve_path(args.db)
    if not dbmod.snapshot_path(path).exists() and not path.exists():
        print(f"找不到仓库 {path}。/ No warehouse at {path}.")
        return 3
    con = dbmod.open_reader(path)
    try:
        def q(name: str, **params: Any) -> pd.DataFrame:
            return queries.run(con.cursor(), name, **params)

        month = args.month or default_month(q)
        if month is None:
            print("仓库中还没有隐患数据，无法生成会议材料。/ The warehouse has no hazards yet; nothing to brief.")
            return 1
        data = collect(q, month, args.asof, county=args.county, towns=args.town)
    finally:
        con.close()
    pptx_path, docx_path = output_paths(args.out, data)
    pptx_path.parent.mkdir(parents=True, exist_ok=True)
    pptx_path.write_bytes(build_pptx(data))
    docx_path.write_bytes(build_docx(data))
    print(f"已生成会议材料 / briefing pack written ({fmt_month(data.month)}，数据截至 {fmt_date(data.as_of)}):")
    print(f"  {pptx_path}")
    print(f"  {docx_path}")
    return 0
