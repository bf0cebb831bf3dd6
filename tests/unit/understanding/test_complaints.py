from __future__ import annotations

import pytest

from bot.understanding.complaints import category_of, says_what_happened


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("我要投诉", False),
        ("投诉！", False),
        ("我想投诉一下你们", False),
        ("I want to make a complaint", False),
        ("I'd like to complain", False),
        ("complain", False),
        ("/complain", False),
        ("你们师傅态度太差了，还骂人", True),
        ("我想反映一下上周发生的事情", True),
        ("The technician never came, I waited all day", True),
    ],
)
def test_says_what_happened(text: str, says: bool) -> None:
    assert says_what_happened(text) is says


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("师傅多收了我两百块钱上门费", "charges"),
        ("the fridge is smoking and sparks came out", "product_quality"),
        ("我想反映一下上周发生的事情", None),
    ],
)
def test_category_of(text: str, category: str | None) -> None:
    assert category_of(text) == category
