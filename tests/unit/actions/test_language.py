from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest
import yaml
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker
from rasa_sdk.types import DomainDict

from actions.language import ValidateSlotMappings
from bot.stack import PROJECT_ROOT


@pytest.fixture(scope="module")
def domain() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text("utf-8"))
    return loaded


def _tracker(text: str, metadata: dict[str, str] | None, language_slot: str = "zh") -> Tracker:
    latest = {"text": text, "intent": {"name": "greet", "confidence": 0.9}, "entities": []}
    if metadata is not None:
        latest["metadata"] = metadata
    return Tracker(
        sender_id="c1",
        slots={"language": language_slot},
        latest_message=latest,
        events=[{"event": "user", "text": text, "metadata": metadata or {}}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def _run(tracker: Tracker, domain: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateSlotMappings().run(dispatcher, tracker, cast(DomainDict, domain)))
    return events, dispatcher.messages


def test_language_comes_from_the_gateway_metadata(domain: dict[str, Any]) -> None:
    events, messages = _run(_tracker("12345", {"language": "en"}), domain)
    assert events == [SlotSet("language", "en")]
    assert messages == []


def test_without_metadata_the_text_decides(domain: dict[str, Any]) -> None:
    events, _ = _run(_tracker("my fridge is noisy", None, language_slot="zh"), domain)
    assert events == [SlotSet("language", "en")]


def test_without_metadata_or_signal_the_slot_keeps_its_value(domain: dict[str, Any]) -> None:
    events, _ = _run(_tracker("13812345678", None, language_slot="en"), domain)
    assert events == [SlotSet("language", "en")]


def test_invalid_metadata_is_ignored(domain: dict[str, Any]) -> None:
    events, _ = _run(_tracker("你好", {"language": "fr"}, language_slot="en"), domain)
    assert events == [SlotSet("language", "zh")]


def test_action_name_matches_the_domain(domain: dict[str, Any]) -> None:
    assert ValidateSlotMappings().name() in domain["actions"]
