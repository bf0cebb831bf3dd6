import pytest

from bot.conversations import has_control_characters, neutralise_intent_shortcut, visible


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


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("洗衣机\x00E4", "洗衣机E4"),
        ("E\u200b4 怎么办", "E4 怎么办"),
        ("\ufeffhello", "hello"),
        ("line one\nline two\ttabbed", "line one\nline two\ttabbed"),
        ("\u202eevil", "evil"),
        ("bell\x07 and del\x7f", "bell and del"),
        ("电话 139 1234 5678", "电话 139 1234 5678"),
    ],
)
def test_only_what_a_person_sees_is_kept(typed: str, kept: str) -> None:
    assert visible(typed) == kept


@pytest.mark.parametrize(
    ("text", "found"), [("alice", False), ("ali\x00ce", True), ("a\tb", False), ("a\x1bb", True)]
)
def test_control_characters_are_found(text: str, found: bool) -> None:
    assert has_control_characters(text) is found
