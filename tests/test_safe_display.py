"""Cell text is data (issue 14, finding 1): a spreadsheet value never reaches Markdown unescaped.

A ledger full of Markdown/HTML payloads (tests/fixtures/hostile.py) is loaded, and the pages
that quote cells are rendered under AppTest: the explorer's heading, detail list and source
caption; the upload page's file name, towns, sheet names, unrecognised header (caption and
form label), warnings quoting raw values, load results, rollback confirmation and the
'rolled back by' line. Every text Streamlit renders as Markdown must hold no live link, image
or HTML (what the Markdown parser sees once backslash escapes are taken out), and must still
show the payload itself to the reader."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from etl.store import uploads_service as svc
from etl.store.writes import ingest
from pages._shared import safe
from tests import apptest
from tests.fixtures import hostile as H

ROOT = apptest.ROOT
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PW = "secret123"

_ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")


def structure(text: str) -> str:
    """What Markdown syntax is left once every backslash-escaped character is removed."""
    return _ESCAPED.sub("", text)


def assert_inert(where: str, text: str) -> None:
    """No Markdown link/image target, no HTML tag, no bare web address left live."""
    s = structure(text)
    assert "](" not in s, (where, text)
    assert not re.search(r"<\s*[a-zA-Z/!]", s), (where, text)
    assert not re.search(r"(?i)https?:(?!\u2060)//|www\.|[\w.+-]@[\w-]+\.", text), (where, text)


# our own HTML (unsafe_allow_html cards and notes): a class-styled div/span, data escaped inside
_OWN_TAG = re.compile(r"<(div|span)\b[^<>]*class='[\w -]+'[^<>]*>|</(div|span)>")


def rendered(at: AppTest) -> list[tuple[str, str]]:
    """(kind, text) of everything Streamlit renders as Markdown: bodies and labels."""
    out: list[tuple[str, str]] = []
    for e in at.markdown:
        out.append(("markdown", _OWN_TAG.sub("", e.value) if e.proto.allow_html else e.value))
    for kind in ("caption", "info", "warning", "error", "success", "title", "subheader", "header",
                 "toast"):  # fmt: skip
        out += [(kind, str(e.value)) for e in at.get(kind)]
    for kind in ("expander", "tab", "metric", "selectbox", "multiselect", "text_input", "button", "checkbox",
                 "download_button", "number_input", "text_area", "radio"):  # fmt: skip
        out += [(f"{kind}.label", str(e.label)) for e in at.get(kind) if getattr(e, "label", None)]
    return [(k, v) for k, v in out if not v.startswith("<style>")]


def assert_page_inert(at: AppTest) -> str:
    """Every rendered text is inert; returns what the reader sees (escapes resolved)."""
    assert not at.exception, [e.value for e in at.exception]
    items = rendered(at)
    for kind, text in items:
        assert_inert(kind, text)
    return "\n".join(safe.shown(text) for _, text in items)


# ---- the helper itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [*H.PAYLOADS, H.HEADER_PAYLOAD, H.SHEET_NAME, H.FILE_NAME, "a@evil.example"])
def test_md_makes_payload_inert_and_keeps_it_readable(payload):
    out = safe.md(payload)
    assert_inert("md", out)
    assert safe.shown(out) == payload


def test_md_flattens_newlines_so_no_block_starts():
    out = safe.md("城关镇\n\n# 标题\n- 列表\r\n> 引用")
    assert "\n" not in out and "\r" not in out
    assert safe.shown(out) == "城关镇 # 标题 - 列表 > 引用"


def test_t_md_escapes_parameters_not_the_template():
    text = safe.t_md("explorer.detail", lang="zh", entity=H.LINK)
    assert text.startswith("隐患详情：")
    assert_inert("t_md", text)
    assert safe.shown(text) == "隐患详情：" + H.LINK


def test_html_text_escapes_tags_and_newlines():
    assert safe.html_text(H.BIG) == "&lt;span style=&#34;font-size:80px&#34;&gt;巨字&lt;/span&gt;"
    assert safe.html_text("a'b&c") == "a&#39;b&amp;c"
    assert safe.html_text("a\n\n![x](y)") == "a ![x](y)"  # no blank line: an HTML block cannot end early
    assert safe.labels([H.ANCHOR, None]) == ["&lt;a href=&#34;http://evil.example/a&#34;&gt;点此&lt;/a&gt;", ""]


# ---- pages ---------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def env(tmp_path, monkeypatch, db_path, st_caches, entrypoint_every_run):
    """AppTest on the entrypoint every run (conftest.py), fresh caches, one analyst."""
    uf = apptest.accounts_file(tmp_path / "users.toml", {"ana": ("analyst", PW)})
    monkeypatch.setenv("SAFETY_USERS", str(uf))
    monkeypatch.setenv("SAFETY_WAREHOUSE", str(db_path))
    monkeypatch.setenv(svc.UNITS_ENV, str(tmp_path / "units.toml"))


def test_explorer_heading_detail_and_source_are_inert(db_path):
    rep = ingest(H.hostile_xlsx(), H.FILE_NAME, db=db_path)
    assert rep.status == "loaded", rep.message
    at = AppTest.from_file(apptest.APP, default_timeout=60).run()
    at.switch_page("pages/explorer.py").run()
    # pick the first row of the list, as a click on its checkbox would
    at.session_state["ex_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    seen = assert_page_inert(at)
    assert any(s.value.startswith("隐患详情") for s in at.subheader), "the detail did not open"
    # the reader still sees the file name, the sheet name and the unit/description cells
    assert H.FILE_NAME in seen and H.SHEET_NAME in seen
    assert sum(p in seen for p in H.PAYLOADS) >= 2


def test_upload_page_quotes_file_sheet_header_towns_and_warnings_inertly(db_path):
    at = apptest.log_in(apptest.app(timeout=90).run(), "ana", PW)
    at.switch_page("pages/upload.py").run()
    at.get("file_uploader")[0].set_value([(H.FILE_NAME, H.hostile_xlsx(), XLSX)]).run()
    seen = assert_page_inert(at)
    for text in (H.FILE_NAME, H.SHEET_NAME, H.HEADER_PAYLOAD, H.TOWN_PAYLOADS[0]):
        assert text in seen, text
    assert any(H.HEADER_PAYLOAD == safe.shown(s.label) for s in at.selectbox), "fix form label for the header"
    assert any(H.BEACON in safe.shown(m.value) for m in at.markdown if m.value.startswith("- ")), "warnings"

    # load: the result lines quote the file name
    at.checkbox[0].check().run()
    next(b for b in at.button if b.key == "upload_go").click().run()
    seen = assert_page_inert(at)
    assert H.FILE_NAME in seen

    # history: ask to roll back, the confirmation quotes the file name; confirm; 'rolled back by'
    next(b for b in at.button if (b.key or "").startswith("rb_")).click().run()
    seen = assert_page_inert(at)
    assert any(H.FILE_NAME in safe.shown(w.value) for w in at.warning), "rollback confirmation"
    next(b for b in at.button if b.key == "rb_yes").click().run()
    assert_page_inert(at)


def _leader_pages() -> list[str]:
    import dashboard

    return [s.path for s in dashboard.PAGES if s.path != "pages/upload.py"]


@pytest.mark.parametrize("page", _leader_pages())
def test_every_page_over_the_hostile_ledger_renders_cells_inertly(db_path, page):
    rep = ingest(H.hostile_xlsx(), H.FILE_NAME, db=db_path)
    assert rep.status == "loaded", rep.message
    at = AppTest.from_file(apptest.APP, default_timeout=60).run()
    at.switch_page(page).run()
    assert not at.error, [e.value for e in at.error]
    seen = assert_page_inert(at)
    if page != "pages/briefing.py":  # the briefing page has no data-as-of caption
        assert H.FILE_NAME in seen  # the data-as-of caption names the last file, escaped


def test_agreements_upload_refusal_quotes_the_file_name_inertly(db_path):
    rep = ingest(H.hostile_xlsx(), H.FILE_NAME, db=db_path)
    assert rep.status == "loaded", rep.message
    at = AppTest.from_file(apptest.APP, default_timeout=60).run()
    at.text_input(key="auth_user").set_value("ana")
    at.text_input(key="auth_password").set_value(PW)
    next(b for b in at.button if b.label == "登录").click().run()
    at.switch_page("pages/blindspots.py").run()
    up = next(u for u in at.get("file_uploader") if u.key == "agree_file")
    up.set_value([(H.FILE_NAME, b"not a workbook", XLSX)]).run()
    next(b for b in at.button if b.key == "agree_load").click().run()
    assert at.error, "the refusal sentence"
    seen = assert_page_inert(at)
    assert H.FILE_NAME in seen


def test_one_escaping_helper_for_the_whole_app():
    """Escaping lives in pages/_shared/safe.py only: html.escape in a Markdown context stops tags
    but not [text](url) links (it was so on two pages), and a second copy drifts."""
    offenders = []
    for path in [ROOT / "dashboard.py", *sorted((ROOT / "pages").rglob("*.py"))]:
        if path.name == "safe.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"\bhtml\.escape\(|^import html\b|^from html import", line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders, "use pages/_shared/safe.py (md, t_md, html_text, labels):\n" + "\n".join(offenders)
