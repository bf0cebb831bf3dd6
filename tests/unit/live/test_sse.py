"""Server-sent event frames: every line break in data starts a new data line."""

from __future__ import annotations

import json

import pytest

from bot.live.sse import KEEP_ALIVE, comment, event_frame, json_event


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("hello", "data: hello\n\n"),
        ("", "data: \n\n"),
        ("a\nb", "data: a\ndata: b\n\n"),
        ("a\r\nb", "data: a\ndata: b\n\n"),
        ("a\rb", "data: a\ndata: b\n\n"),
        ("a\n\nb", "data: a\ndata: \ndata: b\n\n"),
        ("end\n", "data: end\ndata: \n\n"),
        ("a\n\nid: 9\nevent: state", "data: a\ndata: \ndata: id: 9\ndata: event: state\n\n"),
    ],
)
def test_each_line_of_data_is_a_data_line(data: str, expected: str) -> None:
    assert event_frame(data) == expected


def test_id_event_and_retry_come_before_the_data() -> None:
    frame = event_frame("x", event="state", event_id="12", retry_ms=2000)
    assert frame == "id: 12\nevent: state\nretry: 2000\ndata: x\n\n"


@pytest.mark.parametrize("bad", ["1\n2", "a\rb", "a\r\nb", "a\0b"])
def test_ids_and_event_names_cannot_break_lines(bad: str) -> None:
    with pytest.raises(ValueError, match="line break"):
        event_frame("x", event_id=bad)
    with pytest.raises(ValueError, match="line break"):
        event_frame("x", event=bad)


def test_a_negative_retry_is_refused() -> None:
    with pytest.raises(ValueError, match="retry"):
        event_frame("x", retry_ms=-1)


def test_json_data_is_one_line_whatever_the_text() -> None:
    payload = {"text": "line one\nline two\r\n<img src=x onerror=alert(1)>", "seq": 3}
    frame = json_event(payload, event="message", event_id="3")
    lines = frame.split("\n")
    assert lines[:2] == ["id: 3", "event: message"]
    assert lines[2].startswith("data: ")
    assert lines[3:] == ["", ""]
    assert json.loads(lines[2].removeprefix("data: ")) == payload


def test_non_ascii_text_is_sent_as_is() -> None:
    assert "\u4f60\u597d" in json_event({"text": "\u4f60\u597d"}, event="message")


def test_comments_are_ignored_lines() -> None:
    assert comment() == KEEP_ALIVE == ": keep-alive\n\n"
    assert comment("a\nb") == ": a\n: b\n\n"
