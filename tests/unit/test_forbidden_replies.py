"""No reply the assistant can give contains a phrase the service principles forbid.

Every response in the domain, every catalogue entry (rendered) and every
knowledge-base answer is checked, in both
languages (docs: ../shared/SERVICE_PRINCIPLES.md, "Words").
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

import pytest
import yaml

from bot.knowledge import load_knowledge_base
from bot.language import Language
from bot.stack import PROJECT_ROOT
from bot.texts import MESSAGES, render

FORBIDDEN_ZH = (
    "不知道",
    "不清楚",
    "这个型号就是这样",
    "就是这样的",
    "设计问题",
    "老型号",
    "已经不卖了",
    "没有配件",
    "修不了",
    "你退了吧",
    "退了吧",
    "换个牌子",
    "买别的牌子",
    "经常坏",
    "等配件吧",
    "找有关部门",
    "我无法解决",
    "无法解决您的问题",
)
FORBIDDEN_EN = (
    r"\bi don'?t know\b",
    r"\bnot sure\b",
    r"\bnot clear\b",
    r"just how (this|the) model is",
    r"design (problem|flaw)",
    r"\bold model\b",
    r"no longer sell",
    r"no spare parts",
    r"cannot be repaired",
    r"can'?t (be )?fix(ed)?",
    r"(just|simply|better) return it|fix it,? (just )?return it",
    r"(buy|try) (another|a different) brand",
    r"breaks a lot",
    r"wait (until|till) the parts",
    r"another department",
    r"can'?t solve your problem",
)


LANGUAGES: tuple[Language, ...] = ("zh", "en")


def _replies() -> Iterator[tuple[str, str]]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    for name, variants in domain["responses"].items():
        for variant in variants:
            yield name, variant.get("text", "")
            for b in variant.get("buttons", []):
                yield f"{name} button", b["title"]
    for key, message in MESSAGES.items():
        fields = {name for _, name, _, _ in string.Formatter().parse(message.en) if name}
        for language in LANGUAGES:
            yield f"message {key} ({language})", render(key, language, **dict.fromkeys(fields, ""))
    kb = load_knowledge_base(PROJECT_ROOT / "knowledge_base")
    for article in kb.articles.values():
        for language in LANGUAGES:
            yield f"article {article.id} ({language})", article.answer(language)
            yield f"article {article.id} title", article.title(language)


REPLIES = list(_replies())


def test_every_reply_is_checked() -> None:
    assert len(REPLIES) > 400


@pytest.mark.parametrize("phrase", FORBIDDEN_ZH)
def test_no_forbidden_chinese_phrase(phrase: str) -> None:
    assert [where for where, text in REPLIES if phrase in text] == []


@pytest.mark.parametrize("pattern", FORBIDDEN_EN)
def test_no_forbidden_english_phrase(pattern: str) -> None:
    found = re.compile(pattern, re.IGNORECASE)
    assert [where for where, text in REPLIES if found.search(text)] == []
