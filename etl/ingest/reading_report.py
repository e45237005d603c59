"""The reading report (docs/DATA_CONTRACT.md §1.2 v2, "nothing guessed silently"): for each sheet, source
column → field and how it was decided, the columns ignored or beaten in a contest, the legends,
check-mark groups and titles used, the 无隐患 rows, and every default or free-text decision with
counts and examples. Plain data and text for the CLI (compact or --explain) and the upload page."""

from __future__ import annotations

from etl.ingest.pipeline import Analysis, SheetInfo
from etl.ingest.vocab import column_label
from etl.problems import NON_DATA, NOT_A_VISIT

FIELD_EN = {
    "source_hazard_id": "hazard id", "town": "town", "sector": "sector", "department": "department",
    "entity_name": "unit", "description": "description", "level": "level", "found_date": "found date",
    "deadline": "deadline", "status": "status", "rectified_date": "rectified date",
    "inspection_method": "inspection method", "inspectors": "inspectors", "hazards_found": "hazards found",
    "major_hazards_found": "major hazards found", "penalty": "penalty", "credit_code": "credit code",
    "risk_level": "risk level", "seq": "row number", "remarks": "remarks", "supervisor": "supervisor",
    "supervision_level": "supervision level", "hazard_category": "hazard category", "measures": "measures",
    "funds": "funds", "responsible_person": "responsible person", "contingency_plan": "contingency plan",
    "verified_date": "verified date", "is_major": "major hazard (yes/no)", "verified_by": "verified by", "verification_result": "verification result",
}
HOW = {
    "exact": ("列名即字段名", "the field's own name"),
    "synonym": ("同义列名", "a synonym"),
    "contains": ("列名包含同义词", "the header contains a synonym"),
    "fix": ("分析员指定", "analyst's fix"),
    "supervisor": ("表中无责任部门列，督办单位兼作责任部门", "no department column: 督办单位 also fills it"),
    "marks": ("勾选列", "check-mark group"),
    "values": ("列中的取值是隐患等级", "its values are levels"),
}


def field_label(canon: str, lang: str) -> str:
    return FIELD_EN.get(canon, canon) if lang == "en" else column_label(canon)


def _safe(text) -> str:
    """Cell text for a terminal: control characters shown, never executed."""
    s = "" if text is None else str(text)
    return "".join(ch if ch.isprintable() or ch == " " else "\ufffd" for ch in s)


def column_rows(sheet: SheetInfo, lang: str = "zh") -> list[dict]:
    """One row per source column of a data sheet: column, field, how (for a table)."""
    en = lang == "en"
    out = []
    r = sheet.reading
    for label, canon, how in r.columns:
        out.append({"column": label, "field": field_label(canon, lang), "how": HOW.get(how, (how, how))[en]})
    for group, canon, values in r.marks:
        out.append({"column": f"{group}（{'|'.join(values)}）", "field": field_label(canon, lang), "how": HOW["marks"][en]})
    for label, canon, winner in r.losers:
        how = (f"落选：与“{winner}”争同一字段，后者的列名或取值更符合" if not en
               else f"lost the contest to '{winner}' (a more specific header or values that fit better)")
        out.append({"column": label, "field": "—", "how": how, "lost_to": field_label(canon, lang)})
    losers = {lab for lab, _, _ in r.losers}
    for label in sheet.ignored_columns:
        if label not in losers:
            out.append({"column": label, "field": "—", "how": "未识别，已忽略" if not en else "not recognised, ignored"})
    return out


