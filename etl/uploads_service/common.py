"""Small helpers shared by the upload engine: the user's name, a reader cursor, the archive folder."""

from __future__ import annotations

from pathlib import Path

from .. import db as dbmod
from ..users import Session, User

# ---------------------------------------------------------------- helpers


def _user_name(user: User | Session) -> str:
    return user.username


def _reader(con, db: Path | None):
    """(cursor, owned) — the caller's cursor, or a new read-only connection to close."""
    if con is not None:
        return con, False
    return dbmod.open_reader(db), True


def archive_dir_for(db: Path | None = None) -> Path:
    """Originals are kept next to the warehouse: ``<db folder>/archive/<sha256>``."""
    path = dbmod.resolve_path(db) if db is None else Path(db)
    return path.parent / "archive"
