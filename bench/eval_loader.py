"""Held-out evaluation of the loader (issue 11's "done when"). Prints; never asserts.

    .venv/bin/python -m bench.eval_loader [--seeds 2025,7,11] [--detail 40] [--shape NAME]

Builds the held-out ledgers of bench/heldout/ (sources in shapes.py) (sheets shaped like real hazard-system exports
and town-office ledgers, each with the truth of every row), reads each file through the loader's public
entry (``pipeline.analyse``, what ``writes.preview`` and the upload page run; nothing is written) and
prints, per shape and per field:

* the share of fields right over the rows that should load (every contract field of every row: hazards,
  and the visits of an inspection log or the units of a registry, for the shapes that are those);
* valid rows rejected (or silently dropped), and non-hazard rows loaded (a 合计/footer/无隐患/summary/
  hidden-sheet row, or a row the contract says must be rejected);
* the decisions the load report had to list and did not: every default and every value decided from
  free text the truth names for a row (sector 'other', level by title, a deadline phrase, a date without
  a year, a status decided by its words …), matched against the report's notices of that sheet.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.heldout import SHAPES, build  # noqa: E402
from bench.heldout.book import FIELDS, KIND_FIELDS, Case  # noqa: E402
from etl.ingest.departments import FIELDS as DEPARTMENT_FIELDS  # noqa: E402
from etl.ingest.vocab import norm_text  # noqa: E402
from etl.read.config import load_departments  # noqa: E402

_DIRECTORY = load_departments()[0]


@dataclass
class Score:
    shape: str
    refused: str = ""
    expected_loaded: int = 0
    rows_all_right: int = 0
    fields_total: int = 0
    fields_right: int = 0
    valid_rejected: int = 0
    valid_dropped: int = 0  # neither loaded nor rejected: silently skipped
    non_hazard_loaded: int = 0
    bad_row_loaded: int = 0  # a row the contract says must be rejected
    bad_row_not_rejected: int = 0
    decisions_expected: int = 0
    decisions_missing: int = 0
    per_field: Counter = field(default_factory=Counter)  # field → wrong
    per_field_total: Counter = field(default_factory=Counter)
    mismatches: list = field(default_factory=list)
    missing_decisions: list = field(default_factory=list)


def _value(v):
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "to_pydatetime"):  # pandas Timestamp
        v = v.to_pydatetime()
    if isinstance(v, dt.datetime):
        return v.date()
    return v


def _same(expected, got) -> bool:
    got = _value(got)
    if isinstance(expected, float) or isinstance(got, float):
        return expected is not None and got is not None and abs(float(expected) - float(got)) < 0.01
    return expected == got


def _notice_counts(analysis) -> dict[tuple[str, str], int]:
    """(sheet, code) → rows counted; sheet '' for notices that name no sheet."""
    out: Counter = Counter()
    for line in analysis.notices:
        out[(line.notice.sheet or "", line.code)] += max(line.count, 1)
    return out


def _expected(field: str, value):
    """The truth is what the file wrote; a department another way of writing is stored under the
    department directory's name (config/departments.toml, etl/ingest/departments.py)."""
    if field in DEPARTMENT_FIELDS and isinstance(value, str):
        return _DIRECTORY.get(norm_text(value), value)
    return value


def score(case: Case) -> Score:
    from etl.ingest.pipeline import analyse
    from etl.problems import COUNTLESS, RefusedFile

    sc = Score(case.shape)
    fields = KIND_FIELDS[case.kind]
    label = (lambda f: f) if case.kind == "hazard" else (lambda f: f"{case.kind}.{f}")
    truth = {(s.name, r): e for s in case.sheets for r, e in s.truth.items()}
    sc.expected_loaded = sum(e.outcome == "loaded" for e in truth.values())
    try:
        a = analyse(case.data, case.file_name, **case.kwargs)
    except RefusedFile as exc:
        sc.refused = exc.message_zh
        sc.valid_rejected = sc.expected_loaded
        for e in truth.values():
            if e.outcome == "loaded":
                for f in fields:
                    sc.per_field_total[label(f)] += 1
                    sc.per_field[label(f)] += 1
                sc.fields_total += len(fields)
        return sc
    frame = a.frame
    if case.file_name.lower().endswith(".csv") and len(case.sheets) == 1:  # a CSV's one sheet: the loader names it
        only = case.sheets[0].name
        truth = {(a.sheets[0].name, r): e for (s, r), e in truth.items() if s == only}
    loaded = {(rec["source_sheet"], int(rec["source_row"])): rec for rec in frame.to_dict("records")}
    if a.kind != case.kind:  # e.g. a hazard file read as visits: its rows are no hazards, the hazards lost
        sc.refused = f"read as {a.kind}"
        sc.non_hazard_loaded += len(loaded)
        loaded = {}
    rejected = {(p.sheet, p.row) for p in a.problems}
    for key, rec in loaded.items():
        e = truth.get(key)  # (a hazard file's sheets of another kind have no truth rows: not loaded)
        if e is None or e.outcome == "non_data":
            sc.non_hazard_loaded += 1
            sc.mismatches.append((key, "(row)", "not a hazard", rec.get("description")))
        elif e.outcome == "rejected":
            sc.bad_row_loaded += 1
            sc.mismatches.append((key, "(row)", f"rejected ({e.column})", rec.get("description")))
    expected_decisions: Counter = Counter()
    for key, e in truth.items():
        if e.outcome == "rejected" and key not in rejected and key not in loaded:
            sc.bad_row_not_rejected += 1
        if e.outcome != "loaded":
            continue
        for code in e.decisions:
            expected_decisions[(key[0], code)] += 1
        rec = loaded.get(key)
        if rec is None:
            if key in rejected:
                sc.valid_rejected += 1
                why = next((p.reason for p in a.problems if (p.sheet, p.row) == key), "")
                sc.mismatches.append((key, "(row)", "loaded", f"rejected: {why}"))
            else:
                sc.valid_dropped += 1
                sc.mismatches.append((key, "(row)", "loaded", "dropped"))
            for f in fields:
                sc.per_field_total[label(f)] += 1
                sc.per_field[label(f)] += 1
            sc.fields_total += len(fields)
            continue
        right = 0
        for f in fields:
            sc.per_field_total[label(f)] += 1
            if _same(_expected(f, e.fields[f]), rec.get(f)):
                right += 1
            else:
                sc.per_field[label(f)] += 1
                sc.mismatches.append((key, label(f), _expected(f, e.fields[f]), _value(rec.get(f))))
        sc.fields_total += len(fields)
        sc.fields_right += right
        sc.rows_all_right += right == len(fields)
    reported = _notice_counts(a)
    for (sheet, code), n in expected_decisions.items():
        codes = code.split("|")  # "a|b": either notice says it
        got = sum(reported.get((sheet, c), 0) + reported.get(("", c), 0) for c in codes)
        need = 1 if all(c in COUNTLESS for c in codes) else n
        sc.decisions_expected += need
        if got < need:
            sc.decisions_missing += need - got
            sc.missing_decisions.append((sheet, code, need, got))
    return sc


