from __future__ import annotations

from typing import Any, cast

import pytest
import yaml
from rasa_sdk.interfaces import Tracker
from rasa_sdk.types import DomainDict

from bot.stack import PROJECT_ROOT


@pytest.fixture(scope="session")
def domain() -> DomainDict:
    loaded: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text("utf-8"))
    return cast(DomainDict, loaded)


def make_tracker(text: str, intent: str = "ask_product", **slots: Any) -> Tracker:
    """A tracker as Rasa sends it after the customer said ``text``."""
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    return Tracker(
        sender_id="c1",
        slots={"language": "zh", **slots},
        latest_message=latest,
        events=[{"event": "user", "text": text}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
