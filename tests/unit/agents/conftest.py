from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.db import UowFactory
from bot.runtime import build_runtime
from bot.settings import Settings


@pytest.fixture
def uow_factory(tmp_path: Path) -> Iterator[UowFactory]:
    """Units of work on a fresh SQLite database with every table."""
    runtime = build_runtime(Settings(data_dir=tmp_path))
    try:
        yield runtime.uow_factory
    finally:
        runtime.close()
