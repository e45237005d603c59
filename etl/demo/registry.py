"""The registry of supervised units (监管对象名录), one year ago and latest."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path
from typing import Any

from .simulator import Unit, World, _month_end
from .vocab import COUNTY, N_MONTHS, SECTOR_WORDS, SECTORS
from .writers import Sheet, _write, _xlsx_bytes

RISK_COLOUR = {"red": "红", "orange": "橙", "yellow": "黄", "blue": "蓝"}
RISK_WORDS = {"red": "重大风险", "orange": "较大风险", "yellow": "一般风险", "blue": "低风险"}


def _registry_units(world: World, mi: int) -> dict[str, list[Unit]]:
    return {t.name: [u for u in world.units[t.name] if u.active_from <= mi <= u.active_to] for t in world.towns}


def _write_registry(world: World, out: Path, seed: int) -> list[Path]:
    d = out / "registry"
    paths = []
    old_mi, new_mi = N_MONTHS - 13, N_MONTHS - 1
    old_m, new_m = world.months[old_mi], world.months[new_mi]
    # Old version: a 汇总 sheet with a units row, then one sheet per town, no town column.
    regs = _registry_units(world, old_mi)
    sheets = [
        Sheet(
            "汇总",
            [
                ["乡镇（街道）", "监管对象数", "其中重大风险"],
                [None, "(家)", "(家)"],
                *[[tn, len(us), sum(1 for u in us if u.risk == "red")] for tn, us in regs.items()],
            ],
        )
    ]
    for t in world.towns:
        rows = [
            [f"{t.name}生产经营单位名录（{old_m.year}年{old_m.month}月更新）", None, None, None, None, None],
            ["序号", "单位名称", "行业类别", "监管部门", "统一社会信用代码", "风险等级"],
        ]
        for i, u in enumerate(sorted(regs[t.name], key=lambda u: (SECTORS.index(u.sector), u.name)), 1):
            rows.append(
                [i, u.name, SECTOR_WORDS[u.sector][0], u.department or None, u.credit_code or None, RISK_COLOUR[u.risk]]
            )
        sheets.append(Sheet(t.name, rows, merges=[(0, 0, 0, 5)]))
    created = datetime(old_m.year, old_m.month, 20, 9, 0)
    paths.append(_write(d / f"{COUNTY}监管对象名录（{old_m.year}年版）.xlsx", _xlsx_bytes(sheets, created)))
    # New version: one sheet with a town column, different headers and risk words.
    regs = _registry_units(world, new_mi)
    end = _month_end(new_m)
    rows: list[list[Any]] = []
    rng = random.Random(f"{seed}:registry")
    for t in world.towns:
        for u in sorted(regs[t.name], key=lambda u: (SECTORS.index(u.sector), u.name)):
            word = u.sector_word if (u.sector_word and rng.random() < 0.3) else SECTOR_WORDS[u.sector][-1]
            rows.append([t.name, u.name, word, u.department or None, u.credit_code or None, RISK_WORDS[u.risk]])
    sh = Sheet(
        "名录",
        [
            [f"{COUNTY}生产经营单位监管对象名录（{new_m.year}年版）"] + [None] * 6,
            [f"（截至{end.year}年{end.month}月{end.day}日）"] + [None] * 6,
            ["序号", "所属街镇", "企业名称", "所属行业", "行业主管部门", "信用代码", "风险级别"],
            *[[i, *r] for i, r in enumerate(rows, 1)],
        ],
        merges=[(0, 0, 0, 6), (1, 0, 1, 6)],
    )
    notes = Sheet(
        "填表说明",
        [
            ["风险级别：重大风险（红）、较大风险（橙）、一般风险（黄）、低风险（蓝）。"],
            ["行业主管部门空白的，由属地乡镇（街道）负责。"],
        ],
    )
    created = datetime(end.year, end.month, end.day, 9, 0)
    paths.append(_write(d / f"{COUNTY}监管对象名录（{new_m.year}年版）.xlsx", _xlsx_bytes([sh, notes], created)))
    return paths
