"""Control characters out of cell text: at the reading boundary (every cell and sheet name of
every file, every file name) and again at the output boundary (briefing pack, xlsx exports),
so a warehouse loaded before this cleaning still produces documents.

XML 1.0 — the inside of .xlsx, .pptx and .docx — cannot hold C0 controls other than tab,
newline and carriage return; one ``\\x01`` in a town name made every briefing and export fail.
C1 controls (U+0080–U+009F), U+FFFE/U+FFFF and lone surrogates are never text either.
Long text keeps its tabs and line breaks; names (files, sheets) keep none.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pandas as pd

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_NAME_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Text without control characters; tab, newline and carriage return kept."""
    return _CONTROLS.sub("", value) if _CONTROLS.search(value) else value


def clean_name(value: str) -> str:
    """A file or sheet name: line breaks and tabs become spaces, other controls go."""
    if not _NAME_CONTROLS.search(value):
        return value
    return _NAME_CONTROLS.sub("", re.sub("[\t\n\r]+", " ", value)).strip()


def clean_value(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


def clean_rows(rows: list[list], chunk: int = 256) -> int:
    """Clean the text cells of rows in place; returns how many cells changed. The text of
    ``chunk`` rows is looked at once (joined by a space): ``str.isprintable`` clears most chunks
    in one C loop (every character this module removes is unprintable), the regex the rest (a
    line break, a tab or an ideographic space is unprintable but stays); only chunks holding a
    control character are searched cell by cell."""
    changed = 0
    search, sub = _CONTROLS.search, _CONTROLS.sub
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        text = " ".join([v for row in part for v in row if type(v) is str])
        if text.isprintable() or not search(text):
            continue
        for row in part:
            for i, v in enumerate(row):
                if type(v) is str and search(v):
                    row[i] = sub("", v)
                    changed += 1
    return changed


def clean_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with clean text cells and column names (the frame itself if clean)."""
    cols = [clean_value(c) for c in df.columns]
    text_cols = [c for c in df.columns if df[c].dtype == object or pd.api.types.is_string_dtype(df[c])]
    dirty = [c for c in text_cols if df[c].map(lambda v: isinstance(v, str) and bool(_CONTROLS.search(v))).any()]
    if not dirty and cols == list(df.columns):
        return df
    out = df.copy()
    for c in dirty:
        out[c] = out[c].map(clean_value)
    out.columns = cols
    return out


def clean_deep(obj: Any) -> Any:
    """Strings, frames, series, lists, dicts and dataclasses, cleaned all the way down."""
    if isinstance(obj, str):
        return clean_text(obj)
    if isinstance(obj, pd.DataFrame):
        return clean_frame(obj)
    if isinstance(obj, pd.Series):
        if obj.dtype == object:
            obj = obj.map(clean_value)
        if obj.index.dtype == object:
            obj = obj.copy()
            obj.index = [clean_value(i) for i in obj.index]
        return obj
    if isinstance(obj, list | tuple):
        return type(obj)(clean_deep(x) for x in obj)
    if isinstance(obj, dict):
        return {clean_deep(k): clean_deep(v) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {f.name: clean_deep(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.init}
        return dataclasses.replace(obj, **changes)
    return obj
