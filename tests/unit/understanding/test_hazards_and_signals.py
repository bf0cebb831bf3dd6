"""What the gateway reads in every message: hazards, anger, "never mind", commands."""

from __future__ import annotations

import pytest

from bot.understanding.hazards import find_hazard
from bot.understanding.signals import changes_mind, command, is_hostile
from tests.unit.tables import READS, Arguments, Function, check, reads

TABLE = [
    *reads(
        find_hazard,
        ("洗衣机冒烟了怎么办", "fire"),
        ("空调外机冒黑烟", "fire"),
        ("微波炉里面着火了", "fire"),
        ("smoke coming out of the back of the fridge", "fire"),
        ("sparks from the socket", "sparks"),
        ("插头那里打火了", "sparks"),
        ("插座冒火花了", "sparks"),
        ("厨房有煤气味", "gas"),
        ("热水器那边好像漏气", "gas"),
        ("it smells of gas near the heater", "gas"),
        ("burning smell from the dryer", "burning"),
        ("冰箱后面有烧焦的味道", "burning"),
        ("碰了一下洗衣机被电了一下", "shock"),
        ("热水器漏电", "shock"),
        ("洗澡手碰到水有点麻麻的", "shock"),
        ("摸了一下手发麻", "shock"),
        ("麻烦帮我看看E4", None),
        ("my kid got shocked touching the fridge", "shock"),
        ("I got an electric shock from the washer", "shock"),
        ("插座进水了", "water"),
        ("水漫到插座上了还能用吗", "water"),
        ("water got into the plug socket", "water"),
        # Names, colours, emotions and everyday faults are not hazards.
        ("油烟机怎么清洗", None),
        ("抽油烟机吸力小", None),
        ("煤气灶打不着火", None),
        ("热水器点不着火", None),
        ("燃气热水器E1", None),
        ("I was shocked by the price", None),
        ("shocked to see the bill", None),
        ("smoke grey fridge in stock?", None),
        ("fire-red colour", None),
        ("洗衣机漏水怎么办", None),
        ("the freezer ice is melting", None),
        ("滚筒洗衣机E4", None),
    ),
    *reads(
        is_hostile,
        ("垃圾客服", True),
        ("你们是骗子吧", True),
        ("are you scammers?", True),
        ("useless bot", True),
        ("WTF is this", True),
        ("滚筒洗衣机不转", False),
        ("垃圾处理器坏了", False),
        ("洗衣机E4怎么办", False),
        ("thank you so much", False),
    ),
    *reads(
        changes_mind,
        ("算了", True),
        ("算了吧，谢谢", True),
        ("好吧 算了", True),
        ("不用了", True),
        ("never mind", True),
        ("Never mind!", True),
        ("ok forget it", True),
        ("cancel", True),
        ("I'm fine now", True),
        ("算了吧我还是想问一下E4热水器怎么回事", False),
        ("cancel my booking", False),
        ("", False),
    ),
    *reads(
        command,
        ("/human", "human"),
        (" /Human ", "human"),
        ("/人工", "human"),
        ("human", None),
        ("/humane", None),
    ),
]


@pytest.mark.parametrize(READS, TABLE)
def test_signals_are_read(function: Function, arguments: Arguments, expected: object) -> None:
    check(function, arguments, expected)
