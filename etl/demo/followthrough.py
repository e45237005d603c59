"""Follow-through columns of the demo ledgers (data contract v2): 挂牌督办, the 五落实 and 验收.

Some towns' ledgers carry them, in their own words, the way real ledgers do:

- 城关镇: a third header group “挂牌督办及五落实” (督办级别, 挂牌督办单位, 整改措施, 整改资金（万元）,
  整改责任人, 应急预案) and a fourth “验收销号” (验收日期, 验收人, 验收结论 合格/不合格).
- 新港镇: 督办级别, 整改责任人, 复查日期, 复查人, 复查结果 (通过/不通过) at the end of its flat header.
- 桃源镇: 挂牌级别, 督办单位, 治理措施, 治理资金（万元）, 包保责任人, 安全措施和应急预案 — no acceptance
  columns at all (its rectifications cannot be judged on acceptance; the dashboard says so).

Values are drawn from a per-hazard random stream seeded by the hazard's identity (never from
the simulator's stream, so every other number of the demo stays as it was), so the files stay
byte-identical for a seed. Built-in follow-through problems, on purpose:

- majors rectified late in a month whose check falls after the ledger was sent are never
  verified (the hazard is not listed again): majors rectified and unverified for > 30 days;
- one 城关镇 major is reported rectified the day it was found;
- one 城关镇 hazard is reported rectified, then listed open again the next month (reopened), and
  rectified again the month after;
- about one check in twenty fails (验收结论 不合格) while the ledger still says 已整改;
- 五落实 gaps: some majors have no funds, no plan (blank or 无) or no responsible person.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from .vocab import GIVEN, SURNAMES
from .writers import fmt_date

COLUMNS: dict[str, list[tuple[str, str, str | None]]] = {
    "城关镇": [
        ("sup_level", "督办级别", "挂牌督办及五落实"),
        ("supervisor", "挂牌督办单位", "挂牌督办及五落实"),
        ("measures", "整改措施", "挂牌督办及五落实"),
        ("funds", "整改资金（万元）", "挂牌督办及五落实"),
        ("resp", "整改责任人", "挂牌督办及五落实"),
        ("plan", "应急预案", "挂牌督办及五落实"),
        ("vdate", "验收日期", "验收销号"),
        ("vby", "验收人", "验收销号"),
        ("vresult", "验收结论", "验收销号"),
    ],
    "新港镇": [
        ("sup_level", "督办级别", None),
        ("resp", "整改责任人", None),
        ("vdate", "复查日期", None),
        ("vby", "复查人", None),
        ("vresult", "复查结果", None),
    ],
    "桃源镇": [
        ("sup_level", "挂牌级别", None),
        ("supervisor", "督办单位", None),
        ("measures", "治理措施", None),
        ("funds", "治理资金（万元）", None),
        ("resp", "包保责任人", None),
        ("plan", "安全措施和应急预案", None),
    ],
}
RESULT_WORDS = {"城关镇": ("合格", "不合格"), "新港镇": ("通过", "不通过")}
SUPERVISOR = {"省级": "省安委会办公室", "市级": "市安委会办公室", "县级": "县安委会办公室"}
MEASURES = ("停产停业整改，更换损坏设施", "落实专人看护，设置警示标志，限期修复", "委托专业机构检测并整改",
            "立即停止使用，整改完成后复查", "完善制度台账，开展专项培训")  # fmt: skip
REOPEN_TOWN = "城关镇"


def extend_habits(habits: dict) -> None:
    """Append the follow-through columns to the layouts of the towns that keep them (once)."""
    for town, cols in COLUMNS.items():
        lay = habits[town].layout
        if not any(f == cols[0][0] for f, _, _ in lay.cols):
            lay.cols.extend(cols)


def _rng(h: Any) -> random.Random:
    return random.Random(f"followthrough|{h.town}|{h.unit.name}|{h.description}|{h.found.isoformat()}")


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def fields(t: Any, hab: Any, it: Any, rm: date) -> dict[str, Any]:
    """The follow-through cells of one listed hazard (empty for towns without such columns)."""
    if t.name not in COLUMNS:
        return {}
    h, rng = it.h, _rng(it.h)
    out: dict[str, Any] = {}
    if h.major:
        r = rng.random()
        if r < 0.9:
            level = "省级" if r < 0.04 else "市级" if r < 0.25 else "县级"
            out["sup_level"], out["supervisor"] = level, SUPERVISOR[level]
        out["measures"] = rng.choice(MEASURES) if rng.random() < 0.9 else None
        out["funds"] = round(rng.uniform(0.5, 30), 1) if rng.random() < 0.8 else None
        out["resp"] = _name(rng) if rng.random() < 0.92 else None
        p = rng.random()
        out["plan"] = "已制定" if p < 0.7 else "有" if p < 0.8 else "无" if p < 0.85 else None
    else:
        if rng.random() < 0.04:
            out["sup_level"], out["supervisor"] = "乡镇", f"{t.name}安委会"
        out["measures"] = rng.choice(MEASURES[2:]) if rng.random() < 0.4 else None
        out["funds"] = round(rng.uniform(0.05, 2), 2) if rng.random() < 0.2 else None
        out["resp"] = _name(rng) if rng.random() < 0.6 else None
    words = RESULT_WORDS.get(t.name)
    if it.rectified is not None and words:
        # the check falls after the fix; it reaches the ledger only if done before the ledger is sent
        check = it.rectified + timedelta(days=rng.randint(1, 25 if h.major else 15))
        sent = date(rm.year + rm.month // 12, rm.month % 12 + 1, 5)
        if rng.random() < (0.8 if h.major else 0.85) and check <= sent:
            out["vdate"] = fmt_date(hab.date, check, rm)
            out["vby"] = (h.department or f"{t.name}安监站") + " " + _name(rng)
            out["vresult"] = words[1] if rng.random() < 0.05 else words[0]
    return out


def adjust(world: Any) -> None:
    """The built-in 'rectified the day it was found' major (once per world)."""
    if getattr(world, "_followthrough", False):
        return
    world._followthrough = True
    last = world.months[-1]
    for h in sorted(world.hazards, key=lambda x: (x.found, x.hid or "", x.unit.name)):
        if h.town == REOPEN_TOWN and h.major and h.found >= _shift(last, -3) and h.found.day <= 20:
            h.rectified = h.found
            return


def reopen(listings: dict, world: Any) -> None:
    """One hazard reported rectified, listed open again the next month, rectified the month after."""
    n = len(world.months)
    for mi in range(n - 6, n - 2):
        items = listings.get((REOPEN_TOWN, mi))
        nxt, after = listings.get((REOPEN_TOWN, mi + 1)), listings.get((REOPEN_TOWN, mi + 2))
        if not items or nxt is None or after is None:
            continue
        for it in items:
            if it.rectified is not None and not it.h.major and it.h.hid:
                listed = type(it)
                nxt.append(listed(it.h, None))
                again = world.months[mi + 2] + timedelta(days=9)
                after.append(listed(it.h, again))
                return


def _shift(m: date, n: int) -> date:
    k = m.year * 12 + m.month - 1 + n
    return date(k // 12, k % 12 + 1, 1)
