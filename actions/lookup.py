"""Finding a customer's own record by reference and phone, as the status forms ask for it.

A complaint and a booked visit are both looked up this way: the form asks for the
reference, then for the phone number given with it. A wrong phone number and an
unknown reference get the same reply, so nothing about someone else's record is
revealed, and the form starts over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker
from rasa_sdk.types import DomainDict

from actions.common import Reply, latest_text, phone_answer
from bot import services
from bot.db import UowFactory
from bot.references import find_reference, parse_reference

__all__ = ["Lookup", "LookupAnswers", "not_found"]

RecordT = TypeVar("RecordT")


def not_found(reply: Reply, key: str) -> None:
    """Says catalogue message ``key`` (nothing matches), offering a person."""
    reply.say(key, [reply.person()])


@dataclass(frozen=True)
class Lookup(Generic[RecordT]):
    """How a status form finds the customer's record: by reference and phone.

    Attributes:
        kind: What the record is (``visit``, ``complaint``), naming its catalogue
            messages ``invalid_<kind>_reference`` and ``<kind>_not_found``.
        reference_slot: The slot holding the record's reference.
        prefix: The reference's prefix (``RV``, ``CP``).
        find: The record with a reference and phone, or ``None``.
    """

    kind: str
    reference_slot: str
    prefix: str
    find: Callable[[UowFactory, str, str], RecordT | None]

    @property
    def invalid(self) -> str:
        """The catalogue message explaining the reference's format."""
        return f"invalid_{self.kind}_reference"

    @property
    def missing(self) -> str:
        """The catalogue message for no such record."""
        return f"{self.kind}_not_found"

    def record(self, tracker: Tracker) -> RecordT | None:
        """The record the conversation's reference and phone find, if both are given."""
        reference, phone = tracker.get_slot(self.reference_slot), tracker.get_slot("phone")
        if not reference or not phone:
            return None
        return self.find(services.unit_of_work(), str(reference), str(phone))


class LookupAnswers:
    """Validates the reference and the phone of a status form (mixed into its validation).

    Subclasses set ``lookup``; the reference is read by ``extract_<reference_slot>``
    and validated by ``validate_<reference_slot>``, the phone by :meth:`validate_phone`.
    """

    lookup: ClassVar[Lookup[Any]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Names the reference's extractor and validator after the form's reference slot."""
        super().__init_subclass__(**kwargs)
        setattr(cls, f"extract_{cls.lookup.reference_slot}", cls.reference_typed)
        setattr(cls, f"validate_{cls.lookup.reference_slot}", cls.reference_answer)

    def reference_typed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Takes a reference typed when asked for one, whatever the classifier read.

        A random reference can look like a model number or an error code to the
        classifier, which then reads a question in it rather than an answer, and the
        slot's mapping does not fill it. A text holding a well-formed reference is the
        answer to the question asked.
        """
        slot = self.lookup.reference_slot
        if tracker.get_slot("requested_slot") != slot:
            return {}
        reference = parse_reference(latest_text(tracker), self.lookup.prefix)
        return {slot: reference} if reference else {}

    def reference_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a reference (the lookup's prefix, ``-`` and 8 letters or digits).

        The reference is read from the slot value or else from the latest message; a
        message without one is answered with the reference's format.
        """
        lookup = self.lookup
        reference = find_reference(str(value or ""), lookup.prefix) or find_reference(
            latest_text(tracker), lookup.prefix
        )
        if reference is None:
            Reply.to(dispatcher, tracker).say(lookup.invalid)
        return {lookup.reference_slot: reference}

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts the phone given with the record; otherwise starts over.

        Returns:
            The slots to set: the phone, or neither phone nor reference when nothing matches.
        """
        lookup = self.lookup
        phone = phone_answer(dispatcher, tracker, value)
        if phone is None:
            return {"phone": None}
        reference = str(tracker.get_slot(lookup.reference_slot))
        if lookup.find(services.unit_of_work(), reference, phone) is None:
            not_found(Reply.to(dispatcher, tracker), lookup.missing)
            return {"phone": None, lookup.reference_slot: None}
        return {"phone": phone}
