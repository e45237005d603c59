"""Cell text printed to a terminal is data, never control: every command of ``python -m etl``
writes through ``SafeStream``, which shows control characters as escapes (``\\x1b``,
``\\r``, ``\\u202e``) instead of sending them. A file name or cell holding ESC sequences can
then not retitle, clear or repaint the analyst's terminal, nor hide text with a carriage
return or a bidirectional override. Newline and tab pass (our own layout uses them).
"""

from __future__ import annotations

import re
from typing import TextIO

# C0 controls but tab and newline, DEL, C1 controls, and the invisible direction marks and
# overrides that can reorder what is shown (the "Trojan Source" characters)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape_one(m: re.Match) -> str:
    ch = m.group(0)
    code = ord(ch)
    if ch == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: object) -> str:
    """``text`` with every control character shown as an escape; printable text unchanged."""
    return _UNSAFE.sub(_escape_one, str(text))


class SafeStream:
    """A text stream that escapes control characters in everything written to it."""

    def __init__(self, raw: TextIO):
        self._raw = raw

    def write(self, s: str) -> int:
        self._raw.write(escape(s))
        return len(s)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self._raw, name)
