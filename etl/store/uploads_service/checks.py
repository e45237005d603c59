"""Checks before reading: batch size, file extension and file size."""

from __future__ import annotations

from collections.abc import Sequence

from etl.problems import RefusedFile
from etl.store.uploads_service.model import ALLOWED_SUFFIXES, MB, Limits


def check_batch(files: Sequence[tuple[str, bytes]], limits: Limits) -> list[RefusedFile]:
    """Whole-batch problems (too many files), typed; per-file limits are in preview."""
    if len(files) > limits.max_files:
        return [RefusedFile(f"一次最多导入 {limits.max_files} 个文件（本次 {len(files)} 个），请分批导入。",
                            f"At most {limits.max_files} files per batch ({len(files)} given); load them in several batches.",
                            code="too_many_files", n=limits.max_files, got=len(files))]
    return []


def check_file(name: str, data: bytes, limits: Limits) -> RefusedFile | None:
    """Server-side checks before reading: extension (the browser's filter is not enough) and size."""
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        return RefusedFile(f"“{name}”不是 .xlsx、.xls 或 .csv 文件，未读取。",
                           f"'{name}' is not an .xlsx, .xls or .csv file; it was not read.")
    if len(data) > limits.max_file_bytes:
        return RefusedFile(
            f"“{name}”有 {len(data) / MB:.1f} MB，超过单个文件 {limits.max_file_bytes / MB:.0f} MB 的上限；请拆分后再导入。",
            f"'{name}' is {len(data) / MB:.1f} MB, over the {limits.max_file_bytes / MB:.0f} MB limit; split it.",
        )
    return None
