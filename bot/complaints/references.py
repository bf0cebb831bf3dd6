"""Complaint references under their first names; :mod:`bot.references` reads and makes them."""

from __future__ import annotations

from typing import Final

from bot.references import ALPHABET, COMPLAINT_PREFIX
from bot.references import new_complaint_reference as new_reference
from bot.references import parse_complaint_reference as parse_reference

__all__ = ["REFERENCE_ALPHABET", "REFERENCE_PREFIX", "new_reference", "parse_reference"]

REFERENCE_ALPHABET: Final = ALPHABET
REFERENCE_PREFIX: Final = f"{COMPLAINT_PREFIX}-"
