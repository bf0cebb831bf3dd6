"""Clients of the dialogue engine: the Rasa server and its action server."""

from bot.assistant.client import AssistantClient
from bot.assistant.rasa import RasaAssistant, parse_rasa_replies
from bot.assistant.tracker_store import TrackerStore, TrackerStoreError

__all__ = [
    "AssistantClient",
    "RasaAssistant",
    "TrackerStore",
    "TrackerStoreError",
    "parse_rasa_replies",
]
