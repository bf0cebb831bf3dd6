"""Placeholders in article text (``{fee:call_out}``) rendered from the structured data."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from bot import texts
from bot.knowledge.model import Category, ChargeItem, Localized, WarrantyTerms
from bot.language import Language

__all__ = ["PLACEHOLDER", "Facts", "PlaceholderError"]

PLACEHOLDER = re.compile(r"\{([a-z_]+):([A-Za-z0-9_.\-]+)\}")


class PlaceholderError(ValueError):
    """A placeholder names something the knowledge base does not have."""


def money(amount: int, language: Language) -> str:
    """Formats yuan: ``50 元`` / ``CNY 50``."""
    return texts.render("unit_money", language, amount=amount)


def _count(value: int, unit: str, language: Language) -> str:
    """``value`` of ``unit`` (``year``, ``month``, ``day``): the catalogue's one or many."""
    return texts.render(f"unit_{unit}" if value == 1 else f"unit_{unit}s", language, count=value)


def years(value: int, language: Language) -> str:
    """Formats a number of years: ``10 年`` / ``10 years``."""
    return _count(value, "year", language)


def months(value: int, language: Language) -> str:
    """Formats a number of months: ``6 个月`` / ``6 months`` (one is ``month`` in English)."""
    return _count(value, "month", language)


def days(value: int, language: Language) -> str:
    """Formats a number of days: ``7 天`` / ``7 days``."""
    return _count(value, "day", language)


class Facts:
    """Resolves placeholders against charges, warranty terms and service facts.

    Args:
        charges: Every charge item by id.
        company: Mingjia's warranty terms.
        statutory: The statutory terms.
        categories: Categories by id (for their main parts).
        service: The contents of ``service.yml``.
    """

    def __init__(
        self,
        charges: Mapping[str, ChargeItem],
        company: WarrantyTerms,
        statutory: WarrantyTerms,
        categories: Mapping[str, Category],
        service: Mapping[str, Any],
    ) -> None:
        self._resolvers: dict[str, Callable[[str, Language], str]] = {
            "fee": lambda key, lang: money(self._lookup(charges, key).amount, lang),
            "years": lambda key, lang: years(self._period(company, key), lang),
            "statutory_years": lambda key, lang: years(self._period(statutory, key), lang),
            "days": self._days(company, statutory),
            "service": lambda key, lang: Localized(**self._lookup(service, key))(lang),
            "number": lambda key, lang: str(self._number(service, key)),
            "months": lambda key, lang: months(self._number(service, key), lang),
            "main_parts": lambda key, lang: texts.render("list_separator", lang).join(
                part(lang) for part in self._lookup(categories, key).main_parts
            ),
        }

    def render(self, text: str, language: Language) -> str:
        """Replaces every placeholder in ``text``.

        Raises:
            PlaceholderError: A placeholder is unknown; the message names it.
        """

        def replace(match: re.Match[str]) -> str:
            kind, key = match.group(1), match.group(2)
            resolver = self._resolvers.get(kind)
            if resolver is None:
                raise PlaceholderError(f"unknown placeholder kind {match.group(0)}")
            try:
                return resolver(key, language)
            except (KeyError, TypeError, ValueError) as exc:
                raise PlaceholderError(f"{match.group(0)} names nothing known") from exc

        rendered = PLACEHOLDER.sub(replace, text)
        leftover = re.search(r"\{[^{}]*:[^{}]*\}", rendered)
        if leftover:
            raise PlaceholderError(f"malformed placeholder {leftover.group(0)}")
        return rendered

    @staticmethod
    def _lookup(table: Mapping[str, Any], key: str) -> Any:
        return table[key]

    @staticmethod
    def _period(terms: WarrantyTerms, key: str) -> int:
        category, _, which = key.partition(".")
        periods = terms.periods[category]
        if which == "whole_unit":
            return periods.whole_unit
        if which == "main_parts":
            return periods.main_parts
        raise KeyError(key)

    @staticmethod
    def _number(service: Mapping[str, Any], key: str) -> int:
        value: Any = service
        for part in key.split("."):
            value = value[part]
        if not isinstance(value, int):
            raise TypeError(key)
        return value

    @staticmethod
    def _days(company: WarrantyTerms, statutory: WarrantyTerms) -> Callable[[str, Language], str]:
        table = {
            "return": company.return_days,
            "exchange": company.exchange_days,
            "statutory_return": statutory.return_days,
            "statutory_exchange": statutory.exchange_days,
        }
        return lambda key, lang: days(table[key], lang)
