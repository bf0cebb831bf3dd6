"""Checking a customer's photo by its content, and re-encoding it before it is kept.

The name and the declared type of an upload mean nothing: the bytes are decoded with
Pillow, and only JPEG, PNG and WebP images within the size and pixel limits are
accepted. The image is then re-encoded (orientation applied, metadata such as GPS
position dropped), so what is stored and served is an image and nothing else — a file
that is also HTML or a script (a polyglot) does not survive.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Final

from PIL import Image, ImageOps, UnidentifiedImageError

__all__ = ["MAX_PIXELS", "CheckedImage", "ImageRejected", "check_image"]

#: Largest image accepted, in pixels (a 48-megapixel phone photo fits).
MAX_PIXELS: Final = 50_000_000
_FORMATS: Final = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


class ImageRejected(ValueError):  # noqa: N818 - reads as what happened
    """The upload is not an image we keep.

    Attributes:
        code: ``too_large``, ``not_an_image`` or ``unsupported_type``.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class CheckedImage:
    """A decoded, re-encoded image, ready to store."""

    content_type: str
    width: int
    height: int
    data: bytes


def check_image(data: bytes, *, max_bytes: int) -> CheckedImage:
    """Decodes and re-encodes an uploaded image.

    Args:
        data: The uploaded bytes.
        max_bytes: The largest upload accepted.

    Raises:
        ImageRejected: Too large, not an image, or an image of another type.
    """
    if len(data) > max_bytes:
        raise ImageRejected("too_large", f"a photo can be at most {max_bytes // 1_048_576} MB")
    if not data:
        raise ImageRejected("not_an_image", "the upload is empty")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageRejected("too_large", "the photo has too many pixels")
            probe.verify()
        if kind not in _FORMATS:
            raise ImageRejected("unsupported_type", "send a photo as JPEG, PNG or WebP")
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            if kind == "JPEG":
                upright.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
            else:
                upright.save(out, kind)
    except ImageRejected:
        raise
    except Image.DecompressionBombError as exc:
        raise ImageRejected("too_large", "the photo has too many pixels") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected("not_an_image", "the upload is not a readable image") from exc
    return CheckedImage(_FORMATS[kind], upright.width, upright.height, out.getvalue())
