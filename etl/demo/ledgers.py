"""The towns' monthly hazard ledgers (隐患排查整改台账), including the deliberately bad rows."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from . import followthrough, nothing
from .habits import HABITS, LedgerHabit, Listed, _method_word, _sector_word
from .simulator import Hazard, World, _add_months, _month_end
from .vocab import SECTOR_WORDS, TownCfg
from .writers import Sheet, _created, _csv_bytes, _write, _xls_bytes, _xlsx_bytes, build_sheet, fmt_date

TOWN_SIGNERS = ("王某", "李某", "张某", "刘某", "陈某", "赵某", "周某", "吴某")


def _hazard_record(t: TownCfg, hab: LedgerHabit, it: Listed, rm: date) -> dict[str, Any]:
    h = it.h
    kind = hab.date
    if t.name == "河西街道" and h.r < 0.25:
        kind = "cn"
    if t.name == "梅林乡" and h.r < 0.3:
        kind = "slash"
    end = _month_end(rm)
    is_open = it.rectified is None
    if is_open and hab.status[2] and h.deadline < end:
        status = hab.status[2]
    else:
        status = hab.status[1] if is_open else hab.status[0]
    return followthrough.fields(t, hab, it, rm) | {
        "id": h.hid,
        "town": h.town,
        "sector": _sector_word(t, h.unit, h.r),
        "unit": h.unit.name,
        "desc": h.description,
        "level": hab.level[1] if h.major else hab.level[0],
        "found": fmt_date(hab.found_date or kind, h.found, rm, h.minute),
        "deadline": fmt_date(kind, h.deadline, rm),
        "status": status,
        "rect": fmt_date(kind, it.rectified, rm),
        "dept": _dept_word(t.name, h.department),
        "method": _method_word(t.habit, h.method, h.r, h.unit),
    }


# 梅林乡 and 柳湾乡 write the departments the short way (应急局, 消防大队); the department directory
# (config/departments.toml) reads them as the county's names and the build's reports say so
SHORT_DEPT_TOWNS = ("梅林乡", "柳湾乡")
SHORT_DEPT = {"县应急管理局": "应急局", "县消防救援大队": "消防大队", "县市场监管局": "市场监管局", "县教育局": "教育局",
              "县住建局": "住建局", "县交通运输局": "交通局", "县公安局交警大队": "交警大队", "县文旅局": "文旅局"}  # fmt: skip


def _dept_word(town: str, department: str | None) -> str | None:
    if not department:
        return None
    return SHORT_DEPT.get(department, department) if town in SHORT_DEPT_TOWNS else department


def _listings(world: World) -> dict[tuple[str, int], list[Listed]]:
    """Per (town, month index) the hazards a town's ledger lists; skipped months have no entry."""
    followthrough.adjust(world)  # issue 12: the built-in follow-through problems
    by_town: dict[str, list[Hazard]] = defaultdict(list)
    for h in world.hazards:
        by_town[h.town].append(h)
    out: dict[tuple[str, int], list[Listed]] = {}
    for t in world.towns:
        hs = sorted(by_town[t.name], key=lambda h: h.found)
        pending: list[Hazard] = []
        last_end: date | None = None
        for mi, m in enumerate(world.months):
            if mi in world.skipped[t.name]:
                continue
            end = _month_end(m)
            new = [h for h in hs if h.found <= end and (last_end is None or h.found > last_end)]
            listed = [Listed(h, h.rectified if h.rectified and h.rectified <= end else None) for h in pending + new]
            out[(t.name, mi)] = listed
            pending = [x.h for x in listed if x.rectified is None]
            last_end = end
    followthrough.reopen(out, world)
    return out


def _bad_month(world: World, town: str, target: int) -> int:
    """The first month from target on that the town reports (bad rows must land in a written file)."""
    while target in world.skipped[town]:
        target += 1
    return target


