"""Typed, immutable content of the knowledge base."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.language import Language, Localized

__all__ = [
    "Article",
    "Category",
    "ChargeItem",
    "Concept",
    "KnowledgeBase",
    "Localized",
    "Periods",
    "ProductModel",
    "Source",
    "WarrantyTerms",
]


@dataclass(frozen=True)
class Source:
    """A document content cites."""

    id: str
    title: Localized


@dataclass(frozen=True)
class Category:
    """A product category and its main parts."""

    id: str
    name: Localized
    main_parts: tuple[Localized, ...]


@dataclass(frozen=True)
class ProductModel:
    """A model in the catalogue."""

    id: str
    category: str
    name: Localized
    specs: Localized


@dataclass(frozen=True)
class ChargeItem:
    """One line of the published charge standard, in yuan."""

    id: str
    amount: int
    name: Localized
    category: str | None = None


@dataclass(frozen=True)
class Periods:
    """Warranty periods of a category, in years."""

    whole_unit: int
    main_parts: int


@dataclass(frozen=True)
class WarrantyTerms:
    """One set of warranty rules: statutory (三包) or the company's own."""

    source: str
    return_days: int
    exchange_days: int
    periods: dict[str, Periods]


@dataclass(frozen=True)
class Article:
    """A question-and-answer article; ``answer`` is already rendered."""

    id: str
    topic: str
    categories: tuple[str, ...]
    models: tuple[str, ...]
    source: str
    next_step: str
    title: Localized
    questions: dict[Language, tuple[str, ...]]
    keywords: dict[Language, tuple[str, ...]]
    answer: Localized
    file: str = ""


@dataclass(frozen=True)
class Concept:
    """One thing customers say in many ways ("不制冷", "不凉", "blows warm air").

    Attributes:
        id: The concept's name (``not_cooling``).
        terms: The words and phrases that say it, per language.
        kind: What it is about: ``fault``, ``rights``, ``money``, ``people`` or
            ``choice`` (choosing or sizing a product).
    """

    id: str
    terms: dict[Language, tuple[str, ...]]
    kind: str = "fault"


@dataclass(frozen=True)
class Phrasing:
    """A customer's message, as written, and the article that answers it.

    Attributes:
        language: The message's language.
        article: The id of the article that answers it.
        text: The message.
    """

    language: Language
    article: str
    text: str


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the assistant may say about products, warranty, charges and service."""

    sources: dict[str, Source]
    categories: dict[str, Category]
    models: dict[str, ProductModel]
    charges: dict[str, ChargeItem]
    statutory: WarrantyTerms
    company: WarrantyTerms
    articles: dict[str, Article] = field(default_factory=dict)
    lexicon: tuple[Concept, ...] = ()
    phrasings: tuple[Phrasing, ...] = ()

    def category_of_model(self, model_id: str) -> Category | None:
        """Returns the category of a catalogue model, if the model exists."""
        model = self.models.get(model_id)
        return self.categories[model.category] if model else None
