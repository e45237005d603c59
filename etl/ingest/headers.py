"""Find the header in a grid, flatten 1-3 merged header rows, and read the context around it
(title, 填报单位 line, period line, sheet name, file name) for the town and report month."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from etl.ingest import fit, marks
from etl.ingest.normalize import cell_text
from etl.ingest.vocab import header_specificity, is_yes_no, match_header, match_header_contains, norm_label, norm_text

SCAN_ROWS = 40  # the header is looked for in the first rows only

# kinds and the columns that tell them apart
KIND_SIGNS = {
    "hazard": {"description": 3, "level": 2, "status": 2, "deadline": 2, "rectified_date": 2, "source_hazard_id": 1,
               # data contract v2: 督办, 五落实, 验收 are hazard-ledger columns
               "supervision_level": 2, "measures": 2, "verification_result": 1, "verified_date": 1,
               "responsible_person": 1, "hazard_category": 1, "funds": 1, "contingency_plan": 1, "is_major": 2},
    "inspection": {"inspectors": 3, "hazards_found": 3, "major_hazards_found": 2, "penalty": 3, "inspection_method": 1},
    "registry": {"credit_code": 3, "risk_level": 3},
}
KIND_TITLE_WORDS = {
    "hazard": ("隐患排查", "隐患治理", "隐患整改", "隐患清单", "隐患台账"),
    "inspection": ("检查记录", "执法检查", "监督检查", "检查台账", "检查情况"),
    "registry": ("名录", "企业名单", "单位清单", "监管对象"),
}

SUMMARY_NAMES = ("汇总", "统计", "汇总表", "合计")
INSTRUCTION_NAMES = ("说明", "填表说明", "字典", "目录", "填报说明", "注意事项", "下拉选项", "数据字典", "参数")


@dataclass
class Header:
    top: int  # 0-based index of the first header row
    bottom: int  # 0-based index of the last header row
    columns: dict[int, str]  # column index → canonical name
    labels: dict[int, str]  # column index → header text as written (flattened)
    ignored: dict[int, str] = field(default_factory=dict)  # column index → header text not used
    score: int = 0
    how: dict[int, str] = field(default_factory=dict)  # column → exact | synonym | contains | fix
    losers: dict[int, tuple[str, int]] = field(default_factory=dict)  # column → (field, the winning column)
    marks: dict[str, tuple[str, list[tuple[int, str]]]] = field(default_factory=dict)  # check-mark groups
    parts: dict[int, list[str]] = field(default_factory=dict)  # column → its header cells, top to bottom


def _row_matches(row: list) -> dict[int, str]:
    out = {}
    for c, v in enumerate(row):
        if isinstance(v, str) and v.strip():
            canon = match_header(v)
            if canon:
                out[c] = canon
    return out


def _meaningful(canons: set[str]) -> int:
    return len(canons - {"seq", "remarks"})


HOW_BY_SPECIFICITY = {3: "exact", 2: "synonym", 1: "contains"}


def find_header(rows: list[list]) -> Header | None:
    """The best header block in the first SCAN_ROWS rows, or None when nothing looks like one.

    A header row needs at least three recognised labels (序号/备注 don't count). Rows just
    above and below that also carry labels join the block (two- and three-row headers, and a
    row of value labels under group cells: 治理状态 over 未治理 | 已治理). The lowest (most
    specific) label of each column names it, so a group cell such as "整改情况" spanning
    整改期限/整改状态 never hides the sub-labels under it. When several columns could be one
    field, a contest decides (see :func:`_contest`) and the losers are kept for the report.
    """
    best_r, best_score = None, 0
    limit = min(len(rows), SCAN_ROWS)
    matches = [_row_matches(rows[r]) for r in range(limit)]
    for r in range(limit):
        score = _meaningful(set(matches[r].values()))
        if score > best_score:
            best_r, best_score = r, score
    if best_r is None or best_score < 3:
        return None
    top = bottom = best_r
    while top - 1 >= 0 and best_r - (top - 1) < 3 and _is_header_like(rows[top - 1], matches[top - 1]):
        top -= 1
    while bottom + 1 < limit and (bottom + 1) - top < 3 and (
            (matches[bottom + 1] and _is_header_like(rows[bottom + 1], matches[bottom + 1]))
            or marks.value_label_row(rows[bottom + 1], rows[bottom])):
        bottom += 1

    cands: dict[int, str] = {}
    labels: dict[int, str] = {}
    depth: dict[int, int] = {}
    spec: dict[int, int] = {}
    parts_of: dict[int, list[str]] = {}
    width = max(len(rows[r]) for r in range(top, bottom + 1))
    for c in range(width):
        parts = []
        for r in range(top, bottom + 1):
            v = rows[r][c] if c < len(rows[r]) else ""
            t = cell_text(v).strip()
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        if not parts:
            continue
        parts_of[c] = parts
        labels[c] = norm_text("".join(parts)) if len(parts) == 1 else "/".join(norm_text(p) for p in parts)
        # lowest row first; then the whole concatenation ("罚款" over "(万元)"); then "contains"
        for r in range(bottom, top - 1, -1):
            v = rows[r][c] if c < len(rows[r]) else ""
            canon = match_header(v) if isinstance(v, str) and v.strip() else None
            if canon:
                cands[c], depth[c] = canon, r
                labels[c] = norm_text(v)
                spec[c] = header_specificity(v, canon)
                break
        else:
            canon = match_header("".join(parts))
            if canon:
                cands[c], depth[c], spec[c] = canon, bottom, 2
            else:
                canon = match_header_contains(parts[-1])
                if canon:
                    cands[c], depth[c], spec[c] = canon, bottom, 1
    groups = marks.detect(_group_parts(rows, top, bottom, width, parts_of))
    in_groups = {c for _, cols in groups.values() for c, _ in cols}
    for c in in_groups:
        cands.pop(c, None)
    final, losers = _contest(rows, bottom, cands, depth, spec)
    _drop_flag_columns(rows, bottom, final, spec)
    ignored = {c: labels[c] for c in labels if c not in final and c not in in_groups}
    how = {c: HOW_BY_SPECIFICITY[spec[c]] for c in final}
    _category_holding_levels(rows, bottom, final, labels, how)
    return Header(top, bottom, final, {c: labels[c] for c in final}, ignored, best_score, how, losers, groups,
                  parts_of)


def _group_parts(rows, top, bottom, width, parts_of) -> dict[int, list[str]]:
    """Each column's header cells with a group cell written once (not merged) carried right over
    the sub-labels under it: 治理状态 | (blank) over 未治理 | 已治理."""
    out = {c: list(p) for c, p in parts_of.items()}
    for r in range(top, bottom):
        row, below = rows[r], rows[r + 1]
        carry = ""
        for c in range(width):
            v = row[c] if c < len(row) else ""
            t = cell_text(v).strip()
            under = cell_text(below[c] if c < len(below) else "").strip()
            if t:
                carry = t
            elif carry and under and c in out and carry not in out[c]:
                out[c].insert(len(out[c]) - 1, carry)
            elif not under:
                carry = ""
    return out


SAMPLE_ROWS = 200
_NEVER_THE_LEVEL = {norm_label(x) for x in ("隐患类别", "隐患分类")}  # docs/DATA_CONTRACT.md §3: never the level


# fields whose column may hold yes/no words (是否整改, 是否重大隐患, 验收结论 通过/不通过)
_YES_NO_FIELDS = frozenset(("status", "is_major", "level", "verification_result"))


def _drop_flag_columns(rows, bottom, final, spec) -> None:
    """A header that merely contains a field's synonym and whose cells are all yes/no — 落实治理目标任务 是/否,
    a 五落实 checklist of a hazard system's export — says whether the thing is in place, not what it is: it
    is not that field's column (left unread and reported as ignored)."""
    for c in [c for c, canon in final.items() if spec.get(c) == 1 and canon not in _YES_NO_FIELDS]:
        vals = [cell_text(r[c]) for r in rows[bottom + 1: bottom + 1 + SAMPLE_ROWS] if c < len(r) and r[c] not in ("", None)]
        vals = [v for v in vals if v.strip()]
        if vals and all(is_yes_no(v) for v in vals):
            del final[c]


def _category_holding_levels(rows, bottom, final, labels, how) -> None:
    """A 隐患类型 column whose values are levels (一般/重大) is the level when the sheet has no
    level column; 隐患类别 and 隐患分类 never are."""
    if "level" in final.values():
        return
    sample = rows[bottom + 1: bottom + 1 + SAMPLE_ROWS]
    for c, canon in list(final.items()):
        if canon == "hazard_category" and norm_label(labels[c]) not in _NEVER_THE_LEVEL:
            if fit.value_fit("level", [r[c] for r in sample if c < len(r)]) >= 0.8:
                final[c], how[c] = "level", "values"


def _contest(rows, bottom, cands, depth, spec) -> tuple[dict[int, str], dict[int, tuple[str, int]]]:
    """One column per field. Among several candidates: a column whose values fit the field's
    vocabulary beats one whose values do not; then the exact field name beats a synonym, which
    beats a header that merely contains one; then the lowest header cell; then the leftmost."""
    by_field: dict[str, list[int]] = {}
    for c in sorted(cands):
        by_field.setdefault(cands[c], []).append(c)
    final: dict[int, str] = {}
    losers: dict[int, tuple[str, int]] = {}
    sample = rows[bottom + 1: bottom + 1 + SAMPLE_ROWS]
    for canon, cols in by_field.items():
        if len(cols) == 1:
            final[cols[0]] = canon
            continue
        fits = {c: fit.value_fit(canon, [r[c] for r in sample if c < len(r)]) for c in cols}
        ranked = sorted(cols, key=lambda c: (fits[c] >= 0.5, spec[c], fits[c], depth[c], -c), reverse=True)
        final[ranked[0]] = canon
        for c in ranked[1:]:
            losers[c] = (canon, ranked[0])
    return final, losers


def _is_header_like(row: list, matches: dict[int, str]) -> bool:
    """A group row above the labels, or a sub-label row below: text only, no dates or numbers."""
    texts = [v for v in row if v not in ("", None)]
    if not texts:
        return False
    if not all(isinstance(v, str) for v in texts):
        return False
    if matches:
        return True
    # a group row: few distinct values, each spanning columns (merged and filled)
    distinct = {norm_text(v) for v in texts}
    if any(re.search(r"\d|[:：]|年|月|填报|单位", d) for d in distinct):
        return False  # a title, period or 填报单位 line, not a group of labels
    return len(texts) >= 2 and 2 <= len(distinct) <= max(2, len(texts) // 2) and all(len(d) <= 12 for d in distinct)


def detect_kind(columns: set[str], title_text: str, fits: dict[str, float] | None = None) -> tuple[str, int]:
    """The sheet's kind by its columns and their values together: each telling column counts by
    its weight times how well its values fit the field (a 发现隐患数 column of words counts for
    nothing), plus the title's words."""
    fits = fits or {}
    scores = {k: sum(w * fits.get(col, 1.0) for col, w in signs.items() if col in columns)
              for k, signs in KIND_SIGNS.items()}
    for k, words in KIND_TITLE_WORDS.items():
        if any(w in title_text for w in words):
            scores[k] += 2
    kind = max(scores, key=lambda k: (scores[k], k == "hazard"))
    return kind, round(scores[kind])


def column_fits(rows: list[list], header: Header) -> dict[str, float]:
    """How well each telling column's values fit its field (the first SAMPLE_ROWS data rows)."""
    telling = {c for signs in KIND_SIGNS.values() for c in signs}
    sample = rows[header.bottom + 1: header.bottom + 1 + SAMPLE_ROWS]
    out = {}
    for c, canon in header.columns.items():
        if canon in telling:
            out[canon] = fit.value_fit(canon, [r[c] for r in sample if c < len(r)])
    return out


# ---------- context: town and month from title lines, sheet and file names ----------

_TOWN = re.compile(r"([\u4e00-\u9fff]{1,8}?(?:街道办事处|街道|镇|乡))")
_TOWN_STOP = ("乡镇", "各乡", "全乡", "全镇", "本镇", "本乡", "城乡", "各镇", "下乡", "乡村", "镇街")
_COUNTYISH = re.compile(r"^.*?[县市区省州旗]")
_FILL_DATE = re.compile(r"(填报|报送|填表|制表|统计|上报)(日期|时间)\s*[:：]?\s*\S+")
_YM = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_YM_NUM = re.compile(r"(?<!\d)(20\d{2})[-_./]?(0[1-9]|1[0-2])(?!\d)")
_PERIOD = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月[^年]*?[-—–~至到]\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月")


def find_towns(text: str) -> list[str]:
    """Town names in a free text (title, 填报单位 line, file name), in order, deduplicated."""
    out: list[str] = []
    # white space separates title cells ("企业一般事故隐患情况列表 北坪镇"): keep it a boundary
    s = " ".join(norm_text(p) for p in text.split())
    s = re.sub(r"\d{4}年\d{1,2}月(\d{1,2}日)?", " ", s)
    for part in re.split(r"[\s,，、;；:：()（）\[\]【】《》\d_\-.]+", s):
        if not part:
            continue
        # drop a leading county/city ("安宁县城关镇" → "城关镇")
        m = _COUNTYISH.match(part)
        rest = part[m.end():] if m and m.end() < len(part) else part
        for hit in _TOWN.findall(rest):
            hit = _TITLE_WORDS.sub("", _strip_prefix(hit))  # "隐患情况列表北坪镇" → "北坪镇"
            if hit.endswith("街道办事处"):
                hit = hit[: -len("办事处")]
            if len(hit) >= 2 and hit not in _TOWN_STOP and not any(hit.endswith(s) and len(hit) <= 2 for s in _TOWN_STOP) and hit not in out:
                out.append(hit)
    return out


# words of a sheet's title, never part of a town's name: a hit running on from them starts after them
_TITLE_WORDS = re.compile(r"^.*(?:列表|台账|清单|情况|隐患|明细|统计表|汇总表|记录|一览表)")
_PREFIXES = ("填报单位", "报送单位", "单位", "关于", "各", "全")


def _strip_prefix(hit: str) -> str:
    for p in _PREFIXES:
        if hit.startswith(p) and len(hit) - len(p) >= 2:
            return hit[len(p):]
    return hit


def town_from_sheet_name(name: str) -> str | None:
    s = norm_text(name)
    towns = find_towns(s)
    if len(towns) == 1 and len(s) <= len(towns[0]) + 12:
        return towns[0]
    return None


def month_from_text(text: str) -> dt.date | None:
    """The report month in a title/period line/sheet/file name; a period gives its end month."""
    s = _FILL_DATE.sub(" ", norm_text(text))
    m = _PERIOD.search(s)
    if m:
        year = int(m[3] or m[1])
        month = int(m[4])
        if 1 <= month <= 12:
            return dt.date(year, month, 1)
    hits = [(int(y), int(mo)) for y, mo in _YM.findall(s)]
    hits += [(int(y), int(mo)) for y, mo in _YM_NUM.findall(s)]
    hits = [(y, mo) for y, mo in hits if 1990 <= y <= 2100 and 1 <= mo <= 12]
    if hits:
        y, mo = hits[0]
        return dt.date(y, mo, 1)
    return None


_YEAR_ONLY = re.compile(r"(20\d{2})\s*(?:年版|年度|年)")


def year_from_text(text: str) -> dt.date | None:
    """"（2025年版）", "2025年度": January of that year (registries are dated by year)."""
    m = _YEAR_ONLY.search(_FILL_DATE.sub(" ", norm_text(text)))
    return dt.date(int(m[1]), 1, 1) if m else None


def title_lines(rows: list[list], header_top: int) -> list[str]:
    """The text of the banner rows above the header (merged title cells collapse to one)."""
    out = []
    for r in range(header_top):
        seen = []
        for v in rows[r]:
            t = cell_text(v).strip()
            if t and t not in seen:
                seen.append(t)
        if seen:
            out.append(" ".join(seen))
    return out


def filler_line(lines: list[str]) -> str | None:
    for line in lines:
        if re.search(r"(填报|报送|填表)单位", norm_text(line)):
            return line
    return None


def sheet_role_by_name(name: str) -> str | None:
    key = norm_label(name)
    if any(w in key for w in SUMMARY_NAMES):
        return "summary"
    if any(key == w or key.startswith(w) or key.endswith(w) for w in INSTRUCTION_NAMES):
        return "instructions"
    return None
