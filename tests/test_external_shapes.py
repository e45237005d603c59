"""Every real-world file in the external folder (see its MANIFEST.md) is either loaded with full
row accounting or refused with a Chinese sentence — in a child process limited to 1.5 GB of
address space and 30 s, never with a traceback.

The folder is not part of the repository: set SAFETY_EXTERNAL_DIR, or it defaults to
../shared/external next to the repo. When it is absent only this module's cases are skipped;
what those files teach is reproduced in code in tests/fixtures/ledgers.py.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.fixtures import analyse_in_bounded_child, has_chinese, run_bounded

REPO_ROOT = Path(__file__).resolve().parent.parent
EXTERNAL = Path(os.environ.get("SAFETY_EXTERNAL_DIR", REPO_ROOT.parent / "shared" / "external"))
SUFFIXES = {".xlsx", ".xls", ".csv", ".xlsm", ".txt"}
CRASH_MARKERS = ("Traceback", "出现意外错误", "Unexpected error")


def _external_files() -> list[Path]:
    if not EXTERNAL.is_dir():
        return []
    return sorted(p for p in EXTERNAL.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


FILES = _external_files()
pytestmark = pytest.mark.skipif(not FILES, reason=f"external sample folder not present: {EXTERNAL}")


def _cli_dry_run(path: Path, db: Path) -> subprocess.CompletedProcess:
    return run_bounded(["-m", "etl", "load", "--dry-run", "--db", str(db), str(path)],
                       "python -m etl load --dry-run")


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(EXTERNAL)) for p in FILES])
def test_external_file(path: Path, tmp_path: Path):
    verdict = analyse_in_bounded_child(path)
    if verdict["refused"]:
        assert has_chinese(verdict["zh"]), verdict
        assert verdict["en"], verdict
    else:
        assert verdict["read"] == verdict["loaded"] + verdict["rejected"] + verdict["skipped"], verdict
        assert verdict["frame_rows"] == verdict["loaded"], verdict

    cli = _cli_dry_run(path, tmp_path / "wh.duckdb")
    out = cli.stdout + cli.stderr
    for marker in CRASH_MARKERS:
        assert marker not in out, out[-3000:]
    assert cli.returncode >= 0, f"killed by signal {-cli.returncode}"
    if verdict["refused"]:
        assert cli.returncode != 0, out
        assert verdict["zh"] in out, out
    else:
        assert cli.returncode == 0, out
