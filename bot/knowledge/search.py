"""Finds the article that answers a customer's question.

Each article is indexed per language from its questions, title and keywords. A question
is scored by how much of its (IDF-weighted) information an article covers, plus how
closely it resembles one of the article's questions (rapidfuzz), then adjusted for the
product category, model and error code known in the conversation or named in the
question; an error code shown that has its own article outranks the fault described
beside it. Before those adjustments the ranker (``ranker.py``), which learnt from
customers' own wording, raises the textual score in proportion to how likely it finds
the article (up to double for an article it is sure of).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz, process

from bot.knowledge.lexicon import Lexicon
from bot.knowledge.model import Article, KnowledgeBase
from bot.knowledge.ranker import Ranker
from bot.knowledge.text import find_error_codes, normalise, tokens
from bot.language import Language

__all__ = ["CATEGORY_WORDS", "INTENT_TOPICS", "Match", "SearchIndex"]

#: Words naming a category: Chinese words and English phrases are found anywhere in the
#: text, single English words only as whole words ("ac", not the "ac" in "back").
CATEGORY_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "washing_machine": (
        "洗衣机",
        "滚筒",
        "波轮",
        "洗烘",
        "washer",
        "washing machine",
        "laundry",
        "w/m",
    ),
    "refrigerator": ("冰箱", "雪柜", "冷藏", "冷冻", "fridge", "refrigerator", "freezer"),
    "air_conditioner": (
        "空调",
        "挂机",
        "柜机",
        "内机",
        "外机",
        "aircon",
        "air con",
        "air conditioner",
        "ac",
        "a/c",
        "indoor unit",
        "outdoor unit",
    ),
    "water_heater": ("热水器", "water heater", "boiler", "geyser", "heater"),
    "water_purifier": ("净水", "滤芯", "purifier", "water filter", "ro"),
}
#: The article topics each knowledge intent asks about.
INTENT_TOPICS: Final[dict[str, tuple[str, ...]]] = {
    "ask_fees": ("charges", "spare_parts"),
    "ask_warranty": ("warranty", "returns"),
    "report_fault": ("error_code", "troubleshooting", "maintenance", "usage"),
    "ask_product": ("usage", "maintenance", "installation", "spare_parts"),
    "ask_service": ("service", "contact", "membership", "installation", "spare_parts"),
}
_TOPIC_BOOST: Final = 0.15
_FUZZY_WEIGHT: Final = 0.35
_CATEGORY_BOOST: Final = 0.25
_GENERAL_CATEGORY_BOOST: Final = 0.15
#: An article written for the customer's own model is as pointed as one for its category.
_MODEL_BOOST: Final = 0.25
_TYPO_CUTOFF: Final = 85
_NO_CODE_FACTOR: Final = 0.9
#: A fault described beside an error code that has its own article: the code says more.
_CODE_SHOWN_FACTOR: Final = 0.7
#: How much the ranker's certainty raises a score: ``score × (1 + weight × p)``.
_RANKER_WEIGHT: Final = 1.0


@dataclass(frozen=True)
class Match:
    """An article and how well it answers the question (0 to about 3)."""

    article: Article
    score: float


@dataclass
class _Doc:
    article: Article
    weights: dict[str, float]
    questions: list[str]


class SearchIndex:
    """In-memory retrieval over every article, per language.

    Args:
        knowledge_base: The validated knowledge base.
    """

    def __init__(self, knowledge_base: KnowledgeBase) -> None:
        self._kb = knowledge_base
        self._docs: dict[Language, list[_Doc]] = {}
        self._idf: dict[Language, dict[str, float]] = {}
        self._vocabulary: dict[Language, list[str]] = {}
        self._question_owner: dict[Language, list[int]] = {}
        self._question_texts: dict[Language, list[str]] = {}
        self._rankers: dict[Language, Ranker] = {}
        self._models = {m.lower(): m for m in knowledge_base.models}
        self._lexicon = Lexicon(knowledge_base.lexicon)
        for language in ("zh", "en"):
            self._build(language)

    def _build(self, language: Language) -> None:
        docs = []
        document_frequency: Counter[str] = Counter()
        examples: list[tuple[str, list[str]]] = []
        for article in self._kb.articles.values():
            weights: dict[str, float] = {}
            texts = [*article.questions[language], article.title(language)]
            for text in texts:
                terms = self._terms(normalise(text))
                examples.append((article.id, terms))
                for token in terms:
                    weights[token] = 1.0
            for keyword in article.keywords[language]:
                terms = self._terms(normalise(keyword))
                examples.append((article.id, terms))
                for token in terms:
                    weights[token] = 1.5
            docs.append(_Doc(article, weights, [normalise(t) for t in texts]))
            document_frequency.update(weights.keys())
        total = len(docs) or 1
        self._idf[language] = {
            token: math.log(1 + total / count) for token, count in document_frequency.items()
        }
        self._docs[language] = docs
        self._vocabulary[language] = sorted(document_frequency)
        self._question_texts[language] = [q for d in docs for q in d.questions]
        self._question_owner[language] = [i for i, d in enumerate(docs) for _ in d.questions]
        examples += [
            (p.article, self._terms(normalise(p.text)))
            for p in self._kb.phrasings
            if p.language == language
        ]
        self._rankers[language] = Ranker(examples)

    def detect_category(self, text: str) -> str | None:
        """Returns the product category a question names (directly or by model)."""
        model = self.detect_model(text)
        if model is not None:
            return self._kb.models[model].category
        return self._named_category(text)

    @staticmethod
    def _named_category(text: str) -> str | None:
        """Returns the category whose name (not model) the text names first.

        "gas water heater won't light, a smell of gas in the laundry" is about the
        heater: the appliance named first is the one the message is about.
        """
        lowered = normalise(text)
        first: tuple[int, str] | None = None
        for category, names in CATEGORY_WORDS.items():
            for name in names:
                pattern = rf"(?<![a-z]){re.escape(name)}(?![a-z])" if name.isascii() else name
                found = re.search(pattern, lowered)
                if found and (first is None or found.start() < first[0]):
                    first = (found.start(), category)
        return first[1] if first else None

    def mentions(self, text: str, kind: str) -> bool:
        """Whether ``text`` mentions a lexicon concept of ``kind`` ("不制冷" is a fault)."""
        return self._lexicon.mentions(text, kind)

    def detect_model(self, text: str, *, fuzzy: bool = True) -> str | None:
        """Returns the catalogue model a question names.

        Spacing, case and a missing dash never matter (``wm8012`` is ``WM-8012``); with
        ``fuzzy`` a digit typo is tolerated too (``WM-8021``), which suits answering
        questions but not recording which unit a customer has.
        """
        lowered = normalise(text)
        for token in re.split(r"[\s,，。;；:：]+", lowered):
            if token in self._models:
                return self._models[token]
        if not fuzzy:
            return next(
                (
                    m
                    for k, m in self._models.items()
                    if re.search(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])", lowered)
                ),
                None,
            )
        for candidate in tokens(lowered):
            if "-" in candidate and candidate[:2] in {"wm", "rf", "ac", "wh", "wp"}:
                best = process.extractOne(
                    candidate, list(self._models), scorer=fuzz.ratio, score_cutoff=80
                )
                if best is not None:
                    return self._models[best[0]]
        return None

    def search(
        self,
        question: str,
        language: Language,
        *,
        category: str | None = None,
        model: str | None = None,
        intent: str | None = None,
        topics: Collection[str] | None = None,
        limit: int = 3,
    ) -> list[Match]:
        """Returns the best articles for a question, best first.

        Args:
            question: What the customer asked.
            language: The language to match in.
            category: Product category known in the conversation, if any; one named in
                the question takes precedence.
            model: Catalogue model known in the conversation, if any.
            intent: The intent the NLU model read in the question, if any; articles of
                the topics it asks about are preferred.
            topics: Only articles of these topics, if given.
            limit: How many matches to return.
        """
        text = normalise(question)
        named_model = self.detect_model(question)
        named_category = (
            self._kb.models[named_model].category
            if named_model is not None
            else self._named_category(question)
        )
        category = named_category or category
        model = named_model or model
        codes = set(find_error_codes(text))
        query = self._query_tokens(text, language)
        idf = self._idf[language]
        query_weight = sum(idf.get(t, 0.5) for t in query) or 1.0
        likely = self._rankers[language].posterior(
            query,
            among=None
            if category is None
            else [a.id for a in self._kb.articles.values() if _fits(a, category)],
        )

        fuzzy = dict.fromkeys(range(len(self._docs[language])), 0.0)
        for _, score, index in process.extract(
            text,
            self._question_texts[language],
            scorer=fuzz.token_set_ratio,
            limit=40,
        ):
            owner = self._question_owner[language][index]
            fuzzy[owner] = max(fuzzy[owner], score / 100)

        matches = []
        for index, doc in enumerate(self._docs[language]):
            if topics is not None and doc.article.topic not in topics:
                continue
            covered = sum(idf.get(t, 0.5) * doc.weights[t] for t in query if t in doc.weights)
            score = covered / query_weight + _FUZZY_WEIGHT * fuzzy[index]
            score *= 1 + _RANKER_WEIGHT * likely.get(doc.article.id, 0.0)
            score = self._adjust(score, doc.article, category, model, codes)
            if doc.article.topic in INTENT_TOPICS.get(intent or "", ()):
                score += _TOPIC_BOOST
            matches.append(Match(doc.article, score))
        if any(m.score > 0 and _shows(m.article, codes, category) for m in matches):
            matches = [
                Match(m.article, m.score * _CODE_SHOWN_FACTOR)
                if m.article.topic == "troubleshooting"
                else m
                for m in matches
            ]
        matches.sort(key=lambda m: m.score, reverse=True)
        return matches[:limit]

    def _terms(self, text: str) -> list[str]:
        """A normalised text's words and the concepts it mentions."""
        return [*tokens(text), *self._lexicon.concepts(text)]

    def _query_tokens(self, text: str, language: Language) -> list[str]:
        vocabulary = self._vocabulary[language]
        known = self._idf[language]
        out = []
        for token in self._terms(text):
            if token in known or len(token) < 4 or not token.isascii() or token[0] == "~":
                out.append(token)
                continue
            best = process.extractOne(
                token, vocabulary, scorer=fuzz.ratio, score_cutoff=_TYPO_CUTOFF
            )
            out.append(best[0] if best else token)
        return out

    @staticmethod
    def _adjust(
        score: float, article: Article, category: str | None, model: str | None, codes: set[str]
    ) -> float:
        if category is not None and article.categories:
            score = score + _CATEGORY_BOOST if category in article.categories else score * 0.5
        elif category is not None:
            # An article for every category applies to this one too, if less pointedly.
            score += _GENERAL_CATEGORY_BOOST
        if model is not None and model in article.models:
            score += _MODEL_BOOST
        if codes:
            if codes & _keywords(article):
                score += 0.4
            elif article.topic == "error_code":
                score *= 0.5
        elif article.topic == "error_code":
            # No code on the display: the fault described is likelier the answer.
            score *= _NO_CODE_FACTOR
        return score


def _shows(article: Article, codes: set[str], category: str | None) -> bool:
    """Whether ``article`` explains one of the error codes shown (on this appliance)."""
    if article.topic != "error_code" or (category is not None and not _fits(article, category)):
        return False
    return bool(codes & _keywords(article))


def _keywords(article: Article) -> set[str]:
    """An article's keywords in both languages, lower-cased (error codes among them)."""
    return {k.lower() for k in (*article.keywords["zh"], *article.keywords["en"])}


def _fits(article: Article, category: str) -> bool:
    """Whether an article can answer a question about ``category``."""
    return not article.categories or category in article.categories
