"""Entry points: generate() and ``python -m etl.demo OUT_DIR``."""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

from .inspections import _write_inspections
from .ledgers import _listings, _write_ledgers
from .registry import _write_registry
from .simulator import _add_months, simulate
from .vocab import N_MONTHS

# ---------------------------------------------------------------- entry points


def default_end_month(today: date | None = None) -> date:
    today = today or date.today()
    return _add_months(today.replace(day=1), -1)


def generate(out_dir: Path, end_month: date | None = None, seed: int = 20251) -> list[Path]:
    """Write the demo files under out_dir; return them in load order (registry, then month by month)."""
    out_dir = Path(out_dir)
    end = (end_month or default_end_month()).replace(day=1)
    world = simulate(seed, end)
    listings = _listings(world)
    registry = _write_registry(world, out_dir, seed)
    paths = [registry[0]]
    for mi in range(N_MONTHS):
        paths += _write_ledgers(world, out_dir, mi, listings, seed)
        paths += _write_inspections(world, out_dir, mi, seed)
    paths.append(registry[1])
    return paths


def _parse_month(s: str) -> date:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", s.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise argparse.ArgumentTypeError(f"月份格式应为 YYYY-MM，例如 2025-05：{s!r}")
    return date(int(m.group(1)), int(m.group(2)), 1)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m etl.demo", description="生成安宁县演示数据 / write demo spreadsheets")
    p.add_argument("out_dir", type=Path)
    p.add_argument("--end", type=_parse_month, default=None, help="last month, YYYY-MM (default: last month)")
    p.add_argument("--seed", type=int, default=20251)
    a = p.parse_args(argv)
    paths = generate(a.out_dir, a.end, a.seed)
    kinds = defaultdict(int)
    for path in paths:
        kinds[path.parent.name] += 1
    print(
        f"已生成 {len(paths)} 个文件 / wrote {len(paths)} files to {a.out_dir}: "
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    )
    return 0

