"""Conversations: the system of record for every message, and the turn-taking logic."""

from bot.conversations.errors import (
    AssistantUnavailableError,
    ConversationBusyError,
    ConversationClosedError,
    ConversationError,
    ConversationNotFoundError,
    IdempotencyKeyReusedError,
    InvalidTokenError,
    PayloadNotOfferedError,
)
from bot.conversations.locks import ConversationLocks, DatabaseLocks, InProcessLocks
from bot.conversations.model import (
    Assistant,
    Button,
    CustomerTurn,
    MessageView,
    Reply,
    StartedConversation,
    TurnResult,
)
from bot.conversations.routing import AssistantResponder, PersonResponder, Responder
from bot.conversations.service import ConversationService
from bot.conversations.text import (
    MAX_TEXT_LENGTH,
    has_control_characters,
    neutralise_intent_shortcut,
    visible,
)

__all__ = [
    "MAX_TEXT_LENGTH",
    "Assistant",
    "AssistantResponder",
    "AssistantUnavailableError",
    "Button",
    "ConversationBusyError",
    "ConversationClosedError",
    "ConversationError",
    "ConversationLocks",
    "ConversationNotFoundError",
    "ConversationService",
    "CustomerTurn",
    "DatabaseLocks",
    "IdempotencyKeyReusedError",
    "InProcessLocks",
    "InvalidTokenError",
    "MessageView",
    "PayloadNotOfferedError",
    "PersonResponder",
    "Reply",
    "Responder",
    "StartedConversation",
    "TurnResult",
    "has_control_characters",
    "neutralise_intent_shortcut",
    "visible",
]
