"""Checks before reading: batch size, file extension and file size."""

from __future__ import annotations

from collections.abc import Sequence

from etl.problems import RefusedFile, refusal
from etl.store.uploads_service.model import ALLOWED_SUFFIXES, MB, Limits


def check_batch(files: Sequence[tuple[str, bytes]], limits: Limits) -> list[RefusedFile]:
    """Whole-batch problems (too many files), typed; per-file limits are in preview."""
    if len(files) > limits.max_files:
        return [refusal("too_many_files", n=limits.max_files, got=len(files))]
    return []


def check_file(name: str, data: bytes, limits: Limits) -> RefusedFile | None:
    """Server-side checks before reading: extension (the browser's filter is not enough) and size."""
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        return refusal("not_allowed_type", name=name)
    if len(data) > limits.max_file_bytes:
        return refusal("file_too_large", name=name, mb=f"{len(data) / MB:.1f}", limit_mb=f"{limits.max_file_bytes / MB:.0f}")
    return None
