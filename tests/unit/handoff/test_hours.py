"""The agents' shift: read from the service facts, and the same as what customers are told."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import pytest
import yaml

from bot.clock import SERVICE_TZ
from bot.handoff.hours import AgentShift, read_agent_shift
from bot.stack import PROJECT_ROOT

KB = PROJECT_ROOT / "knowledge_base"


def test_the_shift_matches_the_hours_customers_are_told() -> None:
    shift = read_agent_shift(KB)
    told = yaml.safe_load((KB / "service.yml").read_text(encoding="utf-8"))["agent_hours"]
    for language in ("zh", "en"):
        assert shift.hours(language) == told[language]
        assert f"{shift.opens.hour}:{shift.opens.minute:02d}" in told[language]
        assert f"{shift.closes.hour}:{shift.closes.minute:02d}" in told[language]


@pytest.mark.parametrize(
    ("hour", "minute", "open_"),
    [(7, 59, False), (8, 0, True), (13, 30, True), (21, 59, True), (22, 0, False), (2, 0, False)],
)
def test_open_is_read_in_the_service_time_zone(hour: int, minute: int, open_: bool) -> None:
    shift = AgentShift(time(8), time(22))
    local = datetime(2026, 12, 3, hour, minute, tzinfo=SERVICE_TZ)
    assert shift.is_open(local) is open_
    assert shift.is_open(local.astimezone(timezone.utc)) is open_
    assert shift.is_open(local.astimezone(timezone(timedelta(hours=-5)))) is open_


def test_a_shift_closes_after_it_opens() -> None:
    with pytest.raises(ValueError, match="closes after"):
        AgentShift(time(22), time(8))
