"""Domain exceptions of the conversation service; the web layer maps them to HTTP."""

__all__ = [
    "AssistantUnavailableError",
    "ConversationBusyError",
    "ConversationClosedError",
    "ConversationError",
    "ConversationNotFoundError",
    "IdempotencyKeyReusedError",
    "InvalidTokenError",
    "PayloadNotOfferedError",
]


class ConversationError(Exception):
    """Base class of every conversation error."""


class ConversationNotFoundError(ConversationError):
    """No conversation has this identifier."""


class ConversationClosedError(ConversationError):
    """The conversation is closed: only a customer message reopens it."""


class InvalidTokenError(ConversationError):
    """The token does not authorise access to this conversation."""


class PayloadNotOfferedError(ConversationError):
    """The customer sent a button payload the bot never offered in this conversation."""


class IdempotencyKeyReusedError(ConversationError):
    """An idempotency key already sent with a different message in this conversation."""


class ConversationBusyError(ConversationError):
    """The conversation's previous turn did not end in time; nothing was stored."""


class AssistantUnavailableError(ConversationError):
    """The Rasa server or the action server did not answer.

    The customer's message has been stored before this is raised.
    """
