"""``EntityCleaner``: entities without a letter, digit or Chinese character are dropped."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.nlu_components.rasa_env import run_in_rasa

_SCRIPT = """
from nlu_components.entities import EntityCleaner
from rasa.shared.nlu.training_data.message import Message

messages = [
    Message(data={"text": "x", "entities": [{"entity": "e", "value": v} for v in values]})
    for values in CASES
]
cleaner = EntityCleaner.create({}, None, None, None)
print(json.dumps([[e["value"] for e in m.get("entities", [])] for m in cleaner.process(messages)]))
"""

#: The values of a message's entities, and those the cleaner keeps.
CASES: list[tuple[list[Any], list[Any]]] = [
    (["-"], []),
    (["WM-8012", "-", "上海"], ["WM-8012", "上海"]),
    (["  ", "…", "，"], []),
    (["E4", "12", "pudong"], ["E4", "12", "pudong"]),
    ([8012], [8012]),
    ([], []),
]


@pytest.fixture(scope="module")
def cleaned() -> list[list[Any]]:
    result: list[list[Any]] = run_in_rasa(_SCRIPT, [values for values, _ in CASES])
    return result


@pytest.mark.parametrize(("index", "kept"), [(i, kept) for i, (_, kept) in enumerate(CASES)])
def test_meaningless_entities_are_dropped(
    cleaned: list[list[Any]], index: int, kept: list[Any]
) -> None:
    assert cleaned[index] == kept
