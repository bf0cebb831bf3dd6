"""Clients of the dialogue engine: the Rasa server and its action server."""

from bot.assistant.client import AssistantClient
from bot.assistant.rasa import RasaAssistant, parse_rasa_replies

__all__ = ["AssistantClient", "RasaAssistant", "parse_rasa_replies"]
