"""The action server's services, built once from the composition root on first use.

The action server calls :func:`warm_up` before it starts listening, so a broken
knowledge base stops it at start-up with every problem listed, and the first
customer does not wait for the search index to be built.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from bot.clock import Clock
from bot.db import UowFactory
from bot.handoff.hours import AgentShift, read_agent_shift
from bot.knowledge import KnowledgeBase, SearchIndex, load_knowledge_base
from bot.runtime import Runtime, build_runtime
from bot.settings import load_settings

__all__ = [
    "agent_shift",
    "clock",
    "knowledge",
    "now",
    "runtime",
    "search_index",
    "unit_of_work",
    "warm_up",
]


@cache
def runtime() -> Runtime:
    """The action server's runtime: settings, clock and database."""
    return build_runtime(load_settings())


@cache
def knowledge() -> KnowledgeBase:
    """The validated knowledge base."""
    return load_knowledge_base(runtime().settings.knowledge_base_dir)


@cache
def search_index() -> SearchIndex:
    """The retrieval index over every article."""
    return SearchIndex(knowledge())


@cache
def agent_shift() -> AgentShift:
    """The hours agents answer chats (the service facts' ``agent_shift``)."""
    return read_agent_shift(runtime().settings.knowledge_base_dir)


def unit_of_work() -> UowFactory:
    """Makes units of work on the assistant's database."""
    return runtime().uow_factory


def clock() -> Clock:
    """The clock every date decision of the actions reads."""
    return runtime().clock


def now() -> datetime:
    """The current moment in the service's time zone."""
    return clock().now()


def warm_up() -> None:
    """Loads and checks everything the actions need.

    Raises:
        bot.knowledge.KnowledgeBaseError: The knowledge base is invalid.
    """
    search_index().search("warm up", "en")
    search_index().search("预热", "zh")
    agent_shift()
    runtime()
