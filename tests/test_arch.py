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
