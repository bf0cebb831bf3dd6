"""Drops extracted entities that cannot be what they claim to be."""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, ENTITY_ATTRIBUTE_VALUE
from rasa.shared.nlu.training_data.message import Message

_MEANINGFUL = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class EntityCleaner(GraphComponent):
    """Removes entities whose value holds no letter, digit or Chinese character.

    The entity model sometimes tags a lone ``-`` (from "call-out", "WM-8012") as a
    model; such a value fills a slot and makes a form believe it was answered.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EntityCleaner:
        """Creates the component (it has no configuration and learns nothing)."""
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """Drops the meaningless entities of each message."""
        for message in messages:
            entities = message.get(ENTITIES, [])
            kept = [e for e in entities if _MEANINGFUL.search(str(e.get(ENTITY_ATTRIBUTE_VALUE)))]
            if len(kept) != len(entities):
                message.set(ENTITIES, kept, add_to_output=True)
        return messages
