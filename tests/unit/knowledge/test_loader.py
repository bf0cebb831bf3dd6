"""The knowledge base loads, and every kind of mistake is reported with file and item."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge import KnowledgeBaseError, load_knowledge_base
from bot.knowledge.loader import ARTICLE_TOPICS
from bot.stack import PROJECT_ROOT

KB_DIR = PROJECT_ROOT / "knowledge_base"


def test_the_shipped_knowledge_base_is_valid_and_complete() -> None:
    kb = load_knowledge_base(KB_DIR)
    assert len(kb.categories) >= 5
    assert len(kb.models) >= 15
    assert len(kb.articles) >= 80
    topics = {a.topic for a in kb.articles.values()}
    assert topics == set(ARTICLE_TOPICS)
    for category in kb.categories:
        codes = [
            a for a in kb.articles.values() if a.topic == "error_code" and category in a.categories
        ]
        assert len(codes) >= 5, category
    for article in kb.articles.values():
        assert "{" not in article.answer.zh, article.id
        assert "{" not in article.answer.en, article.id


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge_base"
    shutil.copytree(KB_DIR, target)
    return target


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _problems(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(directory)
    return caught.value.problems


def _first_article_file(directory: Path) -> Path:
    return sorted((directory / "articles").glob("*.yml"))[0]


def test_missing_translation_names_file_and_item(kb_copy: Path) -> None:
    path = _first_article_file(kb_copy)
    first_id = yaml.safe_load(path.read_text(encoding="utf-8"))["articles"][0]["id"]
    _edit(path, lambda d: d["articles"][0]["answer"].pop("en"))
    assert _problems(kb_copy) == [
        f"{path}: article '{first_id}': 'answer' has no English (en) text"
    ]


def test_duplicate_id_across_files(kb_copy: Path) -> None:
    files = sorted((kb_copy / "articles").glob("*.yml"))
    taken = yaml.safe_load(files[0].read_text(encoding="utf-8"))["articles"][0]["id"]

    def reuse(d: dict[str, list[dict[str, object]]]) -> None:
        d["articles"][0]["id"] = taken

    _edit(files[1], reuse)
    shutil.rmtree(kb_copy / "phrasings")  # they name the article whose id was taken
    [problem] = _problems(kb_copy)
    assert problem.startswith(f"{files[1]}: article '{taken}': id already used in {files[0]}")


def test_unknown_model_and_category(kb_copy: Path) -> None:
    path = _first_article_file(kb_copy)

    def corrupt(d: dict[str, list[dict[str, object]]]) -> None:
        d["articles"][0]["models"] = ["XX-0000"]
        d["articles"][0]["categories"] = ["toaster"]

    _edit(path, corrupt)
    problems = _problems(kb_copy)
    assert any("unknown model 'XX-0000'" in p and str(path) in p for p in problems)
    assert any("unknown category 'toaster'" in p for p in problems)


def test_model_of_unknown_category(kb_copy: Path) -> None:
    _edit(kb_copy / "products.yml", lambda d: d["models"][0].update(category="toaster"))
    [problem] = _problems(kb_copy)
    assert "products.yml: model 'WM-8012': unknown category 'toaster'" in problem


def test_unknown_placeholder(kb_copy: Path) -> None:
    path = _first_article_file(kb_copy)
    _edit(path, lambda d: d["articles"][0]["answer"].update(zh="上门费 {fee:no_such_fee}"))
    [problem] = _problems(kb_copy)
    assert "{fee:no_such_fee} names nothing known" in problem


def test_too_few_questions_and_bad_topic(kb_copy: Path) -> None:
    path = _first_article_file(kb_copy)

    def corrupt(d: dict[str, list[dict[str, object]]]) -> None:
        d["articles"][0]["questions"] = {"zh": ["一个问题"], "en": ["one", "two", "three"]}
        d["articles"][0]["topic"] = "gossip"

    _edit(path, corrupt)
    problems = _problems(kb_copy)
    assert any("needs at least 3 Chinese questions" in p for p in problems)
    assert any("unknown topic 'gossip'" in p for p in problems)


def test_charge_without_whole_amount(kb_copy: Path) -> None:
    _edit(kb_copy / "charges.yml", lambda d: d["parts"][0].update(amount="cheap"))
    problems = _problems(kb_copy)
    assert any("amount must be a whole number" in p for p in problems)


def test_invalid_yaml_is_reported(kb_copy: Path) -> None:
    (kb_copy / "products.yml").write_text("categories: [\n", encoding="utf-8")
    assert any("not valid YAML" in p for p in _problems(kb_copy))


def test_lexicon_terms_name_one_concept_in_both_languages(kb_copy: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["concepts"][0]["en"] = []
        data["concepts"][1]["zh"].append(data["concepts"][2]["zh"][0])
        data["concepts"][3]["kind"] = "mood"

    _edit(kb_copy / "lexicon.yml", change)
    problems = _problems(kb_copy)
    assert any("unknown kind 'mood'" in p for p in problems)
    assert any("needs en terms" in p for p in problems)
    assert any("already names" in p for p in problems)


def test_a_knowledge_base_without_lexicon_has_no_concepts(kb_copy: Path) -> None:
    (kb_copy / "lexicon.yml").unlink()
    assert load_knowledge_base(kb_copy).lexicon == ()


def test_phrasings_are_read_and_must_name_real_articles(kb_copy: Path) -> None:
    kb = load_knowledge_base(kb_copy)
    assert sum(p.language == "zh" for p in kb.phrasings) >= 300
    assert sum(p.language == "en" for p in kb.phrasings) >= 300
    assert {p.article for p in kb.phrasings} <= set(kb.articles)
    (kb_copy / "phrasings" / "extra.yml").write_text(
        "questions:\n"
        "  - {language: zh, article: no-such-article, text: 冰箱不冷}\n"
        "  - {language: fr, article: rf-symptom-not-cooling, text: frigo}\n"
        "  - {language: en, article: rf-symptom-not-cooling, accept: [nope], text: ''}\n",
        encoding="utf-8",
    )
    problems = _problems(kb_copy)
    where = str(kb_copy / "phrasings" / "extra.yml")
    assert f"{where}: questions[0]: unknown article 'no-such-article'" in problems
    assert f"{where}: questions[1]: unknown language 'fr'" in problems
    assert f"{where}: questions[2]: needs a 'text'" in problems
    assert f"{where}: questions[2]: unknown article 'nope'" in problems


def test_a_knowledge_base_without_phrasings_has_none(kb_copy: Path) -> None:
    shutil.rmtree(kb_copy / "phrasings")
    assert load_knowledge_base(kb_copy).phrasings == ()
