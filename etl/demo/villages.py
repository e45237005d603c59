"""Village patrols in the demo county: the bottom of the chain county → town → village.

Real town inspection sheets list patrols by a village committee, a 社区 residents' committee or a
grid worker (网格员) beside the town's own 安监站. Here some of each town's routine 安监站 visits
are such patrols, written the ways towns write them (桃花村村委会, 城关镇桃花村, 桃花村网格员;
a 街道's are its 社区's: 东关社区居委会). They find less than the town's own team — a patrol that
found nothing is three times as likely to be a village's — so the gap page's ⑥ shows the level
weakening below the towns as a county usually sees it.

A random stream of its own (seeded from the demo's seed) picks them after the simulation, so the
visits, hazards and every other draw of the demo are what they were without them; only who
made the visit changes.
"""

from __future__ import annotations

import random

from .vocab import GIVEN, SURNAMES

VILLAGES = ("桃花", "杏林", "柳树", "石桥", "王庄", "李家", "前进", "红星", "新河", "双井", "大坪", "小溪")
COMMUNITIES = ("东关", "南门", "文化", "新华", "建设", "滨河")
ZERO_SHARE = 0.30  # of a town's routine 安监站 visits that found nothing, this share is a village's …
FOUND_SHARE = 0.10  # … and of those that found something, this share


def _bodies(rng: random.Random, town: str) -> list[tuple[str, str]]:
    """(inspecting body as written, the village's name) for three villages or 社区 of the town."""
    if town.endswith("街道"):
        return [(f"{c}社区居委会", c) for c in rng.sample(COMMUNITIES, 3)]
    names = rng.sample(VILLAGES, 3)
    forms = ("{v}村村委会", "{t}{v}村", "{v}村网格员")
    return [(forms[i].format(v=v, t=town), v) for i, v in enumerate(names)]


def village_patrols(visits: list, seed: int) -> int:
    """Turn some routine 安监站 visits into village patrols, in place; returns how many."""
    rng = random.Random(seed * 7919 + 15)
    bodies: dict[str, list[tuple[str, str]]] = {}
    n = 0
    for v in visits:
        if v.level != "town" or v.method != "routine" or v.department != f"{v.town}安监站":
            continue
        if rng.random() >= (FOUND_SHARE if v.hazards else ZERO_SHARE):
            continue
        if v.town not in bodies:
            bodies[v.town] = _bodies(rng, v.town)
        v.department = rng.choice(bodies[v.town])[0]
        v.team = rng.choice(SURNAMES) + rng.choice(GIVEN)
        n += 1
    return n
