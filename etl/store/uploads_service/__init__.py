"""The upload page's engine, Streamlit-free: check and preview many files, compare them with
the warehouse, commit them (role-checked), list the history, roll back, remember column
mappings per layout, and tell which reporting units have sent this month's files.

Reads use a read-only connection to the published snapshot (the caller's cursor, or one
opened here); writes use ``etl.store.db.writer`` (one writer session per batch, one transaction
per file, one snapshot publish at the end). Every write path calls ``users.require`` first
and raises ``PermissionError`` for a user without the role; every write is audited.

Modules: ``model`` (limits, options, previews, results), ``checks`` (before reading),
``preview`` (read, check, diff against the warehouse), ``mappings`` (layouts and remembered column
mappings), ``units`` (reporting units and who has reported), ``directory`` (uploads read before
the department directory named their departments), ``history`` (commit, history, rollback,
audit), ``reports`` (.xlsx validation and error reports), ``common`` (shared helpers).
"""

from etl.store.uploads_service.checks import check_batch, check_file
from etl.store.uploads_service.directory import stale_department_names
from etl.store.uploads_service.history import audit_trail, commit, history, original_file, rollback, upload_errors
from etl.store.uploads_service.mappings import layout_signature, mappable_columns, remembered_mapping
from etl.store.uploads_service.model import (
    ALLOWED_SUFFIXES,
    DEFAULT_MAX_FILES,
    DEFAULT_MAX_MB,
    DEFAULT_UNITS,
    MAPPABLE,
    MB,
    PREVIEW_ROWS,
    UNITS_ENV,
    CommitResult,
    Diff,
    FileOptions,
    FilePreview,
    Limits,
    SheetLayout,
)
from etl.store.uploads_service.preview import diff_against_warehouse, preview_batch, preview_file, spelling_suggestions
from etl.store.uploads_service.reports import (
    PROBLEM_COLUMNS,
    error_report_xlsx,
    problems_frame,
    validation_report_xlsx,
    workbook_bytes,
)
from etl.store.uploads_service.units import (
    ReportingUnits,
    guess_reporting_unit,
    known_values,
    load_reporting_units,
    reporting_status,
    save_reporting_units,
    units_path,
)
from etl.store.writes import archive_dir_for, can_roll_back

__all__ = [
    "ALLOWED_SUFFIXES",
    "CommitResult",
    "DEFAULT_MAX_FILES",
    "DEFAULT_MAX_MB",
    "DEFAULT_UNITS",
    "Diff",
    "FileOptions",
    "FilePreview",
    "Limits",
    "MAPPABLE",
    "MB",
    "PREVIEW_ROWS",
    "PROBLEM_COLUMNS",
    "ReportingUnits",
    "SheetLayout",
    "UNITS_ENV",
    "archive_dir_for",
    "audit_trail",
    "can_roll_back",
    "check_batch",
    "check_file",
    "commit",
    "diff_against_warehouse",
    "error_report_xlsx",
    "guess_reporting_unit",
    "history",
    "known_values",
    "layout_signature",
    "load_reporting_units",
    "mappable_columns",
    "original_file",
    "preview_batch",
    "preview_file",
    "problems_frame",
    "remembered_mapping",
    "reporting_status",
    "rollback",
    "save_reporting_units",
    "spelling_suggestions",
    "stale_department_names",
    "units_path",
    "upload_errors",
    "validation_report_xlsx",
    "workbook_bytes",
]
