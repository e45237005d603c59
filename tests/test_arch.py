"""The boundaries CONTRIBUTING.md promises, checked on the source: benchmarks do not reach into
the tests, pages do not re-run the entry script, maintenance uses only public names, the CLI
never drops a command silently, and the formula neutraliser is written once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            out.append("." * node.level + (node.module or ""))
    return out


def test_benchmarks_do_not_import_the_tests():
    bad = [f"{p.name}: {m}" for p in sorted((ROOT / "bench").glob("*.py")) for m in _imports(p)
           if m == "tests" or m.startswith("tests.")]  # fmt: skip
    assert not bad


def test_pages_do_not_re_run_the_entry_script():
    files = [*(ROOT / "pages").rglob("*.py"), ROOT / "dashboard.py"]
    assert not [p.name for p in files if "runpy" in _imports(p)]


def test_maintenance_uses_only_public_names_of_db_and_load():
    for name in ("maintenance.py", "maintenance_check.py", "maintenance_backup.py", "maintenance_restore.py"):
        tree = ast.parse((ROOT / "etl" / "admin" / name).read_text(encoding="utf-8"))
        private = [ast.unparse(n) for n in ast.walk(tree)
                   if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
                   and n.value.id in ("dbmod", "db", "load") and n.attr.startswith("_")]  # fmt: skip
        private += [a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module in ("db", "load", "etl.store.db", "etl.store.load")
                    for a in n.names if a.name.startswith("_")]  # fmt: skip
        assert not private, (name, private)


def test_a_command_module_that_fails_to_import_stops_the_cli_with_a_sentence(monkeypatch, capsys):
    from etl import __main__ as cli

    monkeypatch.setattr(cli, "_PLUGGABLE", (*cli._PLUGGABLE, ("ghost", "no_such_module_here", "")))
    assert cli.main(["uploads"]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "no_such_module_here" in err and "Traceback" not in err


def test_every_command_module_loads():
    from etl import __main__ as cli

    commands = cli.build_parser()._subparsers._group_actions[0].choices
    assert {name for name, _, _ in cli._PLUGGABLE} <= set(commands)


@pytest.mark.parametrize("root", ["etl", "pages"])
def test_the_formula_neutraliser_is_written_once(root):
    prefixes = ("=", "+", "-", "@")
    found = []
    for p in sorted((ROOT / root).rglob("*.py")):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple) and all(isinstance(e, ast.Constant) for e in node.elts):
                values = tuple(e.value for e in node.elts)
                if values[:4] == prefixes:
                    found.append(p.relative_to(ROOT).as_posix())
    assert set(found) <= {"etl/xlsx.py"}, found


# The rules the read queries share live once, as macros of migration 010 (CONTRIBUTING.md, "One
# rule, one place"). Written out anywhere else in etl/ or pages/ — SQL files or SQL in Python
# strings — they could drift apart, and two pages would disagree on the same hazard.
# rule → (its macro, the rule's literal pattern, how the queries wrote it before: must match)
_RULES = {
    "rectified day: the rectified date, else the last day of the report month": (
        "rectified_day", r"last_day\(\s*(\w+\.)?report_month\s*\)",
        "coalesce(h.rectified_date, last_day(h.report_month))"),
    "rectified as of: status rectified and the rectified day by the date": (
        "rectified_as_of",
        r"status\s*=\s*'rectified'\s+AND\s+(coalesce\(\s*(\w+\.)?rectified_date|rectified_day\s*\()",
        "(h.status = 'rectified'\n        AND coalesce(h.rectified_date, last_day(h.report_month)) <= $as_of)"),
    "accepted: result 'passed', or a verified date with no result": (
        "accepted_as_of", r"verification_result\s*=\s*'passed'",
        "(s.verification_result = 'passed' OR (s.verified_date IS NOT NULL AND s.verification_result IS NULL))"),
    "optional list filter: NULL = all, else the list holds the value": (
        "in_selection", r"\$(towns|sectors|departments)\s+IS\s+NULL\s+OR|list_contains\s*\(\s*CAST\s*\(\s*\$",
        "($towns IS NULL OR list_contains(CAST($towns AS VARCHAR[]), h.town))"),
    "repeat: found within 12 months of the previous one's rectification": (
        "repeats_rectified", r"(prev_rectified|prev_found)\s*\)\s*\+\s*INTERVAL\s+12\s+MONTH",
        "found_date <= coalesce(prev_rectified, prev_found) + INTERVAL 12 MONTH"),
}  # fmt: skip


def _sql_of(p: Path) -> str:
    """The SQL a file can run: a .sql file without its comments (they may describe a rule in
    words), or the string constants of a .py file."""
    text = p.read_text(encoding="utf-8")
    if p.suffix == ".sql":
        return "\n".join(line.split("--", 1)[0] for line in text.splitlines())
    return "\n".join(
        n.value for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    )


@pytest.mark.parametrize("rule", sorted(_RULES))
def test_shared_query_rules_are_written_once(rule):
    import re

    macro, literal, before = _RULES[rule]
    assert re.search(literal, before, re.IGNORECASE), "the pattern must catch the rule as it used to be written"
    home = list((ROOT / "etl").rglob("010_rule_macros.sql"))
    assert len(home) == 1 and re.search(rf"CREATE MACRO {macro}\(", home[0].read_text(encoding="utf-8"))
    pattern = re.compile(literal, re.IGNORECASE)
    files = [p for root in ("etl", "pages") for ext in ("*.sql", "*.py") for p in (ROOT / root).rglob(ext)]
    found = [p.relative_to(ROOT).as_posix() for p in files if p != home[0] and pattern.search(_sql_of(p))]
    assert not found, f"{rule}: written out again in {found}; call the macro {macro}"


def test_every_named_query_expands_to_one_statement():
    """Its fragments exist and nest within the include limit, and the result is one statement
    (etl/read/queries.py's convention: one SELECT per file; the upload page's two INSERTs), parsed
    by DuckDB."""
    import duckdb

    from etl.read import queries

    for name in queries.available():
        statements = duckdb.extract_statements(queries.load_sql(name))
        assert len(statements) == 1, name
        assert statements[0].type in (duckdb.StatementType.SELECT, duckdb.StatementType.INSERT), name


def test_modules_stay_small():
    """CONTRIBUTING.md: modules stay small (about 600 lines at most), one job each — the app, its
    pages and the etl package; tests and benchmarks are not counted."""
    files = [ROOT / "dashboard.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "etl").rglob("*.py")]
    long = {p.relative_to(ROOT).as_posix(): n for p in files
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}  # fmt: skip
    assert not long, f"split these by job: {long}"


def _rule_written_once(migration: str, macro: str, pattern: str, as_it_was: str) -> list[str]:
    """The read side (queries, analyses, briefing, pages) files whose SQL matches ``pattern``, after
    checking that ``macro`` is created in ``migration`` and that ``pattern`` catches ``as_it_was``."""
    import re

    home = ROOT / "etl" / "store" / "migrations" / migration
    assert re.search(rf"CREATE MACRO {macro}\(", home.read_text(encoding="utf-8"))
    rx = re.compile(pattern, re.IGNORECASE)
    assert rx.search(as_it_was)
    files = [p for root in ("etl/read", "etl/brief", "pages") for ext in ("*.sql", "*.py")
             for p in (ROOT / root).rglob(ext)]  # fmt: skip
    return [p.relative_to(ROOT).as_posix() for p in files if rx.search(_sql_of(p))]


def test_which_visits_count_per_visit_is_written_once():
    """Per-visit intensity figures count inspection-log visits only, presence figures every visit:
    the macro intensity_visit of migration 012. The read side (queries, analyses, briefing, pages)
    calls it and never compares source_kind itself, so no figure can count a different set."""
    found = _rule_written_once("012_intensity_visits.sql", "intensity_visit", r"source_kind\s*(=|<>|!=|IN\b|IS\b)",
                               "count(*) FILTER (WHERE source_kind = 'hazard') AS ledger_visits")  # fmt: skip
    assert not found, f"call intensity_visit(source_kind) instead: {found}"


def test_a_hazards_department_is_chosen_by_one_rule():
    """The department filter keeps a hazard by the department that owns it: the ledger's, else the
    one agreed at a 会商 (macro owner_of, migration 014). No query filters hazards on the ledger's
    column alone, so the filter and every department figure give the same hazards."""
    found = _rule_written_once("014_owner_stored.sql", "owner_of",
                               r"in_selection\(\s*\$departments\s*,\s*coalesce\(\s*(h\.)?department\b",
                               "AND in_selection($departments, coalesce(h.department, ''))")  # fmt: skip
    assert not found, f"filter hazards with owner_of(department, agreed_department): {found}"
