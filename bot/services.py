"""The domain services the action server uses, created once on first use.

The action server calls :func:`warm_up` before it starts listening, so a broken
knowledge base stops it at start-up with every problem listed, and the first
customer does not wait for the search index to be built.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial

from bot.db import UnitOfWork, create_database_engine, create_schema, make_session_factory
from bot.knowledge import KnowledgeBase, SearchIndex, load_knowledge_base
from bot.settings import load_settings

__all__ = ["knowledge", "search_index", "unit_of_work", "warm_up"]


@cache
def knowledge() -> KnowledgeBase:
    """The validated knowledge base."""
    return load_knowledge_base(load_settings().knowledge_base_dir)


@cache
def search_index() -> SearchIndex:
    """The retrieval index over every article."""
    return SearchIndex(knowledge())


@cache
def unit_of_work() -> Callable[[], UnitOfWork]:
    """Makes units of work on the assistant's database."""
    engine = create_database_engine(load_settings().effective_database_url)
    create_schema(engine)
    return partial(UnitOfWork, make_session_factory(engine))


def warm_up() -> None:
    """Loads and checks everything the actions need.

    Raises:
        bot.knowledge.KnowledgeBaseError: The knowledge base is invalid.
    """
    search_index().search("warm up", "en")
    search_index().search("预热", "zh")
    unit_of_work()
