"""Clients of the dialogue engine: the Rasa server and its action server."""

from bot.assistant.rasa import RasaAssistant, parse_rasa_replies

__all__ = ["RasaAssistant", "parse_rasa_replies"]