def _bad_ledger_rows(t: TownCfg, mi: int, hab: LedgerHabit, rm: date, world: World) -> list[tuple[int, dict[str, Any]]]:
    """The deliberately bad rows (see module docstring): (insert position, record)."""
    units = [u for u in world.units[t.name] if u.active_from <= mi <= u.active_to]
    d = rm + timedelta(days=9)
    base = {
        "town": t.name,
        "level": hab.level[0],
        "status": hab.status[1],
        "dept": None,
        "deadline": fmt_date(hab.date, d + timedelta(days=15), rm),
        "method": "日常检查",
        "found": fmt_date(hab.found_date or hab.date, d, rm, 600),
    }
    u = units[len(units) // 2]
    if t.name == "白马镇" and mi == _bad_month(world, t.name, 5):
        return [
            (
                1,
                {
                    **base,
                    "sector": _sector_word(t, u, 0.5),
                    "unit": u.name,
                    "desc": "灭火器压力不足（待复查）",
                    "found": "待定",
                },
            )
        ]
    if t.name == "东关街道" and mi == 9:
        return [
            (
                2,
                {
                    **base,
                    "id": t.id_fmt.format(y=rm.year, m=rm.month, n=999, yy=0) if t.id_fmt else None,
                    "sector": SECTOR_WORDS["fire"][t.habit % 4],
                    "unit": None,
                    "desc": None,
                },
            )
        ]
    if t.name == "龙泉镇" and mi == 14:
        return [
            (0, {**base, "id": f"LQ{rm.year}-900", "sector": "建筑施功", "unit": u.name, "desc": "临时用电线路老化"})
        ]
    if t.name == "梅林乡" and mi == _bad_month(world, t.name, 17):
        return [
            (
                3,
                {
                    **base,
                    "id": f"梅隐〔{rm.year}〕900号",
                    "sector": _sector_word(t, u, 0.5),
                    "unit": u.name,
                    "desc": "配电箱门锁损坏",
                    "level": "较大",
                },
            )
        ]
    if t.name == "北坪镇" and mi == 20:
        return [
            (
                4,
                {
                    **base,
                    "sector": _sector_word(t, u, 0.5),
                    "unit": u.name,
                    "desc": "安全出口指示灯不亮",
                    "found": f"{rm.year}/2/30",
                },
            )
        ]
    return []


def _ledger_sheet(
    t: TownCfg, mi: int, items: list[Listed], world: World, rng: random.Random, sheet_name: str, seed: int
) -> tuple[Sheet, dict[str, Any]]:
    rm = world.months[mi]
    hab = HABITS[t.name]
    lay = hab.layout
    order = (
        sorted(items, key=lambda x: (x.h.unit.name, x.h.found))
        if lay.merge_field
        else sorted(items, key=lambda x: (x.h.found, x.h.hid or "", x.h.unit.name))
    )
    found = {it.h.unit.name for it in items if rm <= it.h.found <= _month_end(rm)}
    no_hazard = nothing.records(t, hab, mi, world, seed, found)
    dated = [(it.h.found, _hazard_record(t, hab, it, rm)) for it in order]
    recs = nothing.merge(dated, no_hazard, by_date=not lay.merge_field)
    for pos, rec in _bad_ledger_rows(t, mi, hab, rm, world):
        recs.insert(min(pos, len(recs)), rec)
    fill = _add_months(rm, 1) + timedelta(days=rng.randint(0, 4))
    ctx = {
        "town": t.name,
        "y": rm.year,
        "m": rm.month,
        "last": _month_end(rm).day,
        "fy": fill.year,
        "fm": fill.month,
        "fd": fill.day,
        "signer": rng.choice(TOWN_SIGNERS),
        "checker": rng.choice(TOWN_SIGNERS),
        "phone": f"0000-{rng.randint(1000000, 9999999)}",
    }
    n_desc = "desc"
    n_items = len(recs) - len(no_hazard)  # the 合计 counts hazards, not the units found without any
    lay.total_values = {n_desc: f"共{n_items}项"} if lay.total_label else {}
    sh = build_sheet(sheet_name, lay, recs, ctx)
    return sh, {"fill": fill, **ctx}


def _write_ledgers(world: World, out: Path, mi: int, listings: dict, seed: int) -> list[Path]:
    rm = world.months[mi]
    y, m = rm.year, rm.month
    d = out / "ledgers"
    paths: list[Path] = []
    towns = {t.name: t for t in world.towns}

    def rng_for(key: str) -> random.Random:
        return random.Random(f"{seed}:{key}:{rm.isoformat()}")

    for t in world.towns:
        if (t.name, mi) not in listings or t.name == "南山乡":
            continue
        items = listings[(t.name, mi)]
        rng = rng_for(t.name)
        if t.name == "城关镇":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, f"{y}年{m}月", seed)
            paths.append(_write(d / f"城关镇{y}年{m}月隐患整改台账.xlsx", _xlsx_bytes([sh], _created(ctx["fill"]))))
        elif t.name == "河西街道":
            sheets = []
            summary = Sheet("汇总", [["乡镇", "隐患数", "已整改", "整改率"]])
            fill = None
            for tn in ("河西街道", "南山乡"):
                its = listings.get((tn, mi), [])
                sh, ctx = _ledger_sheet(towns[tn], mi, its, world, rng, tn, seed)
                fill = fill or ctx["fill"]
                sheets.append(sh)
                done = sum(1 for x in its if x.rectified)
                summary.rows.append([tn, len(its), done, f"{done / len(its):.1%}" if its else "—"])
            notes = Sheet("填表说明", [["1. 日期请填写为年-月-日；2. 隐患级别填写一般或重大。"]], hidden=True)
            data = _xlsx_bytes([summary, *sheets, notes], _created(fill))
            paths.append(_write(d / f"{y}年{m}月河西街道南山乡隐患台账.xlsx", data))
        elif t.name == "北坪镇":
            sh, _ = _ledger_sheet(t, mi, items, world, rng, "", seed)
            paths.append(_write(d / f"北坪镇隐患排查{y}{m:02d}.csv", _csv_bytes(sh, "gb18030")))
        elif t.name == "东关街道":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, "Sheet1", seed)
            sh.widths = {5: 2.0}
            paths.append(
                _write(d / f"东关街道{y}年{m}月隐患排查整改台账.xlsx", _xlsx_bytes([sh], _created(ctx["fill"])))
            )
        elif t.name == "桃源镇":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, "Sheet1", seed)
            paths.append(_write(d / f"桃源镇安全隐患清单（{y}年{m}月）.xlsx", _xlsx_bytes([sh], _created(ctx["fill"]))))
        elif t.name == "青石镇":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, f"青石镇{y}年{m}月", seed)
            dic = Sheet(
                "字典",
                [
                    ["字段", "填写说明"],
                    ["是否整改", "√=已整改，×=未整改"],
                    ["隐患级别", "一般 / 重大"],
                    ["排查时间", "8位数字，如20250305"],
                ],
            )
            paths.append(
                _write(d / f"隐患排查台账（青石）{y}{m:02d}.xlsx", _xlsx_bytes([sh, dic], _created(ctx["fill"])))
            )
        elif t.name == "柳湾乡":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, "Sheet1", seed)
            paths.append(_write(d / f"柳湾乡{y}年{m}月隐患治理台账.xlsx", _xlsx_bytes([sh], _created(ctx["fill"]))))
        elif t.name == "龙泉镇":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, f"{m}月", seed)
            sheets = [sh]
            notes = Sheet(
                "填表说明",
                [
                    ["填表说明"],
                    ["1. 每月5日前报送上月台账；"],
                    ["2. 已整改的隐患在当月台账中标注“已验收”，次月不再列出；"],
                    ["3. 日期按“年月日”填写。"],
                ],
            )
            sheets.append(notes)
            prev = mi - 1
            if (t.name, prev) in listings:
                old, _ = _ledger_sheet(t, prev, listings[(t.name, prev)], world, rng_for("龙泉镇old"), "上月备份", seed)
                old.hidden = True
                sheets.append(old)
            paths.append(
                _write(d / f"龙泉镇{y}年{m}月隐患排查治理台账.xlsx", _xlsx_bytes(sheets, _created(ctx["fill"])))
            )
        elif t.name == "石桥镇":
            sh, _ = _ledger_sheet(t, mi, items, world, rng, "Sheet1", seed)
            paths.append(_write(d / f"石桥镇{y}年{m}月隐患台账.xls", _xls_bytes([sh])))
        elif t.name == "云岭乡":
            sh, _ = _ledger_sheet(t, mi, items, world, rng, "", seed)
            paths.append(_write(d / f"云岭乡{y}年{m}月隐患台账.csv", _csv_bytes(sh, "utf-8-sig")))
        elif t.name == "新港镇":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, "台账", seed)
            paths.append(_write(d / f"新港镇{y}年{m}月安全隐患台账.xlsx", _xlsx_bytes([sh], _created(ctx["fill"]))))
        elif t.name == "白马镇":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, "Sheet1", seed)
            paths.append(_write(d / f"白马镇隐患台账{y}.{m:02d}.xlsx", _xlsx_bytes([sh], _created(ctx["fill"]))))
        elif t.name == "梅林乡":
            sh, ctx = _ledger_sheet(t, mi, items, world, rng, "台账", seed)
            paths.append(_write(d / f"梅林乡{y}年{m}月隐患排查整改台账.xlsx", _xlsx_bytes([sh], _created(ctx["fill"]))))
        else:  # pragma: no cover - every town has a habit above
            raise AssertionError(t.name)
    return paths
