"""Routing: which waiting handoffs an agent sees and suits, and capacity (one table)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.clock import SERVICE_TZ
from bot.handoff import HandoffSummary, HandoffView
from bot.handoff.routing import category_of, has_room, matches, routed, sees
from tests.unit.tables import READS, Arguments, Function, check, reads

ZH = ("zh",)
BOTH = ("zh", "en")
WASHER = ("washing_machine",)
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=SERVICE_TZ)


def _view(
    id_: int, language: str | None, priority: int = 1, minutes: int = 0, category: str | None = None
) -> HandoffView:
    at = T0 + timedelta(minutes=minutes)
    details = HandoffSummary(wants="help", category=category)
    return HandoffView(
        id_,
        f"c{id_}",
        "customer_request",
        None,
        priority,
        "waiting",
        "help",
        at,
        at,
        language,
        "api",
        details,
    )


def _ids(role: str, languages: tuple[str, ...]) -> tuple[int, ...]:
    views = [
        _view(1, "en", priority=1, minutes=0),
        _view(2, "zh", priority=1, minutes=5),
        _view(3, None, priority=1, minutes=2),
        _view(4, "zh", priority=0, minutes=9),
    ]
    return tuple(view.id for view in routed(views, role, languages))


@pytest.mark.parametrize(
    READS,
    [
        *reads(
            sees,
            ("agent", ZH, "zh", True),
            ("agent", ZH, "en", False),
            ("agent", ZH, None, True),
            ("supervisor", ZH, "en", True),
            ("agent", BOTH, "en", True),
        ),
        *reads(
            matches,
            (ZH, WASHER, "zh", "washing_machine", True),
            (ZH, WASHER, "zh", None, True),
            (ZH, WASHER, "zh", "refrigerator", False),
            (ZH, WASHER, "en", "washing_machine", False),
            (ZH, (), None, None, True),
            (BOTH, (), "en", "refrigerator", False),
        ),
        *reads(has_room, (0, 3, True), (2, 3, True), (3, 3, False), (4, 3, False), (0, 1, True)),
        *reads(
            category_of,
            (_view(1, "zh", category="refrigerator"), "refrigerator"),
            (_view(1, "zh"), None),
            name="category",
        ),
        *reads(
            _ids,
            ("agent", ZH, (4, 3, 2)),
            ("agent", ("en",), (1, 3)),
            ("supervisor", ZH, (4, 1, 3, 2)),
            name="routed",
        ),
    ],
)
def test_routing(function: Function, arguments: Arguments, expected: object) -> None:
    check(function, arguments, expected)
