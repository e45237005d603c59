"""Formula injection through the table toolbar (issue 14, finding 3): Streamlit's own
"Download as CSV" (and clipboard copy) of ``st.dataframe`` writes ``=HYPERLINK(...)`` as is, to
run when the file is opened in Excel. The server turns that export off
(``client.disableDataExport`` in .streamlit/config.toml: the button is not drawn, checked in
Chromium by tests/browser/test_hostile_browser.py); every table keeps the app's .xlsx button,
whose cells are neutralised."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from pages._shared import export
from tests.fixtures import hostile as H

ROOT = Path(__file__).resolve().parents[1]


def test_the_server_config_turns_off_streamlits_own_table_export():
    """Read by Streamlit's own config loader, from the folder the scripts start the server in."""
    code = ("from streamlit import config; config.get_config_options(force_reparse=True); "
            "print(config.get_option('client.disableDataExport'))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "True", out.stderr


def test_the_apps_xlsx_export_neutralises_the_hostile_cells():
    df = pd.DataFrame({"单位名称": list(H.PAYLOADS), H.HEADER_PAYLOAD: ["+1", "-1", "@A1", "\t=1", "\r=1", "ok", "="]})
    ws = load_workbook(io.BytesIO(export.to_xlsx(df))).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in cells)  # text, never a formula
    for c in cells:
        assert not str(c.value).startswith(export.FORMULA_PREFIXES), c.value
    assert f"'{H.FORMULA}" in [c.value for c in cells]
