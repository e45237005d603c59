"""层层递减: each level of the chain county → town → village held against the one above it, on
hazards found per inspection-log visit (query gap_levels, migrations 002, 012 and 015).

One rule for every place that says it: the gap page's ⑥ (a sentence under the chart), the slide
show's 压力传导 · 层层递减 slide and the briefing pack's sentence and chart
(``etl.brief.followthrough``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

LEVEL_RATIO = 0.6  # a level's visits (town; village) find at most 60 % of the hazards per visit the level above finds …
LEVEL_MIN_VISITS = 20  # … with at least this many visits at each of the two levels
CHAIN = (("county", "town"), ("town", "village"))
CHAIN_SHOWN = ("higher", "county", "town", "village", "self")  # the levels a chain chart shows ('unknown' is none)


@dataclass(frozen=True)
class ChainPair:
    upper: str  # who_level of the level above: county or town
    lower: str  # town or village
    ratio: float | None  # the lower level's hazards per visit ÷ the upper's (None: the upper found nothing)
    weak: bool  # ratio at most LEVEL_RATIO: the pack's sentence 压力传导层层递减 names this pair


def chain_pairs(levels: pd.DataFrame) -> list[ChainPair]:
    """Each level against the one above it, county → town → village, where both had at least
    LEVEL_MIN_VISITS inspection-log visits. ``levels``: gap_levels."""
    lv = levels.set_index("who_level")
    out = []
    for upper, lower in CHAIN:
        if not {upper, lower} <= set(lv.index):
            continue
        up, low = lv.loc[upper], lv.loc[lower]
        if int(low["inspections"]) < LEVEL_MIN_VISITS or int(up["inspections"]) < LEVEL_MIN_VISITS:
            continue
        u, lo = float(up["hazards_per_insp"]), float(low["hazards_per_insp"])
        ratio = lo / u if u > 0 else None
        out.append(ChainPair(upper, lower, ratio, ratio is not None and ratio <= LEVEL_RATIO))
    return out


def chain_rows(levels: pd.DataFrame) -> pd.DataFrame:
    """The levels a chain chart shows: those with inspection-log visits, the top level first."""
    rows = levels[levels["who_level"].isin(CHAIN_SHOWN) & (levels["inspections"] > 0)]
    return rows.sort_values("level_order") if "level_order" in rows else rows
