"""Warranty: which rule applies to a customer's unit today, and the sold-unit registry."""

from bot.warranty.policy import (
    Coverage,
    FuturePurchaseDateError,
    Rule,
    add_years,
    assess,
)

__all__ = ["Coverage", "FuturePurchaseDateError", "Rule", "add_years", "assess"]
