import pytest

from bot.conversations import neutralise_intent_shortcut


@pytest.mark.parametrize(
    ("typed", "forwarded"),
    [
        ("/greet", "／greet"),
        ('  /book_repair{"phone": "13800000000"}', '／book_repair{"phone": "13800000000"}'),
        ("//restart", "／/restart"),
        ("我的洗衣机 / 冰箱", "我的洗衣机 / 冰箱"),
        ("  hello  ", "hello"),
    ],
)
def test_typed_text_is_never_an_intent_shortcut(typed: str, forwarded: str) -> None:
    assert neutralise_intent_shortcut(typed) == forwarded
    assert not neutralise_intent_shortcut(typed).startswith("/")
