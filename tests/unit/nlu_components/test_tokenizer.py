"""``BilingualTokenizer``: Jieba segmentation without whitespace tokens, offsets intact."""

from __future__ import annotations

import pytest

from tests.unit.nlu_components.rasa_env import run_in_rasa

_SCRIPT = """
import tempfile
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from nlu_components.tokenizer import BilingualTokenizer

config = {**BilingualTokenizer.get_default_config(), "dictionary_path": "nlu_components/jieba"}
tokenizer = BilingualTokenizer.create(
    config,
    LocalModelStorage(tempfile.mkdtemp()),
    Resource("tokenizer"),
    ExecutionContext(GraphSchema({}), "test"),
)
results = {}
for text in CASES:
    tokens = tokenizer.tokenize(Message(data={"text": text}), "text")
    results[text] = [[t.text, t.start, t.end] for t in tokens]
print(json.dumps(results))
"""

#: Each text and the tokens it must give.
CASES: dict[str, list[str]] = {
    "我的洗衣机坏了": ["我", "的", "洗衣机", "坏", "了"],
    "我的洗衣机  坏了": ["我", "的", "洗衣机", "坏", "了"],
    "my  washing machine is broken": ["my", "washing", "machine", "is", "broken"],
    "  hello   there  ": ["hello", "there"],
    "上海浦东的WM-8012 不转了": ["上海", "浦东", "的", "WM", "-", "8012", "不转", "了"],
    "我在 Pudong, 空调 E4": ["我", "在", "Pudong", ",", "空调", "E4"],
    "\t \n": [],
}


@pytest.fixture(scope="module")
def tokenised() -> dict[str, list[tuple[str, int, int]]]:
    results = run_in_rasa(_SCRIPT, list(CASES))
    return {text: [(t, start, end) for t, start, end in tokens] for text, tokens in results.items()}


@pytest.mark.parametrize(("text", "expected"), CASES.items())
def test_tokens(
    tokenised: dict[str, list[tuple[str, int, int]]], text: str, expected: list[str]
) -> None:
    assert [token for token, _, _ in tokenised[text]] == expected


@pytest.mark.parametrize("text", CASES)
def test_no_whitespace_tokens_and_offsets_point_into_the_text(
    tokenised: dict[str, list[tuple[str, int, int]]], text: str
) -> None:
    for token, start, end in tokenised[text]:
        assert token.strip() == token != ""
        assert text[start:end] == token
    starts = [start for _, start, _ in tokenised[text]]
    assert starts == sorted(starts)
