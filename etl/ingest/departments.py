"""The department directory applied to a file's rows (``config/departments.toml``).

A department written another way (应急局, 县安监局, 市场监管局) is read as the directory's name for
it (县应急管理局, 县市场监管局) in every department column a file has — a ledger's 责任部门 and
督办单位, an inspection log's 检查部门, a registry's 监管部门, the ledgers' 无隐患 visits — before the keys are
built, so one department is one row in every ranking and filter. Only whole names match (after
``norm_text``); a name the directory does not list is kept as written. Each change is a notice of
its sheet with its row count; a directory with a mistake changes nothing and says so.
"""

from __future__ import annotations

from collections import Counter

from etl.ingest.vocab import norm_text
from etl.problems import Notice
from etl.read.config import load_departments

# the columns that name a department: the responsible or inspecting or supervising department, and
# a hazard's 督办单位 (the 督办 board names it)
FIELDS = ("department", "supervisor")


def apply_directory(results: list, warnings: Counter) -> None:
    """Rename in place the department values of each sheet's records and visit records."""
    aliases, problems = load_departments()
    for p in problems:
        warnings[Notice("departments_config", (("problem_zh", p.text("zh")), ("problem_en", p.text("en"))))] += 1
    if not aliases:
        return
    for info, res, _month in results:
        for recs in (res.records, res.visit_records):
            for field in FIELDS:
                col = recs.get(field) if recs else None
                if not col:
                    continue
                found = {v: aliases[k] for v in set(col) if v and (k := norm_text(v)) in aliases}
                if not found:
                    continue
                counts = Counter(v for v in col if v in found)
                recs[field] = [found.get(v, v) for v in col]
                for raw, n in sorted(counts.items()):
                    warnings[Notice("department_alias", (("raw", raw), ("name", found[raw])), info.name)] += n
