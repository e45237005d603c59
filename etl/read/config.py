"""The office's editable settings: ``config/scorecard.toml``, ``config/plan.toml``,
``config/responsibilities.toml`` and ``config/departments.toml`` (read with Python's ``tomllib``).

Each ``load_*`` returns the settings and a list of ``ConfigProblem`` sentences. A file that is
missing gives the documented defaults silently (they are the county defaults); a file with any
error (TOML syntax, an unknown indicator or key, a weight that is not a number …) gives one
sentence per error naming the line, and the defaults stay in force for that whole file — a
half-read file would score units on a mix nobody chose.

The folder is ``config/`` beside the code, or ``$SAFETY_CONFIG_DIR`` when set.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"

SECTORS = (
    "school", "fire", "traffic", "construction", "hazchem", "gas",
    "industry_trade", "special_equipment", "mining", "water", "tourism", "other",
)  # fmt: skip
RISK_COLOURS = ("red", "orange", "yellow", "blue")


def config_dir() -> Path:
    env = os.environ.get("SAFETY_CONFIG_DIR")
    return Path(env) if env else CONFIG_DIR


@dataclass(frozen=True)
class ConfigProblem:
    file: str
    line: int | None
    message_zh: str
    message_en: str

    def text(self, lang: str = "zh") -> str:
        where_zh = f"{self.file} 第 {self.line} 行：" if self.line else f"{self.file}："
        where_en = f"{self.file} line {self.line}: " if self.line else f"{self.file}: "
        if lang == "en":
            return f"{where_en}{self.message_en} The default settings are used."
        return f"{where_zh}{self.message_zh}，本文件不生效，使用默认设置。"


# ---- reading a file -------------------------------------------------------------------------


def _read(path: Path) -> tuple[dict[str, Any] | None, str, list[ConfigProblem]]:
    """(parsed table or None when missing/broken, raw text, problems)."""
    if not path.exists():
        return None, "", []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, "", [ConfigProblem(path.name, None, f"无法读取文件（{type(exc).__name__}）",
                                        f"the file cannot be read ({type(exc).__name__}).")]  # fmt: skip
    try:
        return tomllib.loads(text), text, []
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else (len(text.splitlines()) or None)  # "(at end of document)"
        reason = str(exc).split(" (at ")[0]
        return None, text, [ConfigProblem(path.name, line,
                                          f"格式错误（{reason}）", f"the file is not valid TOML ({reason}).")]  # fmt: skip


def line_of(text: str, table: str | None, key: str | None = None) -> int | None:
    """The line of ``key = …`` inside ``[table]`` (or of the ``[table]`` header when key is None);
    ``table`` None = the top level. Dotted headers are compared as written, quotes removed."""
    current: str | None = None
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        head = re.fullmatch(r"\[\s*([^\[\]]+?)\s*\]", line)
        if head:
            current = re.sub(r"\s*\.\s*", ".", head.group(1).replace('"', "").replace("'", ""))
            if key is None and current == table:
                return no
            continue
        if key is not None and current == table:
            k = re.match(r"""\s*["']?([^"'=\s]+)["']?\s*=""", line)
            if k and k.group(1) == key:
                return no
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    v = float(value)
    return v if math.isfinite(v) else None


# ---- scorecard ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    code: str
    weight: float
    direction: str  # 'up' = higher is better, 'down' = lower is better
    best: float  # score 100 at or beyond
    worst: float  # score 0 at or beyond
    green: float  # band green when at least this good
    red: float  # band red when worse than this
    kind: str = "rate"  # 'rate' (0..1) | 'count'
    units: tuple[str, ...] = ("town", "department")


DEFAULT_INDICATORS: tuple[Indicator, ...] = (
    Indicator("reported", 10, "up", 1.0, 0.0, 1.0, 0.67, units=("town",)),
    Indicator("rect_rate", 20, "up", 1.0, 0.5, 0.9, 0.7),
    Indicator("ontime_rate", 15, "up", 1.0, 0.5, 0.85, 0.6),
    Indicator("overdue_major", 15, "down", 0, 3, 0, 1, kind="count"),
    Indicator("verified_rate", 10, "up", 1.0, 0.5, 0.9, 0.6),
    Indicator("high_risk_inspected", 10, "up", 1.0, 0.5, 1.0, 0.8),
    Indicator("zero_find_share", 10, "down", 0.3, 0.8, 0.4, 0.6),
    Indicator("repeat_rate", 10, "down", 0.0, 0.2, 0.05, 0.1),
    Indicator("overdue_share", 10, "down", 0.0, 0.3, 0.05, 0.15, units=("department",)),
)
INDICATOR_CODES = tuple(i.code for i in DEFAULT_INDICATORS)


@dataclass(frozen=True)
class ScorecardConfig:
    window_months: int = 3
    bottom_n: int = 1  # the last N ranks count as "the bottom"
    interview_months: int = 2  # months running at the bottom → 建议约谈
    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS

    def indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)


_INT_KEYS = {"window_months": (1, 12), "bottom_n": (1, 10), "interview_months": (1, 12)}
_IND_NUM_KEYS = ("weight", "best", "worst", "green", "red")


def load_scorecard(path: Path | None = None) -> tuple[ScorecardConfig, list[ConfigProblem]]:
    path = path or config_dir() / "scorecard.toml"
    data, text, problems = _read(path)
    default = ScorecardConfig()
    if data is None:
        return default, problems
    name = path.name
    top: dict[str, Any] = {}
    for key, value in data.items():
        if key == "indicators":
            continue
        if key not in _INT_KEYS:
            problems.append(ConfigProblem(name, line_of(text, None, key), f"未知设置“{key}”",
                                          f"unknown setting '{key}'."))  # fmt: skip
            continue
        lo, hi = _INT_KEYS[key]
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            problems.append(ConfigProblem(name, line_of(text, None, key), f"“{key}”应为 {lo} 到 {hi} 之间的整数，现为 {value!r}",
                                          f"'{key}' must be a whole number from {lo} to {hi}, not {value!r}."))  # fmt: skip
            continue
        top[key] = value
    inds = {i.code: i for i in default.indicators}
    section = data.get("indicators", {})
    if not isinstance(section, dict):
        problems.append(ConfigProblem(name, line_of(text, None, "indicators"), "“indicators”应为表",
                                      "'indicators' must be a table."))  # fmt: skip
        section = {}
    for code, spec in section.items():
        table = f"indicators.{code}"
        if code not in inds:
            problems.append(ConfigProblem(name, line_of(text, table), f"未知指标“{code}”（可用：{'、'.join(INDICATOR_CODES)}）",
                                          f"unknown indicator '{code}' (known: {', '.join(INDICATOR_CODES)})."))  # fmt: skip
            continue
        if not isinstance(spec, dict):
            problems.append(ConfigProblem(name, line_of(text, "indicators", code), f"指标“{code}”应为表",
                                          f"indicator '{code}' must be a table."))  # fmt: skip
            continue
        changes: dict[str, Any] = {}
        for key, value in spec.items():
            line = line_of(text, table, key)
            if key in _IND_NUM_KEYS:
                num = _number(value)
                if num is None or (key == "weight" and num < 0):
                    problems.append(ConfigProblem(name, line, f"指标“{code}”的“{key}”应为数字{'（不小于 0）' if key == 'weight' else ''}，现为 {value!r}",
                                                  f"'{key}' of indicator '{code}' must be a number{' (0 or more)' if key == 'weight' else ''}, not {value!r}."))  # fmt: skip
                    continue
                changes[key] = num
            elif key == "direction":
                if value not in ("up", "down"):
                    problems.append(ConfigProblem(name, line, f"指标“{code}”的 direction 应为 \"up\"（越高越好）或 \"down\"（越低越好），现为 {value!r}",
                                                  f"direction of indicator '{code}' must be \"up\" or \"down\", not {value!r}."))  # fmt: skip
                    continue
                changes[key] = value
            else:
                problems.append(ConfigProblem(name, line, f"指标“{code}”没有设置项“{key}”",
                                              f"indicator '{code}' has no setting '{key}'."))  # fmt: skip
        ind = replace(inds[code], **changes)
        sign = 1 if ind.direction == "up" else -1
        if sign * (ind.best - ind.worst) <= 0 or sign * (ind.green - ind.red) < 0:
            problems.append(ConfigProblem(name, line_of(text, table), f"指标“{code}”的 best/worst 或 green/red 与方向“{ind.direction}”不一致",
                                          f"best/worst or green/red of indicator '{code}' contradict direction '{ind.direction}'."))  # fmt: skip
            continue
        inds[code] = ind
    if sum(i.weight for i in inds.values()) <= 0:
        problems.append(
            ConfigProblem(name, None, "所有指标的权重之和为 0", "the weights of all indicators add up to 0.")
        )
    if problems:
        return default, problems
    return ScorecardConfig(**top, indicators=tuple(inds[c] for c in INDICATOR_CODES)), []


# ---- inspection plan ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanConfig:
    visits_per_year: dict[str, float] = field(default_factory=lambda: {"red": 12, "orange": 6, "yellow": 2, "blue": 1})
    # priority multipliers for the key sectors (消防、交通、建筑、学校); others 1
    sector_weight: dict[str, float] = field(
        default_factory=lambda: {"school": 1.5, "fire": 1.5, "traffic": 1.5, "construction": 1.5}
    )
    # points each reason adds to a unit's priority (before the sector multiplier)
    reason_points: dict[str, float] = field(
        default_factory=lambda: {
            "overdue_major": 5,
            "major_due": 4,
            "risk_due": 3,
            "never_inspected": 2,
            "repeat": 2,
        }  # fmt: skip
    )


PLAN_REASONS = ("overdue_major", "major_due", "risk_due", "never_inspected", "repeat")


def load_plan(path: Path | None = None) -> tuple[PlanConfig, list[ConfigProblem]]:
    path = path or config_dir() / "plan.toml"
    data, text, problems = _read(path)
    default = PlanConfig()
    if data is None:
        return default, problems
    name = path.name
    out: dict[str, dict[str, float]] = {}
    allowed = {"visits_per_year": RISK_COLOURS, "sector_weight": SECTORS, "reason_points": PLAN_REASONS}
    for table, value in data.items():
        if table not in allowed or not isinstance(value, dict):
            problems.append(ConfigProblem(name, line_of(text, table) or line_of(text, None, table),
                                          f"未知设置“{table}”（可用：{'、'.join(allowed)}）",
                                          f"unknown setting '{table}' (known: {', '.join(allowed)})."))  # fmt: skip
            continue
        base = dict(getattr(default, table))
        for key, v in value.items():
            line = line_of(text, table, key)
            if key not in allowed[table]:
                problems.append(ConfigProblem(name, line, f"“{table}”中没有“{key}”（可用：{'、'.join(allowed[table])}）",
                                              f"'{table}' has no '{key}' (known: {', '.join(allowed[table])})."))  # fmt: skip
                continue
            num = _number(v)
            if num is None or num < 0:
                problems.append(ConfigProblem(name, line, f"“{table}.{key}”应为不小于 0 的数字，现为 {v!r}",
                                              f"'{table}.{key}' must be a number, 0 or more, not {v!r}."))  # fmt: skip
                continue
            base[key] = num
        out[table] = base
    if problems:
        return default, problems
    return PlanConfig(**out), []


# ---- 三管三必须: sector → lead department ----------------------------------------------------


@dataclass(frozen=True)
class Responsibilities:
    lead: dict[str, str]  # sector code → lead department (a sector missing = no lead: a gap)
    also: dict[str, tuple[str, ...]]  # departments that share a sector without being a mismatch


DEFAULT_LEAD = {
    "school": "县教育局",
    "fire": "县消防救援大队",
    "traffic": "县交通运输局",
    "construction": "县住建局",
    "hazchem": "县应急管理局",
    "gas": "县住建局",
    "industry_trade": "县应急管理局",
    "special_equipment": "县市场监管局",
    "mining": "县应急管理局",
    "water": "县交通运输局",
    "tourism": "县文旅局",
}
DEFAULT_ALSO = {
    "traffic": ("县公安局交警大队",),
    "gas": ("县市场监管局",),
    "industry_trade": ("县工业和信息化局",),
    "mining": ("县自然资源局",),
    "water": ("县农业农村局",),
}


def load_responsibilities(path: Path | None = None) -> tuple[Responsibilities, list[ConfigProblem]]:
    path = path or config_dir() / "responsibilities.toml"
    data, text, problems = _read(path)
    default = Responsibilities(dict(DEFAULT_LEAD), dict(DEFAULT_ALSO))
    if data is None:
        return default, problems
    name = path.name
    lead: dict[str, str] = {}
    also: dict[str, tuple[str, ...]] = {}
    for table, value in data.items():
        if table not in ("lead", "also") or not isinstance(value, dict):
            problems.append(ConfigProblem(name, line_of(text, table) or line_of(text, None, table),
                                          f"未知设置“{table}”（可用：lead、also）", f"unknown setting '{table}' (known: lead, also)."))  # fmt: skip
            continue
        for sector, v in value.items():
            line = line_of(text, table, sector)
            if sector not in SECTORS:
                problems.append(ConfigProblem(name, line, f"未知行业代码“{sector}”（可用：{'、'.join(SECTORS)}）",
                                              f"unknown sector code '{sector}' (known: {', '.join(SECTORS)})."))  # fmt: skip
                continue
            if table == "lead":
                if not isinstance(v, str) or not v.strip():
                    problems.append(ConfigProblem(name, line, f"“{sector}”的牵头部门应为部门名称，现为 {v!r}",
                                                  f"the lead department of '{sector}' must be a name, not {v!r}."))  # fmt: skip
                    continue
                lead[sector] = v.strip()
            else:
                items = [v] if isinstance(v, str) else v
                if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
                    problems.append(ConfigProblem(name, line, f"“{sector}”的配合部门应为名称列表，现为 {v!r}",
                                                  f"the other departments of '{sector}' must be a list of names, not {v!r}."))  # fmt: skip
                    continue
                also[sector] = tuple(x.strip() for x in items)
    if problems:
        return default, problems
    return Responsibilities(lead, also), []


# ---- department directory -------------------------------------------------------------------


def load_departments(path: Path | None = None) -> tuple[dict[str, str], list[ConfigProblem]]:
    """``config/departments.toml``: {other way of writing, as ``norm`` keys it: the department's name}.

    Missing file: no name is changed. Any mistake (a name that is not text, one way of writing
    given to two departments, or a department's own name given as another's way of writing): one
    sentence each, and no name is changed — half a directory would merge some rows of a
    department and not others."""
    from etl.ingest.vocab import norm_text

    path = path or config_dir() / "departments.toml"
    data, text, problems = _read(path)
    if data is None:
        return {}, problems
    name = path.name
    out: dict[str, str] = {}
    where: dict[str, str] = {}
    for table, value in data.items():
        if table != "aliases" or not isinstance(value, dict):
            problems.append(ConfigProblem(name, line_of(text, table) or line_of(text, None, table),
                                          f"未知设置“{table}”（可用：aliases）", f"unknown setting '{table}' (known: aliases)."))  # fmt: skip
            continue
        canon = {norm_text(d): d.strip() for d in value}
        for dept, others in value.items():
            line = line_of(text, table, dept)
            if not dept.strip() or not isinstance(others, list) or not all(isinstance(x, str) and x.strip() for x in others):
                problems.append(ConfigProblem(name, line, f"“{dept}”的其他写法应为名称列表，现为 {others!r}",
                                              f"the other names of '{dept}' must be a list of names, not {others!r}."))  # fmt: skip
                continue
            for other in others:
                key = norm_text(other)
                if key in canon and canon[key] != dept.strip():
                    problems.append(ConfigProblem(name, line, f"“{other}”本身是名录中的部门，不能作为“{dept}”的其他写法",
                                                  f"'{other}' is a department of the directory itself, not another name of '{dept}'."))  # fmt: skip
                elif key in out and out[key] != dept.strip():
                    problems.append(ConfigProblem(name, line, f"“{other}”同时列在“{where[key]}”和“{dept}”下",
                                                  f"'{other}' is listed under both '{where[key]}' and '{dept}'."))  # fmt: skip
                elif key != norm_text(dept):
                    out[key], where[key] = dept.strip(), dept.strip()
    if problems:
        return {}, problems
    return out, []
