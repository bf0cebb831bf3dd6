"""Erasing conversations: their messages, their photos' rows and files, nothing left behind."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import delete, select

from bot.attachments import PhotoFiles
from bot.conversations.models import Attachment, Conversation, Message
from bot.db import UowFactory, write_transaction

__all__ = ["Erased", "erase_conversations"]


@dataclass(frozen=True)
class Erased:
    """How much was erased."""

    conversations: int
    messages: int
    photos: int


def erase_conversations(
    uow_factory: UowFactory, files: PhotoFiles, conversation_ids: Collection[str]
) -> Erased:
    """Deletes conversations with their messages and photos, rows first, then the files.

    The rows go in one transaction; the photos' files are removed once it committed, so
    a failed erase leaves every photo readable.
    """
    ids = list(conversation_ids)
    if not ids:
        return Erased(0, 0, 0)
    with write_transaction(uow_factory) as uow:
        session = uow.session
        photos = session.scalars(
            select(Attachment.id).where(Attachment.conversation_id.in_(ids))
        ).all()
        session.execute(delete(Attachment).where(Attachment.conversation_id.in_(ids)))
        messages = session.execute(delete(Message).where(Message.conversation_id.in_(ids)))
        conversations = session.execute(delete(Conversation).where(Conversation.id.in_(ids)))
        uow.commit()
    files.remove(photos)
    return Erased(
        conversations=int(getattr(conversations, "rowcount", 0)),
        messages=int(getattr(messages, "rowcount", 0)),
        photos=len(photos),
    )
