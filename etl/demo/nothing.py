"""无隐患 rows of the demo ledgers: units a town inspected in the month and found nothing at.

Real ledgers often list them (隐患描述 "无隐患", "未发现隐患", "经检查无隐患" …) with the unit, the
town, the sector and the inspection date in the found-date column, and no level, deadline or
status (blank, or "/" as a printed form is left empty). The loader stores each as a visit that
found nothing (docs/DATA_CONTRACT.md §1.1, etl/ingest/nothing_visits.py), so the demo's
supervision-gap pages show ledger visits beside the inspection logs' ones.

Only some towns write them, in their own words (``HABITS``), most of all the weak towns whose
town-level checks rarely find anything (白马镇's 安监站 is one of the lax teams, 宽松软虚). Each
month such a town lists:

- some of its 安监站's own patrols that the county's inspection log never received (ledger-only
  visits: they add presence — coverage, units visited — and are left out of per-visit figures);
- a share of its 安监站's visits in the county's log (乡镇检查 sheet) that found nothing: the same
  unit on the same day, so the warehouse counts each of them once.

Units with a hazard found in the month are not listed as 无隐患. Values come from a random stream
of their own (seed, town, month), never from the simulator's, so every other cell of the demo
stays as it was and the files stay byte-identical for a seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from .habits import LedgerHabit, _sector_word
from .simulator import Unit, World, _month_end, _pick_weighted, _work_day
from .vocab import TownCfg, _season
from .writers import fmt_date


@dataclass(frozen=True)
class NothingHabit:
    patrols: tuple[int, int]  # ledger-only patrols a month (inclusive range)
    logged: float  # share of the 安监站's zero-finding visits in the county log also listed
    words: tuple[str, ...]  # 隐患描述 as the town writes it
    station: bool  # the department cell names the town's 安监站 (else left blank)
    placeholder: str | None = None  # written in level / deadline / status ("/"), else blank


HABITS: dict[str, NothingHabit] = {
    "白马镇": NothingHabit((5, 9), 0.6, ("无隐患", "未发现隐患", "无隐患"), station=True),
    "云岭乡": NothingHabit((3, 6), 0.4, ("经检查无隐患", "未发现隐患"), station=False, placeholder="/"),
    "柳湾乡": NothingHabit((2, 4), 0.3, ("未发现隐患",), station=False),
    "石桥镇": NothingHabit((1, 3), 0.2, ("无隐患",), station=True, placeholder="/"),
}


def records(t: TownCfg, hab: LedgerHabit, mi: int, world: World, seed: int, found: set[str]) -> list[tuple[date, dict]]:
    """(inspection day, ledger record) of the town's 无隐患 rows for month mi, by day then unit.
    ``found``: the units with a hazard found in the month (never listed as 无隐患)."""
    nh = HABITS.get(t.name)
    if nh is None:
        return []
    rm = world.months[mi]
    rng = random.Random(f"{seed}:nothing:{t.name}:{rm.isoformat()}")
    station = f"{t.name}安监站"
    listed: dict[str, tuple[date, Unit, str | None]] = {}
    end = _month_end(rm)
    for v in world.visits:  # the county log's zero-finding visits by the town's own station
        if (
            v.town == t.name
            and rm <= v.day <= end
            and v.level == "town"
            and v.method != "report"
            and not v.hazards
            and v.department in (station, "")
            and v.unit.name not in found
            and v.unit.name not in listed
            and rng.random() < nh.logged
        ):
            listed[v.unit.name] = (v.day, v.unit, v.department if nh.station else None)
    pool = [
        (u, u.weight * _season(u.sector, rm.month))
        for u in world.units[t.name]
        if u.active_from <= mi <= u.active_to and u.weight > 0 and u.name not in found and u.name not in listed
    ]
    for _ in range(rng.randint(*nh.patrols)):
        if not pool:
            break
        u = _pick_weighted(rng, pool)
        pool = [(x, w) for x, w in pool if x is not u]
        listed[u.name] = (_work_day(rng, rm), u, station if nh.station else None)
    kind = hab.found_date or hab.date
    out = []
    for day, u, dept in sorted(listed.values(), key=lambda x: (x[0], x[1].name)):
        rec: dict[str, Any] = {
            "town": t.name,
            "sector": _sector_word(t, u, rng.random()),
            "unit": u.name,
            "desc": rng.choice(nh.words),
            "found": fmt_date(kind, day, rm, rng.randint(8 * 60, 17 * 60 + 30)),
            "dept": dept,
        }
        for f in ("level", "deadline", "status"):
            rec[f] = nh.placeholder
        out.append((day, rec))
    return out


def merge(dated: list[tuple[date, dict]], nothing: list[tuple[date, dict]], by_date: bool) -> list[dict]:
    """The ledger's records with the 无隐患 rows placed among them by date (after the hazards of the
    same day), or after them when the ledger is not in date order."""
    if not by_date:
        return [r for _, r in dated] + [r for _, r in nothing]
    keyed = [((d, 0, i), r) for i, (d, r) in enumerate(dated)] + [((d, 1, i), r) for i, (d, r) in enumerate(nothing)]
    return [r for _, r in sorted(keyed, key=lambda x: x[0])]
