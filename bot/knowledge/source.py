"""The knowledge base and its search index for a long-running process, built on first use."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import ClassVar

from bot.knowledge.loader import load_knowledge_base
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.search import SearchIndex

__all__ = ["KnowledgeSource"]


class KnowledgeSource:
    """Loads the knowledge base of a folder once, when first asked, from any thread.

    The base and its index are shared by every source of the same folder in the
    process: building the index (and training its ranker) takes seconds, and the
    files do not change while the process runs.

    Args:
        folder: The knowledge base's folder (``Settings.knowledge_base_dir``).
    """

    _lock: ClassVar[threading.Lock] = threading.Lock()
    _bases: ClassVar[dict[Path, KnowledgeBase]] = {}
    _indexes: ClassVar[dict[Path, SearchIndex]] = {}

    def __init__(self, folder: Path) -> None:
        self._folder = folder.resolve()

    def base(self) -> KnowledgeBase:
        """The validated knowledge base.

        Raises:
            bot.knowledge.KnowledgeBaseError: The knowledge base is invalid.
        """
        with self._lock:
            if self._folder not in self._bases:
                self._bases[self._folder] = load_knowledge_base(self._folder)
            return self._bases[self._folder]

    def index(self) -> SearchIndex:
        """The retrieval index over every article."""
        base = self.base()
        with self._lock:
            if self._folder not in self._indexes:
                self._indexes[self._folder] = SearchIndex(base)
            return self._indexes[self._folder]
