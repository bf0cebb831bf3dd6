"""The registry of sold units behind the warranty check."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base
from bot.db.types import utcnow

__all__ = ["SoldUnit"]


class SoldUnit(Base):
    """A unit sold to a customer: the registry behind the warranty check.

    Attributes:
        serial_number: From the rating plate: category code and 10 digits.
        model: Catalogue model.
        purchased_on: Date of purchase (from the invoice or order).
        sales_channel: Where it was bought (shop, online store, ...).
        phone: The buyer's phone number, E.164 (``+8613812345678``).
        exchanged_on: Date of an exchange, after which the periods restart.
        days_in_repair: Days spent in repair, which do not count towards the periods.
    """

    __tablename__ = "sold_units"

    serial_number: Mapped[str] = mapped_column(String(16), primary_key=True)
    model: Mapped[str] = mapped_column(String(16))
    purchased_on: Mapped[date]
    sales_channel: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(20))
    exchanged_on: Mapped[date | None]
    days_in_repair: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
