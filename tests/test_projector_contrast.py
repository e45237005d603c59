"""The meeting-room palette is readable from the back row (issue 16, item 10): WCAG 2.x contrast
ratios computed from the colours the slides use — text ≥ 4.5:1 (AA) on every background it sits
on, bars and marks ≥ 3:1 against the slide — and the coverage heat map draws blind spots (0 %)
as its most visible cells, every number in a colour that reads on its cell."""

from __future__ import annotations

import pandas as pd
import pytest

from pages._shared import charts_present as cp
from pages._shared import theme

P = theme.palette("projector")
AA_TEXT, AA_GRAPHIC = 4.5, 3.0


def test_contrast_formula_matches_wcag_reference_values():
    assert theme.contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic just-fails grey
    assert theme.readable_on("#FFFF00") == "#000000" and theme.readable_on("#000080") == "#FFFFFF"


@pytest.mark.parametrize("fg,bg", [
    (P.text, P.background), (P.muted, P.background), (P.text, P.surface), (P.muted, P.surface),
    (P.text, cp.TABLE_FILLS[0]), (P.text, cp.TABLE_FILLS[1]), (P.text, cp.TABLE_HEADER_FILL),
    *[(c, fill) for c in cp.RISK_COLOURS.values() for fill in cp.TABLE_FILLS],
])  # fmt: skip
def test_projector_text_meets_aa(fg, bg):
    assert theme.contrast(fg, bg) >= AA_TEXT, (fg, bg, round(theme.contrast(fg, bg), 2))


@pytest.mark.parametrize("colour", [*cp.SERIES, cp.GOOD, cp.BAD, P.accent, P.good, P.bad])
def test_projector_marks_stand_out_from_the_slide(colour):
    assert theme.contrast(colour, P.background) >= AA_GRAPHIC, colour


@pytest.mark.parametrize("name", ["light", "dark"])
def test_dashboard_palettes_text_meets_aa(name):
    p = theme.palette(name)
    for fg, bg in ((p.text, p.background), (p.muted, p.background), (p.text, p.surface), (p.muted, p.surface)):
        assert theme.contrast(fg, bg) >= AA_TEXT, (name, fg, bg)


def test_coverage_blind_spots_are_the_most_visible_cells_and_every_number_reads():
    steps = [i / 20 for i in range(21)]
    against_slide = [theme.contrast(cp.coverage_colour(v), P.background) for v in steps]
    assert against_slide[0] == max(against_slide)  # 0 % stands out most on the black slide
    assert against_slide == sorted(against_slide, reverse=True)  # and less so as coverage rises
    for v in steps:
        cell = cp.coverage_colour(v)
        assert theme.contrast(theme.readable_on(cell), cell) >= AA_TEXT, (v, cell)
    cov = pd.DataFrame({"town": ["甲镇", "甲镇", "乙镇"], "sector": ["fire", "school", "fire"],
                        "coverage": [0.0, 1.0, 0.5]})  # fmt: skip
    fig = cp.coverage_heatmap(cov, p=P, towns=["甲镇", "乙镇"], sectors=["fire", "school"],
                              sector_names=["消防", "学校"], colorbar_title="覆盖率")  # fmt: skip
    notes = {a.text: a.font.color for a in fig.layout.annotations}
    assert notes == {"0%": theme.readable_on(cp.coverage_colour(0.0)), "100%": theme.readable_on(cp.coverage_colour(1.0)),
                     "50%": theme.readable_on(cp.coverage_colour(0.5))}  # fmt: skip
