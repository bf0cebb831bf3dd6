"""The knowledge base and its search index for a long-running process, built on first use."""

from __future__ import annotations

import threading
from pathlib import Path

from bot.knowledge.loader import load_knowledge_base
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.search import SearchIndex

__all__ = ["KnowledgeSource"]


class KnowledgeSource:
    """Loads the knowledge base of a folder once, when first asked, from any thread.

    Args:
        folder: The knowledge base's folder (``Settings.knowledge_base_dir``).
    """

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._lock = threading.Lock()
        self._base: KnowledgeBase | None = None
        self._index: SearchIndex | None = None

    def base(self) -> KnowledgeBase:
        """The validated knowledge base.

        Raises:
            bot.knowledge.KnowledgeBaseError: The knowledge base is invalid.
        """
        with self._lock:
            if self._base is None:
                self._base = load_knowledge_base(self._folder)
            return self._base

    def index(self) -> SearchIndex:
        """The retrieval index over every article."""
        base = self.base()
        with self._lock:
            if self._index is None:
                self._index = SearchIndex(base)
            return self._index
