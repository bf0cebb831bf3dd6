"""Finding a customer's own record by reference and phone, as the status forms ask for it.

A complaint and a booked visit are both looked up this way: the form asks for the
reference, then for the phone number given with it. A wrong phone number and an
unknown reference get the same reply, so nothing about someone else's record is
revealed, and the form starts over.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker

from actions.common import language_of, latest_text, person_button, phone_answer, say
from bot import services
from bot.db import UowFactory
from bot.language import Language
from bot.parsing import find_reference

__all__ = ["exists_with", "not_found", "owner_phone_answer", "reference_answer"]


def not_found(dispatcher: CollectingDispatcher, language: Language, key: str) -> None:
    """Says catalogue message ``key`` (nothing matches), offering a person."""
    say(dispatcher, language, key, [person_button(language)])


def exists_with(find: Callable[[UowFactory, str, str], object]) -> Callable[[str, str], bool]:
    """Whether a record has a reference and phone, looked up with ``find`` (``None``: no).

    Example:
        ``owner_phone_answer(..., exists=exists_with(find_complaint), ...)``
    """
    return lambda reference, phone: find(services.unit_of_work(), reference, phone) is not None


def reference_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, value: Any, prefix: str, invalid: str
) -> str | None:
    """Reads a reference starting with ``prefix`` from the slot value or the latest message.

    Args:
        dispatcher: Where the explanation of a bad reference goes.
        tracker: The conversation.
        value: The extracted slot value.
        prefix: The reference's prefix (``RV``, ``CP``).
        invalid: The catalogue message explaining the reference's format.
    """
    reference = find_reference(str(value or ""), prefix) or find_reference(
        latest_text(tracker), prefix
    )
    if reference is None:
        say(dispatcher, language_of(tracker), invalid)
    return reference


def owner_phone_answer(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    value: Any,
    *,
    reference_slot: str,
    exists: Callable[[str, str], bool],
    missing: str,
) -> dict[str, Any]:
    """Accepts the phone given with the record in ``reference_slot``; otherwise starts over.

    Args:
        dispatcher: Where replies go.
        tracker: The conversation.
        value: The extracted phone number.
        reference_slot: The slot holding the record's reference.
        exists: Whether a record has this reference and phone number.
        missing: The catalogue message for no such record.

    Returns:
        The slots to set: the phone, or neither phone nor reference when nothing matches.
    """
    phone = phone_answer(dispatcher, tracker, value)
    if phone is None:
        return {"phone": None}
    if not exists(str(tracker.get_slot(reference_slot)), phone):
        not_found(dispatcher, language_of(tracker), missing)
        return {"phone": None, reference_slot: None}
    return {"phone": phone}
