"""Cell text is data: the one place that turns a value from a spreadsheet (a town, unit, file or
sheet name, a header, a description, a raw value) into text that is safe to show.

Streamlit renders Markdown in ``st.markdown``/``caption``/``info``/``warning``/``error``/
``success``/``toast``/``title``/``subheader``/``header``, in widget, button, metric, expander
and tab labels, ``help`` tooltips, and in the options of ``radio``/``pills``/
``segmented_control``. There ``![x](http://host/beacon.png)`` would load a remote image and
``[点此查看整改通知](http://evil.example)`` would be a live link. Plotly renders a subset of HTML
(``<a href>``, ``<span style>``, ``<br>``) in axis labels, hover text, legends and annotations.
So every data value goes through one of:

* ``md(value)`` — for anything rendered as Markdown: every ASCII punctuation character is
  backslash-escaped (links, images, emphasis, headings, lists, HTML, ``:red[...]``
  directives, ``:emoji:`` shortcodes and ``$math$`` all become literal text), newlines become
  spaces, and an invisible WORD JOINER (U+2060) is put inside ``://``, ``www.`` and before ``@``:
  GitHub-flavoured Markdown turns bare addresses into links *after* escapes are resolved, so
  escaping alone would still leave ``http://evil.example`` clickable.
* ``t_md(key, **params)`` — a catalogue string with every parameter passed through ``md``
  (the template's own Markdown, e.g. ``**bold**``, still works).
* ``html_text(value)`` — for text placed inside our own HTML (``unsafe_allow_html`` cards and
  notes) and for plotly labels: ``html.escape`` plus newlines as spaces.
* ``labels(values)`` — ``html_text`` over a list/Series of plotly category labels.

Selectbox and multiselect options and ``st.dataframe`` cells are plain text in Streamlit 1.67
(checked in Chromium): give them the raw value.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from .i18n import t

WORD_JOINER = "\u2060"
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every printable ASCII punctuation character
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")
# where GFM's literal autolinks start: 'scheme://', 'www.', 'user@host' (also mailto:/xmpp:)
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)")


def _text(value: object) -> str:
    if value is None:
        return ""
    return _NEWLINES.sub(" ", str(value))


def md(value: object) -> str:
    """``value`` as literal text wherever Streamlit renders Markdown (see the module doc)."""
    text = _AUTOLINK.sub(WORD_JOINER, _text(value))
    return _MD_SPECIAL.sub(r"\\\1", text)


def t_md(key: str, /, lang: str | None = None, **params: Any) -> str:
    """The catalogue string ``key`` with every parameter escaped by ``md``."""
    return t(key, lang=lang, **{k: md(v) for k, v in params.items()})


def html_text(value: object) -> str:
    """``value`` as literal text inside HTML we write (also in quoted attributes), and in plotly
    labels and hover text. Quotes become numeric references: plotly decodes ``&#34;`` but shows
    ``&quot;`` as it is (its entity list is amp, lt, gt, nbsp and a few symbols)."""
    return html.escape(_text(value), quote=False).replace('"', "&#34;").replace("'", "&#39;")


def labels(values: Iterable[object]) -> list[str]:
    """Plotly category labels (axis ticks, hover, legend): each value through ``html_text``."""
    return [html_text(v) for v in values]


def shown(text: str) -> str:
    """What a reader sees of ``md``'s output (tests): escapes resolved, word joiners dropped."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace(WORD_JOINER, "")
