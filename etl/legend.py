"""Legends (docs/DATA_CONTRACT.md §1.1 v2): the meaning of codes used in a column, from a 字典/说明 sheet or
a note row such as "注：1-一般 2-较大 3-重大"; and the reading of a coded level column.

Codes are read by the legend. Without a legend, 1/2 mean general/major only when the column's
codes are all 1 or 2; any other code is unexplained and its rows are rejected (never guessed)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import cell_text
from .vocab import LEVEL_CODE, level_match, norm_label, norm_text

# "1-一般", "1=一般", "1：一般", "1.一般", "1、一般", "Ⅰ级-重大"
_PAIR = re.compile(r"(?<![\d.])(\d{1,2}|[IVⅠⅡⅢⅣ]{1,3})\s*(?:级|类)?\s*[-—－=＝:：、.．]\s*([^\d\s,，;；、。/|()（）]{1,12})")
_FIELD_WORDS = {
    "level": ("等级", "级别", "隐患等级", "隐患级别"),
    "status": ("状态", "整改情况", "治理状态", "整改状态"),
}


@dataclass
class Legend:
    """code → meaning for each field ('' = a legend that names no field)."""

    by_field: dict[str, dict[str, str]] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)  # field → where it was read ("字典" sheet, note row 12)

    def for_field(self, name: str) -> dict[str, str] | None:
        return self.by_field.get(name) or self.by_field.get("")

    def add(self, field_name: str, pairs: dict[str, str], source: str) -> None:
        if not pairs:
            return
        self.by_field.setdefault(field_name, {}).update(pairs)
        self.source.setdefault(field_name, source)

    def __bool__(self) -> bool:
        return bool(self.by_field)


def code_key(value) -> str:
    """A code as a lookup key: "2", 2, 2.0 and "２" are all "2"; Ⅱ and II are "II"."""
    t = norm_label(cell_text(value)).upper()
    return t[:-2] if t.endswith(".0") else t


def pairs_in_text(text: str) -> dict[str, str]:
    """{code: meaning} written in a line; at least two pairs (one "1-2" is not a legend)."""
    s = norm_text(text)
    found = {code_key(c): m for c, m in _PAIR.findall(s)}
    return found if len(found) >= 2 else {}


def field_of(text: str) -> str:
    s = norm_text(text)
    for name, words in _FIELD_WORDS.items():
        if any(w in s for w in words):
            return name
    return ""


NOTE_ROWS = 40


def from_note_rows(rows: list[list], start: int, sheet: str, legend: Legend) -> set[int]:
    """Read note rows below the header (注：1-一般 2-较大 3-重大); returns their 0-based indexes."""
    hits = set()
    # notes sit under the table: the last NOTE_ROWS rows are looked at, not every data row
    for r in range(max(start, len(rows) - NOTE_ROWS), len(rows)):
        row = rows[r]
        first = next((v for v in row[:3] if v not in ("", None)), None)
        if not (isinstance(first, str) and len(first) > 4 and any(ch.isdigit() for ch in first)):
            continue
        texts = [v for v in row if isinstance(v, str) and v.strip()]
        if not texts or len(set(texts)) > 2:
            continue
        line = " ".join(dict.fromkeys(texts))
        pairs = pairs_in_text(line)
        if pairs and any(_meaningful(m) for m in pairs.values()):
            legend.add(field_of(line), pairs, f"“{sheet}”第{r + 1}行")
            hits.add(r)
    return hits


def from_dictionary_sheet(rows: list[list], sheet: str, legend: Legend) -> None:
    """A 字典/说明 sheet: lines "隐患等级：1-一般 2-较大 3-重大", or a table of code | meaning rows
    under a row naming the field (隐患等级 / 代码 / 含义)."""
    current = ""
    for row in rows:
        cells = [v for v in row if v not in ("", None)]
        if not cells:
            continue
        texts = [cell_text(v) for v in cells]
        line = " ".join(texts)
        named = field_of(line)
        pairs = pairs_in_text(line)
        if pairs:
            legend.add(named or current, pairs, f"“{sheet}”工作表")
            continue
        if named:
            current = named
        # a code cell followed by a meaning cell: ["1", "一般"] or ["隐患等级", 1, "一般"]
        for i in range(len(cells) - 1):
            code, meaning = code_key(cells[i]), norm_text(texts[i + 1])
            if LEVEL_CODE.match(code) and meaning and not LEVEL_CODE.match(meaning.upper()) and _meaningful(meaning):
                legend.add(named or current, {code: meaning}, f"“{sheet}”工作表")
                break


def _meaningful(meaning: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", meaning))


@dataclass
class LevelCodes:
    """How a level column's bare codes read: code → (level, meaning as written)."""

    codes: dict[str, tuple[str, str]]
    how: str | None  # 'legend' | 'codes_1_2' | None (no codes in the column)
    unexplained: set[str]
    source: str = ""


def read_level_codes(values: set[str], legend: Legend) -> LevelCodes:
    """values: the distinct code_key()s of the level column's data cells."""
    codes = {v for v in values if v and level_match(v)[1] == "code"}
    if not codes:
        return LevelCodes({}, None, set())
    meanings = legend.for_field("level")
    if meanings:
        out, unexplained = {}, set()
        for c in codes:
            m = meanings.get(c)
            level, how = level_match(m) if m else ("general", "unknown")
            if m is None or how in ("code", "unknown"):
                unexplained.add(c)
            else:
                out[c] = (level, m)
        src = legend.source.get("level") or legend.source.get("", "")
        return LevelCodes(out, "legend", unexplained, src)
    if codes <= {"1", "2"}:
        return LevelCodes({"1": ("general", "一般"), "2": ("major", "重大")}, "codes_1_2", set())
    return LevelCodes({}, None, codes)
