"""Photos in a conversation: a customer message that carries one, and reading it back.

A photo is checked and re-encoded (:func:`bot.attachments.check_image`), written to its
file, then recorded as a customer message with its ``attachments`` row in the caller's
transaction. It is kept with the visit or complaint the conversation last made, when
there is one, so staff find it with the reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.attachments import PhotoFiles, SavedFile, UnreadablePhoto, check_image
from bot.conversations import journal
from bot.conversations.model import PhotoRef
from bot.conversations.models import Attachment, Message
from bot.db import UowFactory

__all__ = ["PhotoNotFound", "StoredPhoto", "add_photo", "photos_in", "read_photo"]


class PhotoNotFound(LookupError):  # noqa: N818 - reads as what happened
    """No such photo (in this conversation), or its file is unreadable."""


@dataclass(frozen=True)
class StoredPhoto:
    """A photo just taken into a conversation."""

    message: Message
    photo: PhotoRef


def add_photo(
    session: Session,
    files: PhotoFiles,
    conversation_id: str,
    data: bytes,
    *,
    caption: str,
    channel: str,
    language: str | None,
    reference: str | None,
    now: datetime,
) -> StoredPhoto:
    """Checks and writes the photo, then adds its message and row in the caller's transaction.

    The caller commits; if it does not, it removes the file (``files.remove``).

    Raises:
        ImageRejected: Too large, not an image, or an unsupported type.
    """
    image = check_image(data, max_bytes=files.max_bytes)
    saved: SavedFile = files.save(image.data)
    try:
        message = journal.add_message(
            session,
            conversation_id,
            sender="customer",
            text=caption,
            channel=channel,
            language=language,
            delivery="pending",
        )
        session.add(
            Attachment(
                id=saved.id,
                conversation_id=conversation_id,
                message_id=message.id,
                content_type=image.content_type,
                width=image.width,
                height=image.height,
                size=saved.size,
                sha256=saved.sha256,
                reference=reference,
                created_at=now,
            )
        )
        session.flush()
    except BaseException:
        files.remove([saved.id])
        raise
    return StoredPhoto(message, PhotoRef(saved.id, image.content_type, image.width, image.height))


def read_photo(
    uow_factory: UowFactory, files: PhotoFiles, photo_id: str, conversation_id: str | None = None
) -> tuple[PhotoRef, bytes]:
    """Reads a photo; with ``conversation_id``, only one of that conversation.

    Raises:
        PhotoNotFound: No such photo here, or its file is missing or altered.
    """
    with uow_factory() as uow:
        row = uow.session.scalar(select(Attachment).where(Attachment.id == photo_id))
        if row is None or conversation_id not in (None, row.conversation_id):
            raise PhotoNotFound(photo_id)
        ref = PhotoRef(row.id, row.content_type, row.width, row.height)
        digest = row.sha256
    try:
        return ref, files.read(photo_id, digest)
    except UnreadablePhoto as exc:
        raise PhotoNotFound(photo_id) from exc


def photos_in(uow_factory: UowFactory, conversation_id: str | None) -> list[PhotoRef]:
    """The photos of a conversation, oldest first: those a visit or complaint keeps.

    A visit or complaint keeps the photos of the conversation it was made in, sent
    before or after it.
    """
    if conversation_id is None:
        return []
    with uow_factory() as uow:
        rows = uow.session.scalars(
            select(Attachment)
            .where(Attachment.conversation_id == conversation_id)
            .order_by(Attachment.created_at, Attachment.id)
        )
        return [PhotoRef(row.id, row.content_type, row.width, row.height) for row in rows]
