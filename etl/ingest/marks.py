"""Check-mark matrices (docs/DATA_CONTRACT.md §1.1 v2): a field given as ticks in sub-columns under a
group header — 治理状态 over 未治理 | 已治理 with √ in one of them. The ticked column's label is
the value; the group header is not itself the field's column. Works for any field whose
vocabulary the sub-labels belong to (status, level, verification result, supervision level,
sector, inspection method, the hazard category's 人 | 物 | 管理)."""

from __future__ import annotations

from etl.ingest.normalize import cell_text
from etl.ingest.vocab import (
    is_hazard_category,
    level_match,
    match_header,
    match_method,
    match_status,
    match_supervision_level,
    match_verification,
    norm_label,
    norm_text,
    sector_match,
)

# what a clerk puts in the ticked cell (and 1/是 from systems that export booleans)
MARKS = frozenset(norm_label(v).lower() for v in ("√", "✓", "✔", "●", "☑", "■", "★", "▲", "1", "是", "y", "yes", "v", "有"))


def is_mark(value) -> bool:
    if value is None or value == "":
        return False
    t = norm_label(cell_text(value)).lower()
    return t in MARKS or t == "1.0"


def value_fits(field: str, label: str) -> bool:
    """Is ``label`` a value of ``field``'s vocabulary (so a column under the group names it)?"""
    if field == "status":
        return match_status(label) is not None
    if field == "level":
        return level_match(label)[1] in ("exact", "between", "words")
    if field == "verification_result":
        return match_verification(label) is not None
    if field == "supervision_level":
        return match_supervision_level(label) is not None
    if field == "sector":
        return sector_match(label)[1] is not None and norm_label(label) not in ("其他", "其它")
    if field == "inspection_method":
        return match_method(label) is not None
    if field == "hazard_category":
        return is_hazard_category(label)
    return False


def value_label_row(row: list, above: list) -> bool:
    """A header row of value labels under a group cell (治理状态 over 未治理 | 已治理): text only, no
    digits, and at least two cells that are values of the field named by the cell above them."""
    texts = [v for v in row if v not in ("", None)]
    if len(texts) < 2 or not all(isinstance(v, str) and not any(ch.isdigit() for ch in v) for v in texts):
        return False
    per_field: dict[str, int] = {}
    group = ""
    for c, v in enumerate(row):
        up = above[c] if c < len(above) else ""
        if isinstance(up, str) and up.strip():
            group = up  # a group cell written once carries right over the labels under it
        if not v or not isinstance(group, str) or match_header(v) is not None:
            continue
        field = match_header(group)
        if field and value_fits(field, norm_text(v)):
            per_field[field] = per_field.get(field, 0) + 1
    return any(n >= 2 for n in per_field.values())


def detect(parts: dict[int, list[str]]) -> dict[str, tuple[str, list[tuple[int, str]]]]:
    """field → (group label, [(column, value label)]) for every group of ≥ 2 sub-columns whose
    labels are the field's values. ``parts``: each column's header cells, top to bottom."""
    found: dict[str, tuple[str, list[tuple[int, str]]]] = {}
    for c in sorted(parts):
        p = parts[c]
        if len(p) < 2:
            continue
        sub = norm_text(p[-1])
        if match_header(sub) is not None:
            continue
        for upper in reversed(p[:-1]):
            field = match_header(upper)
            if field and value_fits(field, sub):
                group = found.setdefault(field, (norm_text(upper), []))
                if group[0] == norm_text(upper):
                    group[1].append((c, sub))
                break
    return {f: g for f, g in found.items() if len(g[1]) >= 2}


def mark_value(row: list, group: tuple[str, list[tuple[int, str]]]) -> str | None:
    """The ticked column's label; None when nothing is ticked; "" when several are."""
    hit = None
    for c, label in group[1]:
        if c < len(row) and is_mark(row[c]):
            if hit is not None:
                return ""
            hit = label
    return hit
