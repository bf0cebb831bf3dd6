"""A registered unit's warranty facts, looked up by serial number and buyer's phone."""

from __future__ import annotations

from collections.abc import Mapping

from bot.db import UowFactory
from bot.knowledge.model import ProductModel
from bot.warranty.quote import UnitFacts
from bot.warranty.registry import find_unit

__all__ = ["find_unit_facts"]


def find_unit_facts(
    uow_factory: UowFactory, serial: str, phone: str, models: Mapping[str, ProductModel]
) -> UnitFacts | None:
    """The unit registered with both ``serial`` and ``phone``; ``None`` if there is none.

    A wrong phone looks exactly like an unknown serial number.

    Args:
        uow_factory: Opens units of work on the registry.
        serial: The serial number from the rating plate.
        phone: The phone number given at purchase.
        models: The catalogue's models, which give the unit's category.
    """
    with uow_factory() as uow:
        unit = find_unit(uow, serial, phone)
        if unit is None:
            return None
        return UnitFacts(
            model=unit.model,
            category=models[unit.model].category,
            purchased_on=unit.purchased_on,
            exchanged_on=unit.exchanged_on,
            days_in_repair=unit.days_in_repair,
        )
