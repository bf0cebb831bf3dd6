"""No customer-facing sentence is written outside the catalogue (``bot/texts``).

Every string literal with Chinese characters in ``actions/`` and ``bot/`` must live in
the catalogue, except in the modules that hold *input vocabulary*: the words customers
write, which the assistant reads (patterns and keywords), never writes. Docstrings are
documentation and are not checked.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.stack import PROJECT_ROOT

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Modules that read what customers write, with why.
INPUT_VOCABULARY: dict[str, str] = {
    "bot/understanding": "detectors of questions, requests and details",
    "bot/language.py": "language detection, pinyin shorthand",
    "bot/parsing.py": "dates as customers write them (今天, 3月15号)",
    "bot/repairs/preference.py": "preferred days and times (周六上午, 明天下午)",
    "bot/complaints/triage.py": "safety words that make a complaint critical",
    "bot/complaints/categories.py": "words that suggest a complaint's category",
    "bot/knowledge/text.py": "normalisation of customers' spellings",
    "bot/knowledge/search.py": "category words in questions",
    "bot/services.py": "the warm-up query",
}


def _vocabulary(path: str) -> bool:
    return any(path == name or path.startswith(name + "/") for name in INPUT_VOCABULARY)


def _docstrings(tree: ast.AST) -> set[int]:
    nodes = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, nodes) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _chinese_literals(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and _HAN.search(node.value)
        ):
            yield f"{node.lineno}: {node.value[:40]!r}"


SOURCES = sorted(
    path.relative_to(PROJECT_ROOT).as_posix()
    for folder in ("actions", "bot")
    for path in (PROJECT_ROOT / folder).rglob("*.py")
    if not path.relative_to(PROJECT_ROOT).as_posix().startswith("bot/texts/")
)


def test_the_scan_reads_the_code() -> None:
    assert len(SOURCES) > 50
    assert "actions/common.py" in SOURCES


@pytest.mark.parametrize("source", [s for s in SOURCES if not _vocabulary(s)])
def test_no_chinese_text_outside_the_catalogue(source: str) -> None:
    assert list(_chinese_literals(PROJECT_ROOT / source)) == []


def test_every_vocabulary_module_exists() -> None:
    for name in INPUT_VOCABULARY:
        assert (PROJECT_ROOT / name).exists(), name


def test_the_scan_finds_chinese_text(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('"""文档。"""\nREPLY = "您好"\n', encoding="utf-8")
    assert list(_chinese_literals(sample)) == ["2: '您好'"]
