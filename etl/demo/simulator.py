"""The simulated world: units, inspection visits and hazards over the demo window."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..months import add_months as _add_months
from ..months import month_end as _month_end
from .villages import village_patrols
from .vocab import (
    BASE_SECTOR_WEIGHT,
    DEPARTMENTS,
    DESCRIPTIONS,
    GIVEN,
    LAX_TEAMS,
    METHOD_LAMBDA,
    METHOD_MAJOR,
    N_MONTHS,
    OTHER_DEPTS,
    RECTIFY,
    RISK_FACTOR,
    SECTOR_DEPTS,
    SECTOR_LAMBDA,
    SECTORS,
    SURNAMES,
    TOWNS,
    TRADE_NAMES,
    UNIT_TEMPLATES,
    UNREGISTERED_TEMPLATES,
    VILLAGES,
    TownCfg,
    _desc_fits,
    _season,
)


@dataclass(eq=False)
class Unit:
    name: str
    town: str
    sector: str
    sector_word: str | None
    department: str
    credit_code: str
    risk: str
    active_from: int = 0  # month index
    active_to: int = N_MONTHS - 1  # month index, inclusive
    registered: bool = True
    weight: float = 1.0


@dataclass(eq=False)
class Visit:
    day: date
    town: str
    unit: Unit
    method: str
    level: str  # county | town (a village's patrols too: etl/demo/villages.py) | self | supervision
    department: str
    team: str
    hazards: list[Hazard] = field(default_factory=list)
    penalty: int = 0
    r: float = 0.0


@dataclass(eq=False)
class Hazard:
    town: str
    unit: Unit
    description: str
    major: bool
    found: date
    deadline: date
    rectified: date | None
    department: str
    method: str
    hid: str | None = None
    minute: int = 0  # time of day, for towns that write '2025-03-05 14:30'
    r: float = 0.0  # stable per-hazard random for cosmetic choices


@dataclass
class World:
    months: list[date]
    towns: list[TownCfg]
    units: dict[str, list[Unit]]
    unregistered: dict[str, list[Unit]]
    visits: list[Visit]
    hazards: list[Hazard]
    skipped: dict[str, set[int]]


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _pick_weighted(rng: random.Random, pairs: list[tuple[Any, float]]) -> Any:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for item, w in pairs:
        x -= w
        if x < 0:
            return item
    return pairs[-1][0]


_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(rng: random.Random, prefix: str) -> str:
    """A well-formed 统一社会信用代码 (GB 32100) with a fictional area code."""
    body = "".join(str(rng.randint(0, 9)) for _ in range(8))
    s = sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    c9 = 11 - s % 11
    org = body + ("X" if c9 == 10 else "0" if c9 == 11 else str(c9))
    head = prefix + "519821" + org
    total = sum(_USCC.index(c) * w for c, w in zip(head, _USCC_W, strict=True))
    return head + _USCC[(31 - total % 31) % 31]


def _build_units(rng: random.Random, towns: list[TownCfg]) -> tuple[dict[str, list[Unit]], dict[str, list[Unit]]]:
    used: set[str] = set()
    units: dict[str, list[Unit]] = {}
    unregistered: dict[str, list[Unit]] = {}
    boat = 100
    for t in towns:
        villages = rng.sample(VILLAGES, 6)
        weights = dict(BASE_SECTOR_WEIGHT)
        weights.update(t.boosts)
        total = sum(weights.values())
        counts = {s: max(1, round(t.size * w / total)) for s, w in weights.items()}
        lst: list[Unit] = []
        for sector in SECTORS:
            for _ in range(counts[sector]):
                for _attempt in range(60):
                    tpl, word = rng.choice(UNIT_TEMPLATES[sector])
                    boat += 1 if "{n}" in tpl else 0
                    name = tpl.format(s=t.short, v=rng.choice(villages), x=rng.choice(TRADE_NAMES), n=f"{boat:04d}")
                    if name not in used:
                        break
                else:
                    continue
                used.add(name)
                dept = OTHER_DEPTS.get(word or "") or _pick_weighted(rng, SECTOR_DEPTS[sector])
                if rng.random() < 0.04:
                    dept = ""
                if sector in ("hazchem", "mining"):
                    risk = _pick_weighted(rng, [("red", 0.2), ("orange", 0.35), ("yellow", 0.3), ("blue", 0.15)])
                elif sector in ("gas", "construction", "fire"):
                    risk = _pick_weighted(rng, [("red", 0.06), ("orange", 0.24), ("yellow", 0.4), ("blue", 0.3)])
                else:
                    risk = _pick_weighted(rng, [("red", 0.02), ("orange", 0.13), ("yellow", 0.4), ("blue", 0.45)])
                if sector == "school" or name.endswith("卫生室") or name.endswith("敬老院"):
                    prefix = "12"
                elif rng.random() < 0.1:
                    prefix = "92"
                else:
                    prefix = "91"
                code = "" if rng.random() < 0.05 else credit_code(rng, prefix)
                u = Unit(name, t.name, sector, word, dept, code, risk)
                x = rng.random()
                if x < 0.06:
                    u.active_from = rng.randint(12, N_MONTHS - 2)  # opened after the old registry
                elif x < 0.10:
                    u.active_to = rng.randint(11, N_MONTHS - 3)  # closed; in the old registry only
                elif x < 0.12:
                    u.active_to = rng.randint(1, 10)  # closed before the old registry
                y = rng.random()
                u.weight = 0.0 if y < 0.07 else rng.lognormvariate(0, 0.55 if t.quality != "weak" else 0.9)
                lst.append(u)
        units[t.name] = lst
        extra = []
        for tpl, sector, word in UNREGISTERED_TEMPLATES:
            name = tpl.format(v=rng.choice(villages))
            if name in used:
                continue
            used.add(name)
            extra.append(Unit(name, t.name, sector, word, "", "", "yellow", registered=False, weight=0.3))
        unregistered[t.name] = extra
    return units, unregistered


def _teams(rng: random.Random, owner: str, n: int) -> list[tuple[str, float]]:
    out = []
    for _ in range(n):
        names = []
        while len(names) < 2:
            nm = rng.choice(SURNAMES) + rng.choice(GIVEN)
            if nm not in names:
                names.append(nm)
        out.append(("、".join(names), rng.uniform(0.7, 1.3)))
    if owner in LAX_TEAMS:
        out.append((LAX_TEAMS[owner], 0.03))
    return out


def _work_day(rng: random.Random, m: date) -> date:
    d = date(m.year, m.month, rng.randint(1, _month_end(m).day))
    if d.weekday() >= 5 and rng.random() < 0.85:
        fri = d - timedelta(days=d.weekday() - 4)
        d = fri if fri.month == m.month else d + timedelta(days=7 - d.weekday())
    return d


def simulate(seed: int, end_month: date) -> World:
    rng = random.Random(seed)
    end_month = end_month.replace(day=1)
    months = [_add_months(end_month, i - N_MONTHS + 1) for i in range(N_MONTHS)]
    towns = TOWNS
    units, unregistered = _build_units(rng, towns)
    teams: dict[str, list[tuple[str, float]]] = {d: _teams(rng, d, rng.randint(2, 4)) for d in DEPARTMENTS}
    for t in towns:
        teams[t.name + "安监站"] = _teams(rng, t.name + "安监站", 2)
    teams["市安委办督查组"] = _teams(rng, "", 2)
    teams["县安委办督查组"] = _teams(rng, "", 2)
    skipped: dict[str, set[int]] = {t.name: set(rng.sample(range(2, N_MONTHS - 2), t.skips)) for t in towns}

    visits: list[Visit] = []
    hazards: list[Hazard] = []
    used_desc: dict[tuple[str, str, date], None] = {}
    open_desc: dict[str, dict[str, date | None]] = defaultdict(dict)  # unit -> desc -> rectified
    id_counter: dict[tuple[str, int], int] = defaultdict(int)
    for mi, m in enumerate(months):
        mfac = {2: 0.85, 6: 1.25, 9: 1.1, 10: 1.1}.get(m.month, 1.0)
        for t in towns:
            pool = [u for u in units[t.name] if u.active_from <= mi <= u.active_to and u.weight > 0]
            pool += unregistered[t.name]
            weighted = [(u, u.weight * _season(u.sector, m.month)) for u in pool]
            n = round(t.size * 0.14 * mfac * rng.uniform(0.85, 1.15) * (0.8 if t.quality == "weak" else 1.0))
            for _ in range(n):
                u = _pick_weighted(rng, weighted)
                lvl = _pick_weighted(
                    rng, [("county", 0.38), ("town", 0.37), ("self", 0.17), ("supervision", 0.04), ("report", 0.04)]
                )
                if lvl == "county":
                    dept = u.department or _pick_weighted(rng, SECTOR_DEPTS[u.sector])
                    method = _pick_weighted(
                        rng, [("routine", 0.45), ("special", 0.2), ("spot", 0.15), ("joint", 0.1), ("unannounced", 0.1)]
                    )
                    team, strict = _pick_weighted(rng, [(tm, 1.0) for tm in teams[dept]])
                elif lvl in ("town", "report"):
                    dept = t.name + "安监站"
                    method = (
                        "report"
                        if lvl == "report"
                        else _pick_weighted(
                            rng, [("routine", 0.6), ("mutual", 0.15), ("special", 0.2), ("unannounced", 0.05)]
                        )
                    )
                    team, strict = _pick_weighted(rng, [(tm, 1.0) for tm in teams[dept]])
                    if rng.random() < 0.15:
                        dept = ""
                    lvl = "town"
                elif lvl == "self":
                    dept = ""
                    method = "self"
                    team, strict = rng.choice(SURNAMES) + rng.choice(GIVEN), 1.0
                else:
                    dept = _pick_weighted(rng, [("市安委办督查组", 0.4), ("县安委办督查组", 0.6)])
                    method = _pick_weighted(rng, [("supervision", 0.7), ("unannounced", 0.3)])
                    team, strict = _pick_weighted(rng, [(tm, 1.0) for tm in teams[dept]])
                day = _work_day(rng, m)
                v = Visit(day, t.name, u, method, lvl, dept, team, r=rng.random())
                rf, rm = RISK_FACTOR[u.risk]
                season = _season(u.sector, m.month)
                lam = SECTOR_LAMBDA[u.sector] * (0.6 + 0.4 * season) * METHOD_LAMBDA[method] * strict * rf * 0.8
                k = _poisson(rng, lam)
                if method == "report" and k == 0 and rng.random() < 0.8:
                    k = 1
                general, major = DESCRIPTIONS[u.sector]
                for _ in range(k):
                    is_major = rng.random() < 0.056 * METHOD_MAJOR[method] * rm * (0 if strict < 0.1 else 1)
                    choices = [
                        d
                        for d in (major if is_major else general)
                        if d not in open_desc[u.name] and (u.name, d, day) not in used_desc and _desc_fits(u.name, d)
                    ]
                    if not choices:
                        continue
                    desc = rng.choice(choices)
                    used_desc[(u.name, desc, day)] = None
                    q = RECTIFY[t.quality]
                    if is_major:
                        dl = rng.choice((30, 45, 60))
                        q = (q[0] - 0.1, q[1] + 0.05, q[2] + 0.05)
                    else:
                        dl = rng.choice((7, 10, 15, 15, 20, 30, 30))
                    deadline = day + timedelta(days=dl)
                    outcome = _pick_weighted(rng, [("ontime", q[0]), ("late", q[1]), ("never", q[2])])
                    if outcome == "ontime":
                        rect: date | None = day + timedelta(days=rng.randint(1, dl))
                    elif outcome == "late":
                        rect = deadline + timedelta(days=rng.randint(1, 60 if t.quality == "weak" else 30))
                    else:
                        rect = None
                    hdept = u.department
                    blank_p = 0.3 if t.quality == "weak" else 0.03
                    if hdept and rng.random() < blank_p:
                        hdept = ""
                    h = Hazard(
                        t.name,
                        u,
                        desc,
                        is_major,
                        day,
                        deadline,
                        rect,
                        hdept,
                        method,
                        minute=rng.randint(8 * 60, 17 * 60 + 30),
                        r=rng.random(),
                    )
                    if t.id_fmt:
                        if "{m" in t.id_fmt:
                            key = (t.name, day.year * 100 + day.month)
                        else:
                            key = (t.name, day.year if "{y" in t.id_fmt else 0)
                        id_counter[key] += 1
                        h.hid = t.id_fmt.format(y=day.year, yy=day.year % 100, m=day.month, n=id_counter[key])
                    v.hazards.append(h)
                    hazards.append(h)
                    open_desc[u.name][desc] = rect
                # descriptions free again once rectified (checked lazily at next month start)
                if lvl == "county" and v.hazards and dept not in ("县教育局",):
                    p = 0.2 + 0.5 * any(h.major for h in v.hazards)
                    if rng.random() < p:
                        v.penalty = rng.choice((1000, 2000, 3000, 5000, 5000, 10000, 20000))
                        if any(h.major for h in v.hazards):
                            v.penalty *= rng.choice((2, 3, 5))
                visits.append(v)
        nxt = _add_months(m, 1)
        for _unit, descs in open_desc.items():
            for d in [d for d, r in descs.items() if r is not None and r < nxt]:
                del descs[d]
    # Visits in a month are generated town by town; sort chronologically for stable output order.
    visits.sort(key=lambda v: (v.day, v.town, v.unit.name))
    village_patrols(visits, seed)
    return World(months, towns, units, unregistered, visits, hazards, skipped)
