"""Uploads read before the department directory named their departments.

The loader reads a department written another way as the directory's name for it
(``config/departments.toml``, ``etl.ingest.departments``) when it loads a file. Rows loaded before
a way of writing was added to the directory keep the name as written — one department then shows
as two in every ranking — until their file is loaded again. ``stale_department_names`` lists
them, so the upload page can say which uploads to roll back and load again, instead of leaving
the split unexplained.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.ingest.vocab import norm_text
from etl.read import queries
from etl.read.config import load_departments
from etl.store.uploads_service.common import _reader

COLUMNS = ["upload_id", "file_name", "field", "name", "directory_name", "rows"]


def stale_department_names(names: pd.DataFrame | None = None, *, con=None, db: Path | None = None,
                           aliases: dict[str, str] | None = None) -> pd.DataFrame:
    """Per live upload, each stored department name the directory now reads as another name:
    ``COLUMNS``, by upload. Empty when the directory has a mistake (it then renames nothing).
    ``names``: the query stored_department_names when the caller has it (the page's cache);
    else it is read through ``con`` or from ``db``."""
    if aliases is None:
        aliases, problems = load_departments()
        if problems:
            aliases = {}
    if not aliases:
        return pd.DataFrame(columns=COLUMNS)
    if names is None:
        cur, owned = _reader(con, db)
        try:
            names = queries.run(cur, "stored_department_names")
        finally:
            if owned:
                cur.close()
    names = names.copy()
    names["directory_name"] = [aliases.get(norm_text(n)) for n in names["name"]]
    stale = names[names["directory_name"].notna() & (names["directory_name"] != names["name"])]
    return stale[COLUMNS].reset_index(drop=True)
