"""Legends (docs/DATA_CONTRACT.md §1.1 v2): the meaning of codes used in a column, from a 字典/说明 sheet or
a note row such as "注：1-一般 2-较大 3-重大"; and the reading of a coded level column.

Codes are read by the legend. Without a legend, 1/2 mean general/major only when the column's
codes are all 1 or 2; any other code is unexplained and its rows are rejected (never guessed)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.ingest.normalize import cell_text
from etl.ingest.vocab import (
    LEVEL_CODE,
    level_match,
    match_method,
    match_risk,
    match_status,
    match_supervision_level,
    match_verification,
    norm_label,
    norm_text,
    sector_match,
)

# "1-一般", "1=一般", "1：一般", "1.一般", "1、一般", "Ⅰ级-重大"
_PAIR = re.compile(r"(?<![\d.])(\d{1,2}|[IVⅠⅡⅢⅣ]{1,3})\s*(?:级|类)?\s*[-—－=＝:：、.．]\s*([^\d\s,，;；、。/|()（）]{1,12})")
# a legend's heading or section name → the field it explains; the longest word found wins
# (督办级别 is the supervision level, not the hazard level; 风险等级 the risk level)
_FIELD_WORDS = {
    "level": ("等级", "级别", "隐患等级", "隐患级别"),
    "status": ("状态", "整改情况", "治理状态", "整改状态"),
    "sector": ("行业领域", "行业类别", "所属行业", "行业分类"),
    "supervision_level": ("督办级别", "挂牌级别", "挂牌督办级别", "督办层级", "挂牌层级"),
    "verification_result": ("验收结论", "验收结果", "验收意见", "复查结果", "复检结果", "验收情况"),
    "inspection_method": ("检查方式", "检查形式", "排查方式", "检查类型", "发现方式"),
    "risk_level": ("风险等级", "风险级别", "风险分级"),
}

# the words a field's vocabulary knows: a legend that names no field explains the one whose
# vocabulary knows every meaning it gives
FITS = {
    "level": lambda m: level_match(m)[1] not in ("code", "unknown"),
    "status": lambda m: match_status(m) is not None,
    "sector": lambda m: sector_match(m)[1] is not None,
    "supervision_level": lambda m: match_supervision_level(m) is not None,
    "verification_result": lambda m: match_verification(m) is not None,
    "inspection_method": lambda m: match_method(m) is not None,
    "risk_level": lambda m: match_risk(m) is not None,
}


@dataclass
class Legend:
    """code → meaning for each field ('' = a legend that names no field)."""

    by_field: dict[str, dict[str, str]] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)  # field → where it was read ("字典" sheet, note row 12)
    unnamed: dict[str, dict[str, str]] = field(default_factory=dict)  # where → pairs, legends naming no field

    def for_field(self, name: str) -> dict[str, str] | None:
        """The codes of a field's legend: one naming the field, or (after resolved()) one fitting it."""
        return self.by_field.get(name)

    def add(self, field_name: str, pairs: dict[str, str], source: str) -> None:
        if not pairs:
            return
        if not field_name:  # kept apart per place: two unnamed legends never merge
            self.unnamed.setdefault(source, {}).update(pairs)
            self.by_field.setdefault("", {}).update(pairs)
            self.source.setdefault("", source)
            return
        self.by_field.setdefault(field_name, {}).update(pairs)
        self.source.setdefault(field_name, source)

    def copy(self) -> Legend:
        return Legend({k: dict(v) for k, v in self.by_field.items()}, dict(self.source),
                      {k: dict(v) for k, v in self.unnamed.items()})

    def resolved(self, coded: set[str]) -> Legend:
        """The legend with each unnamed legend given to the one field it fits among ``coded`` (the
        fields whose columns hold bare codes). One that fits none or several is given to none: its
        codes stay unexplained and their rows are rejected, never read by a guess."""
        out = Legend({k: dict(v) for k, v in self.by_field.items() if k}, {k: v for k, v in self.source.items() if k})
        for source, pairs in self.unnamed.items():
            fits = [f for f in sorted(coded) if f not in out.by_field and f in FITS
                    and all(FITS[f](m) for m in pairs.values())]
            if len(fits) == 1:
                out.add(fits[0], pairs, source)
        return out

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
    hits = [(len(w), name) for name, words in _FIELD_WORDS.items() for w in words if w in s]
    return max(hits)[1] if hits else ""


def is_code(value) -> bool:
    """A bare code (1, 2.0, ３, Ⅱ, 2级): its meaning comes from a legend, never from the code itself."""
    return bool(LEVEL_CODE.match(code_key(value)))


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
        src = legend.source.get("level", "")
        return LevelCodes(out, "legend", unexplained, src)
    if codes <= {"1", "2"}:
        return LevelCodes({"1": ("general", "一般"), "2": ("major", "重大")}, "codes_1_2", set())
    return LevelCodes({}, None, codes)


# how to fix an unexplained code, per field: a legend example and the words to write instead
FIX_EXAMPLES = {
    "status": ("0-未整改 1-已整改", "“未整改”“已整改”", "未整改/已整改"),
    "sector": ("1-消防 2-燃气", "“消防”“燃气”", "消防/燃气"),
    "supervision_level": ("1-省级 2-市级 3-县级", "“省级”“县级”", "省级/县级"),
    "verification_result": ("1-合格 2-不合格", "“合格”“不合格”", "合格/不合格"),
    "inspection_method": ("1-日常检查 2-四不两直", "“日常检查”“四不两直”", "日常检查/四不两直"),
    "risk_level": ("1-红 2-橙 3-黄 4-蓝", "“红”“橙”“黄”“蓝”", "红/橙/黄/蓝"),
}


FIELD_EN = {"status": "the status column", "sector": "the sector column", "supervision_level": "the supervision level column",
            "verification_result": "the acceptance result column", "inspection_method": "the inspection method column",
            "risk_level": "the risk level column"}


def unexplained_params(field_name: str) -> dict[str, str]:
    """The parameters of the code_unexplained_in sentence for a field."""
    from etl.ingest.vocab import column_label

    legend_zh, words_zh, words_en = FIX_EXAMPLES[field_name]
    return {"label_zh": column_label(field_name), "label_en": FIELD_EN[field_name], "legend_zh": legend_zh,
            "words_zh": words_zh, "words_en": words_en}


_CODE_START = frozenset("ⅠⅡⅢⅣⅤIVⅰⅱⅲⅳⅴiv ")


def decode(field_name: str, raw: str | None, meanings: dict[str, str] | None) -> tuple[str | None, str | None]:
    """A coded field's cell → (text for the field's vocabulary, how): how is 'legend' (the code
    replaced by the legend's word), 'unexplained' (a bare code no legend explains and the
    vocabulary does not know: the row is rejected) or None (the cell as written)."""
    # the hot loop: most cells are words, told apart by their first character before any normalising
    if raw is None or not (raw[:1].isdigit() or raw[:1] in _CODE_START) or not is_code(raw):
        return raw, None
    meaning = meanings.get(code_key(raw)) if meanings else None
    if meaning is not None:
        return meaning, "legend"
    if FITS[field_name](raw):  # 1/0 in a status column: the yes/no words
        return raw, None
    return raw, "unexplained"
