"""Offering visit windows and reading the customer's choice, in every form that books.

The booking form and moving a booked visit both ask "which window?": the windows and
the reading of the answer come from :mod:`bot.repairs.offering`; this module says them.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker

from actions.common import Reply, latest_text
from actions.visit_text import window_button
from bot import services
from bot.repairs.offering import check_choice, offer_windows

__all__ = ["offer_windows_for", "validate_window_choice"]


def offer_windows_for(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    *,
    region: str,
    category: str,
    exclude_booking: str | None = None,
) -> None:
    """Offers up to five free windows, soonest first, matching the customer's preference.

    When nothing matches the preference the soonest windows are offered instead, and
    the customer is told so; when nothing at all is free a person is offered.
    """
    reply = Reply.to(dispatcher, tracker)
    offer = offer_windows(
        services.unit_of_work(),
        region=region,
        category=category,
        now=services.now(),
        preference_text=tracker.get_slot("visit_preference") or tracker.get_slot("when"),
        exclude_booking=exclude_booking,
    )
    if offer.preference_unmatched:
        reply.say("no_window_matches_preference")
    if not offer.windows:
        reply.say("no_free_windows", [reply.person()])
        return
    buttons = [window_button(w, reply.language) for w in offer.windows]
    reply.say("ask_visit_window", buttons)


def validate_window_choice(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    value: str,
    *,
    region: str,
    category: str,
    exclude_booking: str | None = None,
) -> dict[str, Any]:
    """Reads the customer's answer to "which window?" in any form that offers windows.

    A pressed button gives a window key, kept while that window is still free (not
    past, not taken since it was offered); typed text is read as a preferred day and
    time ("tomorrow afternoon", "周六上午"), checked, and remembered, so that the
    question is asked again with matching windows.
    """
    choice = check_choice(
        services.unit_of_work(),
        value,
        latest_text(tracker),
        region=region,
        category=category,
        now=services.now(),
        exclude_booking=exclude_booking,
    )
    if choice.window is not None:
        return {"visit_window": choice.window.key}
    if choice.preference is not None:
        return {"visit_window": None, "visit_preference": choice.preference}
    if choice.problem is not None:
        Reply.to(dispatcher, tracker).say(choice.problem, days=choice.horizon_days)
    if choice.problem in ("preference_in_past", "preference_too_far"):
        return {"visit_window": None, "visit_preference": None}
    return {"visit_window": None}
