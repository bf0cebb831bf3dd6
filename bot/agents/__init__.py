"""Agent accounts of the console: who may log in, in which languages, for which products."""

from bot.agents import errors
from bot.agents.accounts import (
    LANGUAGES,
    MAX_DISPLAY_NAME_LENGTH,
    MIN_PASSWORD_LENGTH,
    ROLES,
    SKILLS,
    add_agent,
    authenticate,
    list_agents,
    normalise_username,
    set_active,
)
from bot.agents.errors import *  # noqa: F403 - every agent-account error
from bot.agents.models import AgentAccount
from bot.agents.throttle import FIRST_BACKOFF, FREE_FAILURES, MAX_BACKOFF, backoff, wait_seconds
from bot.agents.view import Agent

__all__ = [
    "FIRST_BACKOFF",
    "FREE_FAILURES",
    "LANGUAGES",
    "MAX_BACKOFF",
    "MAX_DISPLAY_NAME_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "ROLES",
    "SKILLS",
    "Agent",
    "AgentAccount",
    "add_agent",
    "authenticate",
    "backoff",
    "list_agents",
    "normalise_username",
    "set_active",
    "wait_seconds",
]
__all__ += errors.__all__
