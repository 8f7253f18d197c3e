"""Where Marsad keeps documents and records: SQLite by default, PostgreSQL for teams.

:func:`open_store` is the one way in: a ``postgresql://`` (or ``postgres://``) URL opens
:class:`~marsad.store.postgres.PostgresStore`, anything else is a SQLite file path for
:class:`~marsad.store.sqlite.SQLiteStore`. With no value, ``$MARSAD_DB`` decides, then
``./marsad.db``. Both stores have the same public methods and return the same record shapes.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .postgres import PostgresStore
    from .sqlite import SQLiteStore

__all__ = ["open_store"]


def open_store(db: str | os.PathLike[str] | None = None) -> "SQLiteStore | PostgresStore":
    """Open the store ``db`` names (a PostgreSQL URL or a SQLite path; default ``$MARSAD_DB``)."""
    from .sqlite import resolve_db_path

    target = resolve_db_path(db)
    if target.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(target)
    from .sqlite import SQLiteStore

    return SQLiteStore(target)
