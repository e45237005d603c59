"""Issue 14, items 4, 12 and 13: control characters in cells and file names, terminal escape
codes in CLI output, and names used in paths.

* Item 4: a ledger full of control characters loads clean (reading boundary), and a warehouse
  that already holds them (loaded before the fix) still gives a briefing pack, a .docx and an
  xlsx export (output boundary).
* Item 12: ``etl load``, ``etl uploads`` and ``etl errors`` never send ESC or other controls
  to the terminal; they show them as escapes.
* Item 13: ``etl brief --county '../../x'`` writes only inside ``--out``; zip entry names of the
  briefing pack are single clean components.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from etl import brief
from etl.ingest.textclean import clean_name, clean_text
from etl.read import queries
from etl.store import db, writes
from etl.terminal import escape
from pages._shared import export
from tests.fixtures import hostile_controls as X
from tests.fixtures import ledgers as L
from tests.fixtures import query

CONTROL = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\x7f", "\x85"]


def _has_control(text: str, keep: str = "\t\n\r") -> bool:
    return any(c in text for c in CONTROL if c not in keep)


def _poison(db_path: Path) -> None:
    """Make the warehouse look like one loaded before control characters were stripped: the
    review's payloads in towns, units, descriptions, file names and rejected raw values."""
    with db.writer(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        for table in ("hazard_obs", "hazard_current", "hazard_current_keyed"):
            con.execute(f"UPDATE {table} SET town = town || chr(1), "  # noqa: S608 - fixed table names
                        "entity_name = entity_name || chr(27) || ']0;pwned' || chr(7), "
                        "description = description || chr(0) || chr(27) || '[2J'")
        con.execute("UPDATE upload_log SET file_name = chr(27) || '[2J' || file_name || chr(10) || 'x' || chr(0)")
        con.execute("UPDATE load_error_log SET raw_value = coalesce(raw_value, '') || chr(27) || ']0;pwned' || chr(7)")
        con.execute("COMMIT")


@pytest.fixture
def poisoned(tmp_path, db_path) -> Path:
    for name, data in (("东城街道3月台账.xlsx", L.march_ledger()), ("东城街道坏行.xlsx", L.bad_rows())):
        rep = writes.ingest(data, name, db=db_path)
        assert rep.status == "loaded", rep.message
    _poison(db_path)
    assert query(db_path, "SELECT count(*) FROM hazards WHERE town LIKE '%' || chr(1)")[0][0] > 0
    return db_path


# ---------------------------------------------------------------- item 4: at load time


def test_control_characters_are_stripped_when_a_ledger_is_read(db_path):
    rep = writes.ingest(X.control_character_csv(), "台账\x00" + X.CONTROL_FILE_NAME, db=db_path)
    assert rep.status == "loaded", rep.message
    assert rep.analysis.rows_loaded == 3
    rows = query(db_path, "SELECT source_hazard_id, town, entity_name, description FROM hazards ORDER BY 1")
    assert [r[1] for r in rows] == ["城关镇"] * 3
    for _, town, unit, desc in rows:
        assert not _has_control(town + unit) and not _has_control(desc)
    # controls dropped, nothing else lost (the loader may then fold the line break or tab to a space)
    assert rows[0][2] == "甲单位]0;pwned"
    assert re.fullmatch(r"灭火器失效\s第二行说明", rows[0][3]) and re.fullmatch(r"围墙开裂\s待修", rows[2][3])
    (name,) = query(db_path, "SELECT file_name FROM uploads")[0]
    assert name == "台账" + X.CLEAN_FILE_NAME


def test_clean_name_and_clean_text():
    assert clean_text("a\x00b\x1b[1mc\n\td\r") == "ab[1mc\n\td\r"
    assert clean_name("x\ny\tz\x00.csv") == "x y z.csv"
    assert clean_text("城关镇") == "城关镇"


def test_clean_rows_finds_every_control_character_of_a_long_sheet():
    """Rows are searched in chunks: a control anywhere (first or last row of a chunk, beside
    numbers, dates and empty cells) is still removed, and nothing else changes."""
    import datetime as dt

    from etl.ingest.textclean import clean_rows

    rows = [[i, "城关镇", f"单位{i}", dt.date(2025, 3, 1), "", None, 1.5] for i in range(1000)]
    dirty = {0: "\x01甲", 255: "乙\x1b[2J", 256: "丙\x7f", 511: "\ud800丁", 999: "戊\x00"}
    for i, text in dirty.items():
        rows[i][2] = text
    rows[600][1] = "第一行\n第二行\t末"  # line breaks and tabs are text
    expected = [list(r) for r in rows]
    for i, text in dirty.items():
        expected[i][2] = clean_text(text)
    assert clean_rows(rows) == len(dirty)
    assert rows == expected
    assert [rows[i][2] for i in dirty] == ["甲", "乙[2J", "丙", "丁", "戊"]


# ---------------------------------------------------------------- item 4: at output time


def test_brief_cli_works_on_a_warehouse_that_already_holds_controls(run_etl, poisoned, tmp_path):
    out = tmp_path / "pack"
    proc = run_etl("brief", "--db", poisoned, "--month", "2025-03", "--out", out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    files = sorted(p.suffix for p in out.iterdir())
    assert files == [".docx", ".pptx"]
    for f in out.iterdir():
        with zipfile.ZipFile(f) as z:
            xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
        assert "\x01" not in xml and "\x1b" not in xml


def _collect(path: Path, county: str | None = None) -> brief.BriefData:
    import datetime as dt

    con = db.open_reader(path)
    try:
        return brief.collect(lambda name, **p: queries.run(con.cursor(), name, **p), dt.date(2025, 3, 1),
                             county=county)
    finally:
        con.close()


def test_build_docx_and_the_zip_work_on_such_a_warehouse(poisoned):
    data = _collect(poisoned)
    assert any("\x01" in str(t) for t in data.towns.iloc[:, 0])  # the payload reached the brief's data
    docx = brief.build_docx(data, [("一、概况", "城关镇\x01 本月\x1b[2J情况")])
    assert docx[:2] == b"PK"
    with zipfile.ZipFile(io.BytesIO(brief.build_zip(data))) as z:
        assert len(z.namelist()) == 2


def test_xlsx_export_of_such_rows(poisoned):
    con = db.open_reader(poisoned)
    try:
        df = con.execute("SELECT town, entity_name, description FROM hazards").df()
    finally:
        con.close()
    assert df["town"].str.contains("\x01").all()
    raw = export.to_xlsx(df, sheet="明细\x01", title="城关镇\x01明细")
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(raw)).active
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert values and not any(_has_control(v) for v in values)


# ---------------------------------------------------------------- item 12: terminal output


def _assert_no_raw_controls(text: str) -> None:
    raw = [hex(ord(c)) for c in text if c in CONTROL or c == "\r"]
    assert not raw, f"raw control characters reached the terminal: {raw[:10]}"


def test_cli_load_escapes_a_hostile_file_name(run_etl, tmp_path, db_path):
    src = tmp_path / "in"
    src.mkdir()
    f = src / X.CONTROL_FILE_NAME
    f.write_bytes(X.control_character_csv())
    proc = run_etl("load", f, "--db", db_path, "--dry-run")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _assert_no_raw_controls(proc.stdout + proc.stderr)
    assert "城关镇[31m2025年3月隐患 台账.csv" in proc.stdout  # shown, without the ESC and the line break


def test_cli_uploads_and_errors_escape_what_the_warehouse_holds(run_etl, poisoned):
    # on screen the control characters are shown as escapes ...
    for args in (("uploads",), ("errors", "2")):
        proc = run_etl(*args, "--db", poisoned)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        _assert_no_raw_controls(proc.stdout + proc.stderr)
        assert "\\x1b" in proc.stdout, args
    # ... and a CSV, written for a file, is cleaned like every export: the control is removed,
    # the text around it kept
    proc = run_etl("errors", "2", "--csv", "--db", poisoned)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _assert_no_raw_controls(proc.stdout + proc.stderr)
    assert "待定]0;pwned" in proc.stdout


def test_escape_shows_every_control_and_leaves_text_alone():
    assert escape("城关镇\x1b]0;x\x07\r\u202e") == "城关镇\\x1b]0;x\\x07\\r\\u202e"
    assert escape("第一行\n\t第二行") == "第一行\n\t第二行"


# ---------------------------------------------------------------- item 13: names in paths


def test_brief_county_cannot_write_outside_out(run_etl, tmp_path, db_path):
    assert writes.ingest(L.march_ledger(), "东城街道3月台账.xlsx", db=db_path).status == "loaded"
    out = tmp_path / "a" / "b" / "out"
    before = {p for p in tmp_path.rglob("*")}
    proc = run_etl("brief", "--db", db_path, "--month", "2025-03", "--county", "../../x", "--out", out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    new = {p for p in tmp_path.rglob("*")} - before
    new_files = [p for p in new if p.is_file() and not p.is_relative_to(db_path.parent)]
    assert len(new_files) == 2
    assert all(p.parent == out for p in new_files), new_files


def test_zip_entries_of_the_pack_are_single_clean_names(db_path):
    assert writes.ingest(L.march_ledger(), "东城街道3月台账.xlsx", db=db_path).status == "loaded"
    for county in ("../../x", "/etc/cron.d/x", "..\\..\\x", "a\x00b", "..", "con"):
        data = _collect(db_path, county)
        stem = brief.file_stem(data)
        assert "/" not in stem and "\\" not in stem and not stem.startswith(".") and "\x00" not in stem, stem
        with zipfile.ZipFile(io.BytesIO(brief.build_zip(data))) as z:
            for name in z.namelist():
                assert Path(name).name == name and not name.startswith("."), name


def test_frames_with_controls_in_column_names_are_cleaned():
    from etl.ingest.textclean import clean_frame

    df = pd.DataFrame({"乡镇\x01": ["城关镇\x02", None, 3]})
    out = clean_frame(df)
    assert list(out.columns) == ["乡镇"] and out.iloc[0, 0] == "城关镇" and out.iloc[2, 0] == 3
