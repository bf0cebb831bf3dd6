"""The gateway: the assistant's single front door over HTTP."""

from bot.gateway.app import create_app

__all__ = ["create_app"]
