"""The county's inspection logs (安全检查记录 / 执法检查台账)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .habits import _method_word
from .simulator import Visit, World, _add_months
from .vocab import COUNTY, DEPARTMENTS, SECTOR_WORDS, TOWNS
from .writers import Layout, Sheet, _created, _write, _xlsx_bytes, build_sheet, fmt_date

# ---------------------------------------------------------------- inspections

INSP_COLS: list[tuple[str, str, str | None]] = [
    ("seq", "序号", None),
    ("date", "检查日期", None),
    ("town", "所属街镇", None),
    ("unit", "被检查单位", None),
    ("sector", "行业领域", None),
    ("method", "检查方式", None),
    ("inspectors", "检查人员", None),
    ("found", "发现隐患数", None),
    ("major", "其中重大隐患", None),
    ("penalty", "罚款（元）", None),
    ("dept", "监管部门", None),
    ("remark", "备注", None),
]
INSP_UNITS = {"found": "(项)", "major": "(项)", "penalty": "(元)"}

EM_COLS: list[tuple[str, str, str | None]] = [
    ("seq", "序号", None),
    ("date", "检查时间", "检查基本情况"),
    ("town", "乡镇（街道）", "检查基本情况"),
    ("unit", "被检查单位", "检查基本情况"),
    ("sector", "行业类别", "检查基本情况"),
    ("method", "检查类型", "检查基本情况"),
    ("inspectors", "执法人员", "检查基本情况"),
    ("found", "查出隐患数", "检查结果"),
    ("major", "重大事故隐患（项）", "检查结果"),
    ("penalty", "罚款（万元）", "检查结果"),
    ("dept", "主管部门", None),
]

COUNTY_HABIT = 3  # word habit of the county-wide inspection workbook
EM_HABIT = 1  # 县应急管理局: 执法检查 / 双随机 / 暗查暗访 / 联合执法 …


def _visit_record(v: Visit, habit: int, rm: date, date_kind: str, wan: bool) -> dict[str, Any]:
    t = next(t for t in TOWNS if t.name == v.town)
    words = SECTOR_WORDS[v.unit.sector]
    sector = v.unit.sector_word if (v.unit.sector_word and v.r < 0.3) else words[(habit + t.habit) % len(words)]
    pen: Any = v.penalty
    if wan:
        pen = v.penalty / 10000 if v.penalty else None
    return {
        "date": fmt_date(date_kind, v.day, rm),
        "town": v.town,
        "unit": v.unit.name,
        "sector": sector,
        "method": _method_word(habit, v.method, v.r, v.unit),
        "inspectors": v.team,
        "found": len(v.hazards),
        "major": sum(1 for h in v.hazards if h.major),
        "penalty": pen,
        "dept": v.department or None,
    }


def _write_inspections(world: World, out: Path, mi: int, seed: int) -> list[Path]:
    rm = world.months[mi]
    y, m = rm.year, rm.month
    d = out / "inspections"
    rng = random.Random(f"{seed}:inspections:{rm.isoformat()}")
    fill = _add_months(rm, 1) + timedelta(days=rng.randint(2, 6))
    month_visits = [v for v in world.visits if v.day.year == y and v.day.month == m]
    paths: list[Path] = []

    # 县应急管理局's own enforcement file (penalties in 万元).
    em = [v for v in month_visits if v.level == "county" and v.department == "县应急管理局"]
    recs = [_visit_record(v, EM_HABIT, rm, "cn", True) for v in em]
    if mi == 7 and recs:
        recs[len(recs) // 2]["found"] = "若干"
    lay = Layout(
        cols=EM_COLS,
        banners=[
            f"县应急管理局{y}年{m}月执法检查台账",
            f"填报单位：县应急管理局执法大队　　填报日期：{fill.year}年{fill.month}月{fill.day}日",
        ],
        total_label="合计",
        total_values={
            "found": sum(len(v.hazards) for v in em),
            "major": sum(1 for v in em for h in v.hazards if h.major),
            "penalty": sum(v.penalty for v in em) / 10000,
        },
        footer=[["执法人员签字：", None, None, "负责人：", None, None, "联系电话：", "0000-0000000"]],
    )
    sh = build_sheet(f"{m}月", lay, recs, {})
    paths.append(_write(d / f"县应急管理局{y}年{m}月执法检查台账.xlsx", _xlsx_bytes([sh], _created(fill))))

    # County-wide workbook: one sheet per department, 乡镇检查, 督查, a 汇总 with a units row.
    sheets: list[Sheet] = []
    summary_rows: list[list[Any]] = []
    groups: list[tuple[str, list[Visit]]] = []
    for dept in DEPARTMENTS:
        if dept == "县应急管理局":
            continue
        vs = [v for v in month_visits if v.level == "county" and v.department == dept]
        if vs:
            groups.append((dept, vs))
    groups.append(("乡镇检查", [v for v in month_visits if v.level in ("town", "self")]))
    groups.append(("督查", [v for v in month_visits if v.level == "supervision"]))
    for name, vs in groups:
        recs = [_visit_record(v, COUNTY_HABIT, rm, "dt", False) for v in vs]
        for rec, v in zip(recs, vs, strict=True):
            if v.level == "self":
                rec["remark"] = "企业自查上报"
            elif not v.unit.registered:
                rec["remark"] = "未纳入名录"
        if name == "乡镇检查" and mi == 12 and recs:
            recs[len(recs) // 3]["date"] = None
        title = f"{name}{y}年{m}月安全检查记录" if name.startswith("县") else f"{y}年{m}月{name}情况"
        lay = Layout(cols=INSP_COLS, banners=[title], subrow="units", units=INSP_UNITS)
        sheets.append(build_sheet(name, lay, recs, {}))
        summary_rows.append(
            [
                name,
                len(vs),
                sum(len(v.hazards) for v in vs),
                sum(1 for v in vs for h in v.hazards if h.major),
                sum(v.penalty for v in vs),
            ]
        )
    summary = Sheet(
        "汇总",
        [
            [f"{COUNTY}{y}年{m}月安全生产检查情况汇总"],
            ["部门", "检查次数", "发现隐患数", "其中重大隐患", "罚款（元）"],
            [None, "(次)", "(项)", "(项)", "(元)"],
            *summary_rows,
            ["合计", *[sum(r[i] for r in summary_rows) for i in range(1, 5)]],
        ],
        merges=[(0, 0, 0, 4)],
    )
    notes = Sheet(
        "说明",
        [
            ["本表由县安委办汇总各部门及乡镇（街道）报送的检查记录。"],
            ["县应急管理局执法检查另表报送。"],
            ["罚款单位：元。"],
        ],
    )
    data = _xlsx_bytes([summary, *sheets, notes], _created(fill))
    paths.append(_write(d / f"{COUNTY}{y}年{m}月安全生产检查记录汇总.xlsx", data))
    return paths


# ---------------------------------------------------------------- registry
