"""The held-out evaluation set of the loader (issue 11): ledgers shaped like real hazard-system exports and
town-office sheets, built in code from a seed with the truth of every row. ``build(seed)`` gives every
shape once; ``bench/eval_loader.py`` scores the loader against them. Sources: shapes.py's docstring."""

from __future__ import annotations

import random

from .book import Case
from .shapes import SYSTEM_SHAPES
from .shapes_kinds import KIND_SHAPES
from .shapes_more import MORE
from .shapes_offices import OFFICE_SHAPES

SHAPES = (*SYSTEM_SHAPES, *OFFICE_SHAPES, *MORE, *KIND_SHAPES)


def build(seed: int = 2025, shapes=SHAPES) -> list[Case]:
    """Every shape once for ``seed`` (each shape its own generator, so adding one changes no other)."""
    return [shape(random.Random(f"{seed}:{shape.__name__}")) for shape in shapes]
