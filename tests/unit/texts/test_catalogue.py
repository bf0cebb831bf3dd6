"""Every catalogue entry renders in both languages, with the same values in each."""

from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path

import pytest

from bot import texts
from bot.language import Language
from bot.texts import CONCERNS, MESSAGES, CatalogueError, UnknownTextError, concern, render

_HAN = re.compile(r"[\u4e00-\u9fff]")
#: Chinese terms an English reply may name on purpose, as customers see them on paper.
_TERMS_KEPT_IN_ENGLISH = ("三包",)
ENTRIES = sorted(MESSAGES)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _sample_values(key: str) -> dict[str, object]:
    names = _fields(MESSAGES[key].zh) | _fields(MESSAGES[key].en)
    return {name: f"<{name}>" for name in names}


def test_keys_are_unique_across_concerns() -> None:
    seen: dict[str, str] = {}
    for name in CONCERNS:
        for key in concern(name):
            assert key not in seen, f"{key} is in both {seen[key]} and {name}"
            seen[key] = name
    assert set(seen) == set(MESSAGES)


@pytest.mark.parametrize("key", ENTRIES)
def test_both_languages_take_the_same_values(key: str) -> None:
    assert _fields(MESSAGES[key].zh) == _fields(MESSAGES[key].en)


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("key", ENTRIES)
def test_every_entry_renders(key: str, language: Language) -> None:
    text = render(key, language, **_sample_values(key))
    assert text.strip()
    assert "{" not in text
    assert "}" not in text
    for name in _sample_values(key):
        assert f"<{name}>" in text
    plain = text
    for term in _TERMS_KEPT_IN_ENGLISH:
        plain = plain.replace(term, "")
    if language == "en":
        assert not _HAN.search(plain), f"{key}: Chinese in the English text"
    else:
        # Every Chinese entry with words in it has Chinese words: no English left behind.
        words = re.sub(r"\{[^}]*\}", "", MESSAGES[key].zh)
        assert _HAN.search(text) or not re.search(r"[^\W\d_]", words), key


def test_an_unknown_key_is_refused() -> None:
    with pytest.raises(UnknownTextError):
        render("no_such_entry", "zh")


def test_values_are_filled_in() -> None:
    key = next(k for k in ENTRIES if _fields(MESSAGES[k].en))
    values = {name: date(2026, 12, 3) for name in _fields(MESSAGES[key].en)}
    assert "2026-12-03" in render(key, "en", **values)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("greeting:\n  zh: 您好\n", "needs exactly 'zh' and 'en'"),
        ("greeting:\n  zh: 您好 {name}\n  en: Hello\n", "take different values"),
        ("- a list\n", "expected a mapping"),
    ],
)
def test_a_malformed_file_names_the_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, problem: str
) -> None:
    (tmp_path / "general.yml").write_text(content, encoding="utf-8")
    monkeypatch.setattr(texts, "_FOLDER", tmp_path)
    concern.cache_clear()
    try:
        with pytest.raises(CatalogueError, match=problem):
            concern("general")
    finally:
        concern.cache_clear()
