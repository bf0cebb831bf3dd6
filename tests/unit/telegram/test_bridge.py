"""Our messages as Telegram messages: short callback data, keyboards, long texts, agents' names."""

from __future__ import annotations

from bot.conversations.model import Button
from bot.telegram.bridge import MAX_TEXT, callback_key, keyboard, outgoing, payload_for, split_text
from bot.telegram.chats import language_of_user

LONG = (
    '/inform{"article_id": "washer-e21-drain-blocked", "model": "WM-8012", "x": "' + "y" * 80 + '"}'
)


def test_callback_data_fits_telegrams_64_bytes_whatever_the_payload() -> None:
    for payload in ("/book_repair", LONG, "/选择{}"):
        key = callback_key(payload)
        assert len(key.encode()) <= 64
        assert key == callback_key(payload)
    assert callback_key("/a") != callback_key("/b")


def test_a_key_maps_back_only_to_a_button_offered() -> None:
    offered = [Button("Book", "/book_repair"), Button("Article", LONG)]
    assert payload_for(callback_key(LONG), offered) == LONG
    assert payload_for(callback_key("/request_human"), offered) is None
    assert payload_for("/book_repair", offered) is None
    assert payload_for("", offered) is None


def test_buttons_become_an_inline_keyboard_one_a_row() -> None:
    markup = keyboard([Button("Book", "/book_repair"), Button("Help", "/help")])
    assert markup is not None
    rows = markup.inline_keyboard
    assert [[b.text for b in row] for row in rows] == [["Book"], ["Help"]]
    assert rows[0][0].callback_data == callback_key("/book_repair")
    assert keyboard([]) is None


def test_long_text_is_split_at_line_breaks_and_the_keyboard_goes_last() -> None:
    text = "\n".join(f"line {n} " + "x" * 90 for n in range(100))
    pieces = split_text(text)
    assert all(len(piece) <= MAX_TEXT for piece in pieces)
    assert "\n".join(pieces) == text
    assert split_text("x" * (MAX_TEXT + 1)) == ["x" * MAX_TEXT, "x"]
    messages = outgoing(
        sender="bot", text=text, buttons=[Button("Book", "/b")], author=None, language="en"
    )
    assert [m.markup is not None for m in messages] == [False] * (len(messages) - 1) + [True]


def test_an_agents_message_carries_the_agents_name() -> None:
    (message,) = outgoing(
        sender="agent", text="On my way", buttons=(), author="Alice", language="en"
    )
    assert message.text == "Alice: On my way"
    (empty,) = outgoing(sender="bot", text="  ", buttons=(), author=None, language="en")
    assert empty.text


def test_the_users_interface_language_picks_the_first_language() -> None:
    assert language_of_user("zh-hans") == "zh"
    assert language_of_user("en-GB") == "en"
    assert language_of_user("de") == "en"
    assert language_of_user(None) == "zh"
