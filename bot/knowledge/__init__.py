"""The curated knowledge base: loading, validation, rendering and retrieval."""

from bot.knowledge.loader import KnowledgeBaseError, load_knowledge_base
from bot.knowledge.model import (
    Article,
    Category,
    ChargeItem,
    KnowledgeBase,
    Localized,
    ProductModel,
    WarrantyTerms,
)
from bot.knowledge.search import Match, SearchIndex
from bot.knowledge.source import KnowledgeSource

__all__ = [
    "Article",
    "Category",
    "ChargeItem",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "KnowledgeSource",
    "Localized",
    "Match",
    "ProductModel",
    "SearchIndex",
    "WarrantyTerms",
    "load_knowledge_base",
]
