"""Conversations: the system of record for every message, and the turn-taking logic."""

from bot.conversations.errors import (
    AssistantUnavailableError,
    ConversationError,
    ConversationNotFoundError,
    InvalidTokenError,
    PayloadNotOfferedError,
)
from bot.conversations.model import (
    Assistant,
    Button,
    MessageView,
    Reply,
    StartedConversation,
    TurnResult,
)
from bot.conversations.service import ConversationService, neutralise_intent_shortcut

__all__ = [
    "Assistant",
    "AssistantUnavailableError",
    "Button",
    "ConversationError",
    "ConversationNotFoundError",
    "ConversationService",
    "InvalidTokenError",
    "MessageView",
    "PayloadNotOfferedError",
    "Reply",
    "StartedConversation",
    "TurnResult",
    "neutralise_intent_shortcut",
]
