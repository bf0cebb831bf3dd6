"""Customers' photos (of the fault, the rating plate, the invoice): checked and kept on disk."""

from bot.attachments.files import PhotoFiles, SavedFile, UnreadablePhoto
from bot.attachments.images import MAX_PIXELS, CheckedImage, ImageRejected, check_image

__all__ = [
    "MAX_PIXELS",
    "CheckedImage",
    "ImageRejected",
    "PhotoFiles",
    "SavedFile",
    "UnreadablePhoto",
    "check_image",
]
