"""Photo files and image checks: an altered file is never read, a huge image never decoded."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from bot.attachments import ImageRejected, PhotoFiles, UnreadablePhoto, check_image


def _png(width: int, height: int) -> bytes:
    """A PNG header claiming ``width`` x ``height`` (no need to hold the pixels)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def test_a_file_changed_on_disk_is_not_read(tmp_path: Path) -> None:
    files = PhotoFiles(tmp_path / "photos", max_bytes=1_000_000)
    saved = files.save(b"photo bytes")
    assert files.read(saved.id, saved.sha256) == b"photo bytes"
    (tmp_path / "photos" / saved.id).write_bytes(b"something else")
    with pytest.raises(UnreadablePhoto):
        files.read(saved.id, saved.sha256)
    files.remove([saved.id])
    with pytest.raises(UnreadablePhoto):
        files.read(saved.id, saved.sha256)


def test_an_image_with_too_many_pixels_is_refused_unread() -> None:
    with pytest.raises(ImageRejected) as refused:
        check_image(_png(20_000, 20_000), max_bytes=1_000_000)
    assert refused.value.code == "too_large"


def test_a_jpeg_is_turned_upright_and_kept_a_jpeg() -> None:
    image = Image.new("RGB", (40, 20), (10, 20, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° to display
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    checked = check_image(out.getvalue(), max_bytes=1_000_000)
    assert (checked.content_type, checked.width, checked.height) == ("image/jpeg", 20, 40)
