"""Where customers' photos live: one file per photo, named by its random identifier.

The files are kept outside the database (``ASSISTANT_ATTACHMENTS_DIR``); the database
holds each photo's facts and its SHA-256, checked on every read, so a file changed or
swapped on disk is never served.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PhotoFiles", "SavedFile", "UnreadablePhoto"]


class UnreadablePhoto(LookupError):  # noqa: N818 - reads as what happened
    """The photo's file is missing or is not the one written."""


@dataclass(frozen=True)
class SavedFile:
    """A photo written to disk: its identifier, digest and size."""

    id: str
    sha256: str
    size: int


class PhotoFiles:
    """The photos' directory.

    Args:
        directory: Where the files are kept; created on the first write.
        max_bytes: The largest upload accepted.
    """

    def __init__(self, directory: Path, max_bytes: int) -> None:
        self.directory = directory
        self.max_bytes = max_bytes

    def save(self, data: bytes) -> SavedFile:
        """Writes a (checked, re-encoded) photo under a new random identifier."""
        self.directory.mkdir(parents=True, exist_ok=True)
        photo_id = secrets.token_hex(16)
        (self.directory / photo_id).write_bytes(data)
        return SavedFile(photo_id, hashlib.sha256(data).hexdigest(), len(data))

    def read(self, photo_id: str, sha256: str) -> bytes:
        """Reads a photo, checking it is the file written.

        Raises:
            UnreadablePhoto: The file is missing or altered.
        """
        try:
            data = (self.directory / photo_id).read_bytes()
        except OSError as exc:
            raise UnreadablePhoto(photo_id) from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise UnreadablePhoto(photo_id)
        return data

    def remove(self, photo_ids: Iterable[str]) -> None:
        """Deletes photos' files (their rows are gone, or were never written)."""
        for photo_id in photo_ids:
            (self.directory / photo_id).unlink(missing_ok=True)
