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
    get_agent,
    list_agents,
    normalise_username,
    set_active,
)
from bot.agents.audit import AuditEntry, audit_log, record_agent_event
from bot.agents.errors import *  # noqa: F403 - every agent-account error
from bot.agents.models import PRESENCES, SESSION_KINDS, AgentAccount, AgentEvent, AgentSession
from bot.agents.presence import MAX_CAPACITY, MIN_CAPACITY, online_agents, set_presence, touch
from bot.agents.sessions import (
    AgentPrincipal,
    OpenedSession,
    hash_token,
    open_session,
    revoke_session,
    session_for_token,
)
from bot.agents.throttle import FIRST_BACKOFF, FREE_FAILURES, MAX_BACKOFF, backoff, wait_seconds
from bot.agents.view import Agent

__all__ = [
    "FIRST_BACKOFF",
    "FREE_FAILURES",
    "LANGUAGES",
    "MAX_BACKOFF",
    "MAX_CAPACITY",
    "MAX_DISPLAY_NAME_LENGTH",
    "MIN_CAPACITY",
    "MIN_PASSWORD_LENGTH",
    "PRESENCES",
    "ROLES",
    "SESSION_KINDS",
    "SKILLS",
    "Agent",
    "AgentAccount",
    "AgentEvent",
    "AgentPrincipal",
    "AgentSession",
    "AuditEntry",
    "OpenedSession",
    "add_agent",
    "audit_log",
    "authenticate",
    "backoff",
    "get_agent",
    "hash_token",
    "list_agents",
    "normalise_username",
    "online_agents",
    "open_session",
    "record_agent_event",
    "revoke_session",
    "session_for_token",
    "set_active",
    "set_presence",
    "touch",
    "wait_seconds",
]
__all__ += errors.__all__
