"""Loads and validates the knowledge base; every problem names its file and item."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import yaml

from bot.knowledge.model import (
    Article,
    Category,
    ChargeItem,
    Concept,
    KnowledgeBase,
    Localized,
    Periods,
    Phrasing,
    ProductModel,
    Source,
    WarrantyTerms,
)
from bot.knowledge.render import Facts, PlaceholderError
from bot.language import Language

__all__ = [
    "ARTICLE_TOPICS",
    "CONCEPT_KINDS",
    "NEXT_STEPS",
    "KnowledgeBaseError",
    "load_knowledge_base",
]

ARTICLE_TOPICS: Final = frozenset(
    {
        "warranty",
        "returns",
        "charges",
        "maintenance",
        "error_code",
        "troubleshooting",
        "usage",
        "installation",
        "spare_parts",
        "service",
        "membership",
        "contact",
    }
)
NEXT_STEPS: Final = frozenset({"book_repair", "check_warranty", "human", "none"})
CONCEPT_KINDS: Final = frozenset({"fault", "rights", "money", "people", "choice"})
MIN_QUESTIONS: Final = 3
_LANGUAGES: Final[tuple[Language, ...]] = ("zh", "en")


class KnowledgeBaseError(Exception):
    """The knowledge base is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            f"{len(problems)} problem(s) in the knowledge base:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
        self.problems = problems


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.items.append(f"{where}: {problem}")


def _read(path: Path, problems: _Problems) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.add(str(path), "file is missing")
    except yaml.YAMLError as exc:
        problems.add(str(path), f"not valid YAML: {exc}")
    return None


def _localized(value: Any, where: str, field: str, problems: _Problems) -> Localized:
    if not isinstance(value, dict):
        problems.add(where, f"'{field}' needs a Chinese (zh) and an English (en) text")
        return Localized("", "")
    texts = {}
    for language in _LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            name = "Chinese" if language == "zh" else "English"
            problems.add(where, f"'{field}' has no {name} ({language}) text")
            text = ""
        texts[language] = text.strip()
    return Localized(zh=texts["zh"], en=texts["en"])


