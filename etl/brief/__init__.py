"""Monthly briefing pack (会议材料): one data model for the meeting, a PowerPoint and a Word report.

    python -m etl brief --month 2025-06 --out 会议材料.pptx [--asof 2025-06-30] [--county 安宁县]

Streamlit-free. ``collect(q, month, as_of, ...)`` gathers every number of the meeting through a
query callable ``q(name, **params) -> DataFrame`` (the CLI binds ``etl.read.queries.run`` to a
reader connection; the app passes ``pages/_shared/data.query``, cached per data version), so
the projection slides, the .pptx and the .docx show the same warehouse numbers.

Scope of the numbers (the month M, status as of ``as_of``, default the end of M):
* month KPIs: hazards FOUND in M (``kpis`` with start = end = M), compared with M-1 and M-12;
* stock KPIs: every hazard found up to ``as_of`` (open, overdue, overdue majors);
* trend, rectification by town/department, supervision gaps: the 12 months ending with M;
* what changed: majors found in M, hazards rectified during M, towns whose ledger for M is missing.

``build_pptx(data)`` writes native, editable charts and tables; ``build_docx(data, sections)``
writes the report text of ``etl/brief/text.py`` (the analyst may have edited it in the app).
CJK text names "Microsoft YaHei" (微软雅黑, on every Windows office machine) with
"Noto Sans CJK SC" as the Latin-side fallback, so the files open correctly offline.

Modules: ``model`` (scope, dates, ``collect``), ``fmt`` (number and date formatting), ``text``
(the report sentences and tables), ``slides`` (.pptx), ``document`` (.docx), ``pack`` (the zip),
``cli`` (``python -m etl brief``).
"""

from ..months import shift_as_of
from . import followthrough, scoreboard, slides
from .cli import add_arguments, output_paths, run
from .document import build_docx
from .fmt import dept_name, fmt_date, fmt_int, fmt_month, fmt_pct
from .model import (
    BOARD_LIMIT,
    COUNTY_ENV,
    DEFAULT_COUNTY,
    LIST_LIMIT,
    REST,
    RISK_ZH,
    SLIDE_TITLES_ZH,
    SLIDES,
    TOP_SECTORS,
    WINDOW_MONTHS,
    BriefData,
    Query,
    Scope,
    _date,
    _missing,
    add_months,
    collect,
    default_as_of,
    default_month,
    month_end,
    parse_month,
    trend_wide,
)
from .pack import build_zip, file_stem
from .slides import build_pptx

slides.EXTRA_SLIDES.append(scoreboard.add_slides)  # 七 考核通报与下月检查计划
slides.FIRST_SLIDES.append(followthrough.add_first_slides)  # 上次会议交办事项落实情况
slides.EXTRA_SLIDES.append(followthrough.add_gap_slide)  # 层层递减 / 宽松软虚 / 整改后反弹

__all__ = [
    "_date",
    "_missing",
    "BOARD_LIMIT",
    "BriefData",
    "COUNTY_ENV",
    "DEFAULT_COUNTY",
    "LIST_LIMIT",
    "Query",
    "REST",
    "RISK_ZH",
    "SLIDES",
    "SLIDE_TITLES_ZH",
    "Scope",
    "TOP_SECTORS",
    "WINDOW_MONTHS",
    "add_arguments",
    "add_months",
    "build_docx",
    "build_pptx",
    "build_zip",
    "collect",
    "default_as_of",
    "default_month",
    "dept_name",
    "file_stem",
    "fmt_date",
    "fmt_int",
    "fmt_month",
    "fmt_pct",
    "month_end",
    "output_paths",
    "parse_month",
    "run",
    "shift_as_of",
    "trend_wide",
]
