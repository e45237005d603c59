"""The meeting-room slide 压力传导 · 层层递减 (``?mode=present``): hazards found per visit by who
inspected — higher, county departments, towns, villages, the units themselves — over the pack's
12 months, each level held against the one above it. Shown after 监管盲区 when two adjacent levels
of the chain had enough visits to compare (``FollowBrief.has_chain``); the numbers are the gap
page's ⑥ (query gap_levels), the rule the briefing pack's sentence uses (``etl.read.levels.chain_pairs``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl import brief
from etl.read.levels import LEVEL_RATIO, chain_pairs, chain_rows
from pages._shared import charts_present as cp
from pages._shared import theme
from pages._shared.i18n import t
from pages._shared.present_slides import P, _chart, _note, md_escape


def slide_levels(d: brief.BriefData, lang: str) -> None:
    fb = d.follow
    lv = fb.levels if fb is not None else None
    if lv is None or lv.empty:
        _note(t("present.levels.none", lang=lang))
        return
    rows = chain_rows(lv)
    pairs = {p.lower: p for p in chain_pairs(lv)}
    names, values, labels, weak = [], [], [], []
    for r in rows.itertuples(index=False):
        pair = pairs.get(r.who_level)
        per = r.hazards_per_insp
        label = t("present.levels.bar", lang=lang, v="—" if pd.isna(per) else f"{float(per):.2f}",
                  n=theme.fmt_int(int(r.inspections), lang))  # fmt: skip
        if pair is not None and pair.ratio is not None:
            key = "present.levels.weak" if pair.weak else "present.levels.vs_upper"
            label += "  " + t(key, lang=lang, share=theme.fmt_pct(pair.ratio, lang),
                              upper=t(f"gaps.level.{pair.upper}", lang=lang))  # fmt: skip
        names.append(t(f"gaps.level.{r.who_level}", lang=lang))
        values.append(per)
        labels.append(label)
        weak.append(bool(pair is not None and pair.weak))
    with st.container(key="phead_levels"):
        st.markdown(md_escape(t("present.levels.head", lang=lang, start=theme.fmt_month(d.scope.window_start, lang),
                                end=theme.fmt_month(d.month, lang), share=theme.fmt_pct(LEVEL_RATIO, lang, digits=0))))  # fmt: skip
    _chart(cp.level_chain(names, values, labels, weak, p=P, axis_title=t("present.levels.axis", lang=lang)), "levels")
    left_out = int(rows["ledger_visits"].sum())
    if left_out:
        _note(t("present.levels.left_out", lang=lang, n=theme.fmt_int(left_out, lang)))
