"""The declarative base every domain's models derive from.

``bot.db`` knows no domain: each domain package defines its own models on :class:`Base`,
which registers their tables in ``Base.metadata``. The composition root
(:mod:`bot.runtime`) imports every domain's models before creating the schema.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Final

from sqlalchemy import JSON, MetaData
from sqlalchemy.orm import DeclarativeBase

from bot.db.types import UTCDateTime

__all__ = ["NAMING_CONVENTION", "Base"]

#: Names for every index and constraint, so that migrations can refer to them by name on
#: PostgreSQL and SQLite alike (check constraints are named where they are declared).
NAMING_CONVENTION: Final = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), dict[str, Any]: JSON}
