"""Exports of the app: ``to_xlsx`` (the one writer, ``etl.xlsx``: styled header, frozen header row,
sensible widths, formula-like text neutralised) and the guard that turns a failed export into a
sentence on the page. Pure (no ``st.*``) so it is unit-tested directly."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import pandas as pd

from etl.xlsx import FORMULA_PREFIXES, neutralise, to_xlsx  # noqa: F401 - the app imports them from here

# Exports are built when the button is clicked, outside the script run (no st.* there): a
# failure is recorded under the button's token and shown by ``widgets.table`` on the next run.
FAILURES: dict[str, str] = {}
_FAILURES_LOCK = threading.Lock()
log = logging.getLogger(__name__)


def guarded(token: str, build: Callable[[], bytes], message: Callable[[str], str]) -> Callable[[], bytes]:
    """``build`` for a download button that never fails silently: on an exception it logs, records
    ``message(reason)`` under ``token`` and returns a workbook whose one cell says the same."""

    def run() -> bytes:
        try:
            return build()
        except Exception as exc:  # noqa: BLE001 - any failure must reach the user as a sentence
            log.exception("export failed")
            text = message(type(exc).__name__)
            with _FAILURES_LOCK:
                FAILURES[token] = text
            return to_xlsx(pd.DataFrame({"!": [text]}))

    return run


def pop_failure(token: str) -> str | None:
    with _FAILURES_LOCK:
        return FAILURES.pop(token, None)
