"""Names that become parts of paths (output files, zip entries) come from data or from the
command line — a county ``../../x`` must not write outside the chosen folder. ``component``
turns any text into one safe file-name component; ``inside`` checks a path stays in a folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from etl.ingest.textclean import clean_name

MAX_COMPONENT = 120  # characters; file systems allow 255 bytes and CJK takes 3 each
_UNSAFE = re.compile(r'[/\\:*?"<>|]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.I)  # Windows device names


def component(name: str, fallback: str = "未命名") -> str:
    """One path component: no separators, no controls, no leading dots, not a device name."""
    text = _UNSAFE.sub("_", clean_name(str(name)))
    text = text.strip().lstrip(".").strip()
    if _RESERVED.match(text):
        text = "_" + text
    text = text[:MAX_COMPONENT].strip()
    return text or fallback


def inside(folder: Path, path: Path) -> bool:
    """True when ``path`` resolves to somewhere inside ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
