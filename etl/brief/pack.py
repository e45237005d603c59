"""Both documents of the pack in one zip, under one file stem."""

from __future__ import annotations

import io
import zipfile

from ..pathsafe import component
from .document import build_docx
from .model import BriefData
from .slides import build_pptx


def file_stem(data: BriefData) -> str:
    """Named after its scope: the selected towns (up to three, else the first two and a count), else the county.
    Towns and county come from data or --county, so the result is made one safe path component
    (no ``../``, separators or controls)."""
    from .text import area_name

    return component(f"{area_name(data)}{data.month.year}年{data.month.month:02d}月隐患排查治理会议材料")


def build_zip(data: BriefData, sections: list[tuple[str, str]] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{file_stem(data)}.pptx", build_pptx(data))
        z.writestr(f"{file_stem(data)}.docx", build_docx(data, sections))
    return out.getvalue()
