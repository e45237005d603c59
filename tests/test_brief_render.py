"""The briefing pack rendered as a reader sees it (issue 16, item 11): LibreOffice (headless)
turns the .pptx and the .docx into PDF, poppler's pdftoppm into PNG pages in tests/artifacts/
for review. The test asserts what the rendering must show: one page per slide, A4 report
pages, and every table row of the overdue board present in the rendered text.

Needs ``soffice`` and ``pdftoppm`` (``scripts/setup.sh --dev`` installs them); skipped, saying
so, where they are missing."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from etl import brief
from etl.read import queries
from etl.store import db
from tests.warehouse_factory import build_random

ART = Path(__file__).resolve().parent / "artifacts" / "brief"
pytestmark = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm") and shutil.which("pdftotext")),
                                reason="LibreOffice / poppler-utils not installed (scripts/setup.sh --dev)")  # fmt: skip


def _pdf(src: Path, out: Path, profile: Path) -> Path:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(src)], check=True, capture_output=True, timeout=240)  # fmt: skip
    pdf = out / (src.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice did not write {pdf.name}"
    return pdf


def _pages(pdf: Path, prefix: str) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ART / prefix)], check=True, timeout=120)
    return sorted(ART.glob(f"{prefix}*.png"))


def _pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def test_pack_renders_to_pages(tmp_path):
    path = build_random(tmp_path / "w.duckdb", 4000, seed=5, last_month=dt.date(2026, 9, 1))
    con = db.open_reader(path)
    try:
        d = brief.collect(lambda name, **p: queries.run(con.cursor(), name, **p), dt.date(2026, 9, 1), county="安宁县",
                          now=dt.datetime(2026, 10, 8, 9, 0))  # fmt: skip
    finally:
        con.close()
    assert d.overdue_total > 6  # enough to need continued slides
    shutil.rmtree(ART, ignore_errors=True)
    ART.mkdir(parents=True)
    pptx, docx = tmp_path / "pack.pptx", tmp_path / "report.docx"
    pptx.write_bytes(brief.build_pptx(d))
    docx.write_bytes(brief.build_docx(d))
    profile = tmp_path / "lo-profile"

    deck = _pdf(pptx, tmp_path, profile)
    from pptx import Presentation

    n_slides = len(Presentation(str(pptx)).slides)
    assert int(_pdf_info(deck)["Pages"]) == n_slides
    slides = _pages(deck, "slide")
    assert len(slides) == n_slides
    text = subprocess.run(["pdftotext", str(deck), "-"], check=True, capture_output=True, text=True).stdout
    flat = "".join(text.split())  # the renderer spaces CJK from digits and wraps cells
    for name in d.overdue["entity_name"].dropna():
        assert "".join(name.split()) in flat  # every overdue major is on a slide

    report = _pdf(docx, tmp_path, profile)
    info = _pdf_info(report)
    w, h = (float(x) for x in info["Page size"].split(" pts")[0].split(" x "))
    assert (round(w / 72 * 25.4), round(h / 72 * 25.4)) == (210, 297)  # A4
    pages = _pages(report, "report")
    assert pages