def sheet_lines(sheet: SheetInfo, lang: str = "zh") -> list[str]:
    """Legends, titles, check-mark groups and 无隐患 rows of a data sheet, one line each."""
    en = lang == "en"
    r = sheet.reading
    out = []
    for canon, source, codes in r.legends:
        pairs = " ".join(f"{k}={v}" for k, v in sorted(codes.items()))
        if source == "1/2":
            out.append(f"{field_label(canon, lang)}: 1/2 read as 1 = general, 2 = major (no legend, only 1 and 2)" if en
                       else f"{field_label(canon, lang)}：只有代码 1 和 2 且无图例，按 1=一般、2=重大 读取")
        else:
            out.append(f"legend for {field_label(canon, lang)} ({source}): {pairs}" if en
                       else f"{field_label(canon, lang)}图例（{source}）：{pairs}")
    if r.title:
        level, title = r.title
        out.append(f"no level column: every row {level} by the title '{title}'" if en
                   else f"无隐患等级列：按标题“{title}”全部定为{'重大' if level == 'major' else '一般'}")
    if r.nothing_found:
        ex = "、".join(" ".join(str(x) for x in row[1:] if x) for row in r.nothing_found[:3])
        out.append(f"{len(r.nothing_found)} 'no hazards' rows (not loaded, counted as a report received): {ex}" if en
                   else f"“无隐患”行 {len(r.nothing_found)} 行（不作为隐患导入，计为已报送）：{ex}")
        out += _visit_lines(r, en)
    for code, n in sheet.skipped.items():
        zh_en = NON_DATA.get(code, (code, code))
        out.append(f"non-data: {zh_en[1]} {n}" if en else f"非数据行：{zh_en[0]} {n} 行")
    return out


def _visit_lines(r, en: bool) -> list[str]:
    """Which 无隐患 rows became visits that found nothing (examples), and why the others did not
    (every row number, by reason)."""
    out = []
    pairs = list(zip(r.nothing_found, r.nothing_outcome, strict=False))
    visits = [(row, day) for row, (how, day) in pairs if how == "visit"]
    if visits:
        ex = "、".join(f"{row[2]} {day}" for row, day in visits[:3])
        out.append(f"of them {len(visits)} stored as inspection visits that found nothing: {ex}" if en
                   else f"其中 {len(visits)} 条无隐患记录计为检查（未发现隐患）：{ex}")
    why: dict[str, list[int]] = {}
    for row, (how, _) in pairs:
        if how != "visit":
            why.setdefault(how, []).append(row[0])
    if why:
        parts = [(f"{NOT_A_VISIT[k][1]}: rows {', '.join(map(str, rows))}" if en
                  else f"{NOT_A_VISIT[k][0]}（第 {'、'.join(map(str, rows))} 行）") for k, rows in why.items()]
        out.append(f"not visits ({sum(map(len, why.values()))}): " + "; ".join(parts) if en
                   else f"未计为检查 {sum(map(len, why.values()))} 行：" + "；".join(parts))
    return out


def text_report(a: Analysis, *, full: bool = False) -> list[str]:
    """Lines for the terminal, Chinese then English. Compact: one line per sheet plus every notice;
    full (--explain): every column with how it was read."""
    out = []
    for s in a.sheets:
        if s.role != "data":
            continue
        r = s.reading
        ignored = [lab for lab in s.ignored_columns if lab not in {x[0] for x in r.losers}]
        if full:
            out.append(f"  读法 reading “{_safe(s.name)}”（表头第 {s.header_row} 行 header row {s.header_row}）:")
            zh_rows, en_rows = column_rows(s, "zh"), column_rows(s, "en")
            for z, e in zip(zh_rows, en_rows, strict=True):
                out.append(f"    {_safe(z['column'])} → {z['field']} / {e['field']}  [{z['how']} / {e['how']}]")
            for z, e in zip(sheet_lines(s, "zh"), sheet_lines(s, "en"), strict=True):
                out.append(f"    {_safe(z)} / {_safe(e)}")
        else:
            parts = [f"{len(r.columns) + len(r.marks)} 列已识别 columns read"]
            if ignored:
                parts.append(f"忽略 ignored: {_safe('、'.join(ignored))}")
            if r.losers:
                parts.append("落选 lost: " + _safe("、".join(f"{lab}→{w}" for lab, _, w in r.losers)))
            if r.marks:
                parts.append("勾选 ticks: " + _safe("、".join(f"{g}({'|'.join(v)})" for g, _, v in r.marks)))
            out.append(f"  读法 reading “{_safe(s.name)}”: " + "; ".join(parts))
            for z in sheet_lines(s, "zh"):
                if not z.startswith("非数据行"):
                    out.append(f"    {_safe(z)}")
    for n in a.notices:
        out.append(f"  提示 warning: {_safe(n.text('zh'))}" + (f" / {_safe(n.text('en'))}" if full else ""))
    return out