def _items(
    data: Any, key: str, path: Path, problems: _Problems
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yields (where, item) for each item of a list, reporting duplicates and missing ids."""
    seen: set[str] = set()
    values = (data or {}).get(key) if isinstance(data, dict) else None
    if not isinstance(values, list):
        problems.add(str(path), f"'{key}' must be a list")
        return
    for index, item in enumerate(values):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            problems.add(f"{path}: {key}[{index}]", "needs an 'id'")
            continue
        where = f"{path}: {key[:-1] if key.endswith('s') else key} '{item['id']}'"
        if item["id"] in seen:
            problems.add(where, "duplicate id")
            continue
        seen.add(item["id"])
        yield where, item


def _terms(data: Any, path: Path, problems: _Problems, sources: dict[str, Source]) -> WarrantyTerms:
    where = str(path)
    if not isinstance(data, dict):
        problems.add(where, "missing")
        return WarrantyTerms("", 0, 0, {})
    if data.get("source") not in sources:
        problems.add(where, f"unknown source {data.get('source')!r}")
    periods = {}
    for category, value in (data.get("periods") or {}).items():
        try:
            periods[category] = Periods(int(value["whole_unit"]), int(value["main_parts"]))
        except (KeyError, TypeError, ValueError):
            problems.add(f"{where}: periods of {category}", "needs whole_unit and main_parts years")
    try:
        return WarrantyTerms(
            str(data.get("source")), int(data["return_days"]), int(data["exchange_days"]), periods
        )
    except (KeyError, TypeError, ValueError):
        problems.add(where, "needs return_days and exchange_days")
        return WarrantyTerms("", 0, 0, periods)


def load_knowledge_base(directory: Path) -> KnowledgeBase:
    """Loads every file of the knowledge base and checks it thoroughly.

    Checks: both languages everywhere, unique ids, every category, model, source and
    charge an item refers to exists, every placeholder resolves, article topics and next
    steps are known, each article has enough questions.

    Args:
        directory: The ``knowledge_base`` folder.

    Returns:
        The validated knowledge base, with article answers rendered.

    Raises:
        KnowledgeBaseError: Anything is wrong; it lists every problem.
    """
    problems = _Problems()

    sources_path = directory / "sources.yml"
    sources = {
        item["id"]: Source(item["id"], _localized(item.get("title"), where, "title", problems))
        for where, item in _items(_read(sources_path, problems), "sources", sources_path, problems)
    }

    products_path = directory / "products.yml"
    products = _read(products_path, problems)
    categories = {}
    for where, item in _items(products, "categories", products_path, problems):
        parts = tuple(
            _localized(p.get("name") if isinstance(p, dict) else None, where, "main part", problems)
            for p in item.get("main_parts") or []
        )
        if not parts:
            problems.add(where, "lists no main parts")
        categories[item["id"]] = Category(
            item["id"], _localized(item.get("name"), where, "name", problems), parts
        )
    models = {}
    for where, item in _items(products, "models", products_path, problems):
        if item.get("category") not in categories:
            problems.add(where, f"unknown category {item.get('category')!r}")
        models[item["id"]] = ProductModel(
            item["id"],
            str(item.get("category")),
            _localized(item.get("name"), where, "name", problems),
            _localized(item.get("specs"), where, "specs", problems),
        )

    warranty_path = directory / "warranty.yml"
    warranty = _read(warranty_path, problems) or {}
    statutory = _terms(warranty.get("statutory"), warranty_path, problems, sources)
    company = _terms(warranty.get("company"), warranty_path, problems, sources)
    for category in categories:
        if category not in company.periods:
            problems.add(str(warranty_path), f"company periods miss category {category!r}")
    for category in {*company.periods, *statutory.periods} - set(categories):
        problems.add(str(warranty_path), f"periods name unknown category {category!r}")

    charges_path = directory / "charges.yml"
    charges_data = _read(charges_path, problems) or {}
    if charges_data.get("source") not in sources:
        problems.add(str(charges_path), f"unknown source {charges_data.get('source')!r}")
    charges: dict[str, ChargeItem] = {}
    call_out = charges_data.get("call_out") or {}
    entries = [("call_out", call_out)] if call_out else []
    for key in ("labour", "parts"):
        entries += [(key, item) for item in charges_data.get(key) or []]
    for key, item in entries:
        where = f"{charges_path}: {key} '{item.get('id')}'"
        if not isinstance(item.get("id"), str):
            problems.add(f"{charges_path}: {key}", "an item needs an 'id'")
            continue
        if item["id"] in charges:
            problems.add(where, "duplicate id")
            continue
        category = item.get("category")
        if category is not None and category not in categories:
            problems.add(where, f"unknown category {category!r}")
        amount = item.get("amount")
        if not isinstance(amount, int) or amount < 0:
            problems.add(where, "amount must be a whole number of yuan, 0 or more")
            amount = 0
        charges[item["id"]] = ChargeItem(
            item["id"], amount, _localized(item.get("name"), where, "name", problems), category
        )

    service = _read(directory / "service.yml", problems) or {}
    if service.get("source") not in sources:
        problems.add(str(directory / "service.yml"), f"unknown source {service.get('source')!r}")
    facts = Facts(charges, company, statutory, categories, service)

    articles: dict[str, Article] = {}
    article_files = sorted((directory / "articles").glob("*.yml"))
    if not article_files:
        problems.add(str(directory / "articles"), "no article files")
    declared: set[str] = set()
    for path in article_files:
        for where, item in _items(_read(path, problems), "articles", path, problems):
            declared.add(item["id"])
            if item["id"] in articles:
                problems.add(where, f"id already used in {articles[item['id']].file}")
                continue
            article = _article(item, where, path, problems, facts, sources, categories, models)
            if article is not None:
                articles[article.id] = article

    lexicon = _lexicon(directory / "lexicon.yml", problems)
    phrasings = _phrasings(directory / "phrasings", problems, articles, declared)

    if problems.items:
        raise KnowledgeBaseError(problems.items)
    return KnowledgeBase(
        sources, categories, models, charges, statutory, company, articles, lexicon, phrasings
    )


def _lexicon(path: Path, problems: _Problems) -> tuple[Concept, ...]:
    """The concepts of ``lexicon.yml`` (none when there is no such file).

    Every concept needs terms in both languages; a term names one concept only.
    """
    if not path.exists():
        return ()
    concepts: list[Concept] = []
    owner: dict[tuple[Language, str], str] = {}
    for where, item in _items(_read(path, problems), "concepts", path, problems):
        if item.get("kind") not in CONCEPT_KINDS:
            problems.add(where, f"unknown kind {item.get('kind')!r}")
        terms: dict[Language, tuple[str, ...]] = {}
        for language in _LANGUAGES:
            said = tuple(str(t).strip().lower() for t in item.get(language) or [] if str(t).strip())
            if not said:
                problems.add(where, f"needs {language} terms")
            for term in said:
                if owner.get((language, term), item["id"]) != item["id"]:
                    problems.add(where, f"term {term!r} already names {owner[language, term]!r}")
                owner[language, term] = item["id"]
            terms[language] = said
        concepts.append(Concept(item["id"], terms, str(item.get("kind"))))
    return tuple(concepts)


def _phrasings(
    directory: Path, problems: _Problems, articles: dict[str, Article], declared: set[str]
) -> tuple[Phrasing, ...]:
    """The customers' messages of ``phrasings/*.yml`` (none when there is no such folder).

    Each names its language, the article that answers it (and perhaps others that answer
    it as well: ``accept``) and its text; the articles must be declared (one declared but
    invalid has its own problems reported, and its messages are left out).
    """
    phrasings: list[Phrasing] = []
    for path in sorted(directory.glob("*.yml")):
        data = _read(path, problems)
        items = data.get("questions") if isinstance(data, dict) else None
        if not isinstance(items, list):
            problems.add(str(path), "'questions' must be a list")
            continue
        for index, item in enumerate(items):
            where = f"{path}: questions[{index}]"
            if not isinstance(item, dict):
                problems.add(where, "must be a mapping")
                continue
            language, text = item.get("language"), str(item.get("text") or "").strip()
            if language not in _LANGUAGES:
                problems.add(where, f"unknown language {language!r}")
            if not text:
                problems.add(where, "needs a 'text'")
            for article in (item.get("article"), *(item.get("accept") or ())):
                if article not in declared:
                    problems.add(where, f"unknown article {article!r}")
            if language in _LANGUAGES and text and item.get("article") in articles:
                phrasings.append(Phrasing(language, item["article"], text))
    return tuple(phrasings)


def _article(
    item: dict[str, Any],
    where: str,
    path: Path,
    problems: _Problems,
    facts: Facts,
    sources: dict[str, Source],
    categories: dict[str, Category],
    models: dict[str, ProductModel],
) -> Article | None:
    before = len(problems.items)
    if item.get("topic") not in ARTICLE_TOPICS:
        problems.add(where, f"unknown topic {item.get('topic')!r}")
    next_step = item.get("next", "none")
    if next_step not in NEXT_STEPS:
        problems.add(where, f"unknown next step {next_step!r}")
    if item.get("source") not in sources:
        problems.add(where, f"unknown source {item.get('source')!r}")
    for category in item.get("categories") or []:
        if category not in categories:
            problems.add(where, f"unknown category {category!r}")
    for model in item.get("models") or []:
        if model not in models:
            problems.add(where, f"unknown model {model!r}")

    questions: dict[Language, tuple[str, ...]] = {}
    keywords: dict[Language, tuple[str, ...]] = {}
    for language in _LANGUAGES:
        asked = (item.get("questions") or {}).get(language) or []
        asked = tuple(str(q).strip() for q in asked if str(q).strip())
        if len(asked) < MIN_QUESTIONS:
            name = "Chinese" if language == "zh" else "English"
            problems.add(where, f"needs at least {MIN_QUESTIONS} {name} questions")
        questions[language] = asked
        keywords[language] = tuple(
            str(k).strip() for k in (item.get("keywords") or {}).get(language) or []
        )

    title = _localized(item.get("title"), where, "title", problems)
    raw_answer = _localized(item.get("answer"), where, "answer", problems)
    try:
        answer = Localized(
            zh=facts.render(raw_answer.zh, "zh"), en=facts.render(raw_answer.en, "en")
        )
    except PlaceholderError as exc:
        problems.add(where, str(exc))
        return None
    if len(problems.items) > before:
        return None
    return Article(
        id=item["id"],
        topic=str(item["topic"]),
        categories=tuple(item.get("categories") or ()),
        models=tuple(item.get("models") or ()),
        source=str(item["source"]),
        next_step=str(next_step),
        title=title,
        questions=questions,
        keywords=keywords,
        answer=answer,
        file=str(path),
    )
