"""What the upload engine passes around: limits, the analyst's options per file, previews, diffs, results."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

import pandas as pd

from etl.contract import MAPPABLE  # noqa: F401 - re-exported by the package
from etl.ingest.pipeline import Analysis
from etl.store import db as dbmod

MB = 1024 * 1024
DEFAULT_MAX_MB = 10  # agrees with server.maxUploadSize in .streamlit/config.toml (tests check)
DEFAULT_MAX_FILES = 30
ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
PREVIEW_ROWS = 20
UNITS_ENV = "SAFETY_REPORTING_UNITS"
DEFAULT_UNITS = dbmod.PROJECT_ROOT / "data" / "config" / "reporting_units.toml"


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = DEFAULT_MAX_MB * MB
    max_files: int = DEFAULT_MAX_FILES

    @classmethod
    def from_env(cls) -> Limits:
        """``SAFETY_UPLOAD_MAX_MB`` and ``SAFETY_UPLOAD_MAX_FILES`` override the defaults."""
        mb = _env_number("SAFETY_UPLOAD_MAX_MB", DEFAULT_MAX_MB)
        n = _env_number("SAFETY_UPLOAD_MAX_FILES", DEFAULT_MAX_FILES)
        return cls(int(mb * MB), int(n))


def _env_number(name: str, default: float) -> float:
    try:
        v = float(os.environ.get(name, default))
    except ValueError:
        return default
    return v if v > 0 else default


@dataclass
class FileOptions:
    """What the analyst fixed in the form for one file (None = infer)."""

    town: str | None = None
    month: dt.date | None = None
    kind: str | None = None
    column_overrides: dict[str, str] = field(default_factory=dict)
    reporting_unit: str | None = None

    def is_empty(self) -> bool:
        return not (self.town or self.month or self.kind or self.column_overrides)


@dataclass
class Diff:
    """How a hazard ledger compares with the warehouse (other kinds: counts only)."""

    new: pd.DataFrame
    status_changes: pd.DataFrame
    unchanged: int
    older_than_current: int  # hazards the warehouse already holds from a later month (won't change)
    cumulative: bool
    missing: pd.DataFrame  # open hazards of earlier months absent from this cumulative ledger


@dataclass
class SheetLayout:
    name: str
    header_row: int | None
    mapping: dict[str, str]  # source header → canonical column (recognised)
    ignored: list[str]  # source headers not used


@dataclass
class FilePreview:
    file_name: str
    data: bytes
    sha256: str
    size: int
    status: str  # ready | refused | duplicate
    message_zh: str = ""
    message_en: str = ""
    analysis: Analysis | None = None
    options: FileOptions = field(default_factory=FileOptions)
    layouts: list[SheetLayout] = field(default_factory=list)
    signature: str = ""
    remembered: dict | None = None  # {overrides, saved_by, saved_at} applied from an earlier month
    suggestions: list[str] = field(default_factory=list)  # "did you mean …?" warnings
    diff: Diff | None = None
    duplicate_of: int | None = None
    needs_town: bool = False
    needs_month: bool = False
    reporting_unit: str = ""
    same_as: str = ""  # another file of this batch with exactly this content (this one is not read)

    @property
    def loadable(self) -> bool:
        return self.status == "ready" and self.analysis is not None and self.analysis.rows_loaded > 0

    @property
    def warnings(self) -> list[str]:
        return (self.analysis.warnings if self.analysis else []) + self.suggestions

    def warning_lines(self, lang: str = "zh") -> list[str]:
        """The loader's notices in the UI's language, then the spelling suggestions."""
        return (self.analysis.warning_lines(lang) if self.analysis else []) + self.suggestions


@dataclass
class CommitResult:
    file_name: str
    status: str  # loaded | duplicate | skipped | failed
    upload_id: int | None = None
    data_version: int | None = None
    message: str = ""