def _pct(right: int, total: int) -> str:
    return "—" if not total else f"{100 * right / total:.1f}%"


def report(scores: list[Score], detail: int) -> None:
    print(f"{'shape':<24}{'rows':>5}{'fields right':>14}{'rows all right':>16}{'valid rej.':>11}{'non-haz. ld':>12}"
          f"{'undeclared':>11}")
    tot = Score("ALL")
    for s in scores:
        print(f"{s.shape:<24}{s.expected_loaded:>5}{_pct(s.fields_right, s.fields_total):>14}"
              f"{_pct(s.rows_all_right, s.expected_loaded):>16}{s.valid_rejected + s.valid_dropped:>11}"
              f"{s.non_hazard_loaded + s.bad_row_loaded:>12}{f'{s.decisions_missing}/{s.decisions_expected}':>11}"
              + (f"  REFUSED: {s.refused}" if s.refused else ""))
        for attr in ("expected_loaded", "rows_all_right", "fields_total", "fields_right", "valid_rejected",
                     "valid_dropped", "non_hazard_loaded", "bad_row_loaded", "bad_row_not_rejected",
                     "decisions_expected", "decisions_missing"):
            setattr(tot, attr, getattr(tot, attr) + getattr(s, attr))
        tot.per_field.update(s.per_field)
        tot.per_field_total.update(s.per_field_total)
    print("-" * 93)
    print(f"{'ALL':<24}{tot.expected_loaded:>5}{_pct(tot.fields_right, tot.fields_total):>14}"
          f"{_pct(tot.rows_all_right, tot.expected_loaded):>16}{tot.valid_rejected + tot.valid_dropped:>11}"
          f"{tot.non_hazard_loaded + tot.bad_row_loaded:>12}{f'{tot.decisions_missing}/{tot.decisions_expected}':>11}")
    print(f"\nrows that must be rejected but were not: {tot.bad_row_not_rejected}; valid rows silently dropped: "
          f"{tot.valid_dropped}")
    print("\nper field (share right over the rows that should load):")
    worst = sorted(tot.per_field_total, key=lambda f: (-tot.per_field[f], f not in FIELDS))
    for f in worst:
        n = tot.per_field_total[f]
        print(f"  {f:<22}{_pct(n - tot.per_field[f], n):>8}  ({tot.per_field[f]} wrong of {n})")
    if detail:
        print("\nfirst mismatches (shape, sheet, row, field, expected, got):")
        shown = 0
        for s in scores:
            for (sheet, row), f, exp, got in s.mismatches:
                if shown >= detail:
                    break
                print(f"  {s.shape} | {sheet} r{row} | {f}: expected {exp!r}, got {got!r}")
                shown += 1
        missing = [(s.shape, *m) for s in scores for m in s.missing_decisions]
        if missing:
            print("\ndecisions not in the report (shape, sheet, code, rows needing it, rows reported):")
            for m in missing[:detail]:
                print("  " + " | ".join(map(str, m)))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", default="2025,7,11", help="comma-separated seeds; each builds every shape once")
    p.add_argument("--detail", type=int, default=0, help="print up to N mismatches and missing report lines")
    p.add_argument("--shape", default=None, help="only this shape")
    args = p.parse_args(argv)
    shapes = [s for s in SHAPES if args.shape in (None, s.__name__)]
    scores: dict[str, list[Score]] = defaultdict(list)
    for seed in (int(x) for x in args.seeds.split(",")):
        for case in build(seed, shapes):
            scores[case.shape].append(score(case))
    merged = []
    for shape, runs in scores.items():
        m = Score(shape, refused=next((r.refused for r in runs if r.refused), ""))
        for r in runs:
            for attr in ("expected_loaded", "rows_all_right", "fields_total", "fields_right", "valid_rejected",
                         "valid_dropped", "non_hazard_loaded", "bad_row_loaded", "bad_row_not_rejected",
                         "decisions_expected", "decisions_missing"):
                setattr(m, attr, getattr(m, attr) + getattr(r, attr))
            m.per_field.update(r.per_field)
            m.per_field_total.update(r.per_field_total)
            m.mismatches += r.mismatches
            m.missing_decisions += r.missing_decisions
        merged.append(m)
    print(f"held-out set: {len(shapes)} shapes × seeds {args.seeds}\n")
    report(merged, args.detail)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
