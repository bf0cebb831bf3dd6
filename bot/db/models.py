"""The declarative base every domain's models derive from.

``bot.db`` knows no domain: each domain package defines its own models on :class:`Base`,
which registers their tables in ``Base.metadata``. The composition root
(:mod:`bot.runtime`) imports every domain's models before creating the schema.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON
from sqlalchemy.orm import DeclarativeBase

from bot.db.types import UTCDateTime

__all__ = ["Base"]


class Base(DeclarativeBase):
    """Declarative base of every model."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), dict[str, Any]: JSON}
