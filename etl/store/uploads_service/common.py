"""Small helpers shared by the upload engine: the user's name, a reader cursor."""

from __future__ import annotations

from pathlib import Path

from etl.admin.users import Session, User
from etl.store import db as dbmod

# ---------------------------------------------------------------- helpers


def _user_name(user: User | Session) -> str:
    return user.username


def _reader(con, db: Path | None):
    """(cursor, owned) — the caller's cursor, or a new read-only connection to close."""
    if con is not None:
        return con, False
    return dbmod.open_reader(db), True
