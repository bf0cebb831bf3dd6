"""The agents' stream position: written and read back, anything else refused."""

from __future__ import annotations

import pytest

from bot.live.agent_cursor import AgentCursor, InvalidCursorError


def test_a_cursor_reads_back_as_written() -> None:
    cursor = AgentCursor(event=41, message=1022, callback=3)
    assert str(cursor) == "e41.m1022.c3"
    assert AgentCursor.parse(str(cursor)) == cursor
    assert AgentCursor.parse(" e0.m0.c0 ") == AgentCursor()


@pytest.mark.parametrize(
    "text", ["", "41", "e41.m1022", "e-1.m0.c0", "e1.m2.c3.d4", "x1.m2.c3", "e1.m2.c" + "9" * 19]
)
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(InvalidCursorError):
        AgentCursor.parse(text)
