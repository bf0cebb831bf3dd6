from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.understanding.questions import (
    arranged_visit,
    asks_for_visit,
    asks_self_help,
    describes_something,
    is_question,
    wants_new_visit,
)

Detector = Callable[[str], bool]

CASES: list[tuple[Detector, str, bool]] = [
    (wants_new_visit, "预约师傅上门", True),
    (wants_new_visit, "帮我约个师傅", True),
    (wants_new_visit, "can you send someone round to fix the fridge", True),
    (wants_new_visit, "预约的师傅几点到", False),
    (wants_new_visit, "帮我把预约改到明天", False),
    (wants_new_visit, "取消预约", False),
    (wants_new_visit, "我的预约现在什么情况", False),
    (wants_new_visit, "约好的师傅怎么还没来", False),
    (wants_new_visit, "RV-7K3M9QXP 预约上门", False),
    (wants_new_visit, "cancel my appointment", False),
    (wants_new_visit, "where is the technician, my booking was for 10am", False),
    (
        wants_new_visit,
        "been waiting all morning for the repair guy, booking ref is in my email. when is he "
        "actually coming?",
        False,
    ),
    (wants_new_visit, "I'd like to book a technician for my washer", True),
    (is_question, "净水器亮E3了，是要换滤芯了吗", True),
    (is_question, "上门费多少钱", True),
    (is_question, "why do you need my serial number?", True),
    (is_question, "can you send someone tomorrow", True),
    (is_question, "过保好几年了，你们还管修不", True),
    (is_question, "能修不，多少钱", True),
    # A-not-A questions and "how long": asked without a question word or mark.
    (is_question, "冰箱买了两年半了，压缩机还保不保咯", True),
    (is_question, "修的这二十多天算不算在保修期里面的咯", True),
    (is_question, "热水器内胆保修多长时间", True),
    (is_question, "我不想要了，换个新的", False),
    (is_question, "帮我约个师傅上门", False),
    (is_question, "冰箱不制冷，帮我报修", False),
    (is_question, "send a technician to fix my washer", False),
    (asks_self_help, "空调显示E2", True),
    (asks_self_help, "H1 on my aircon what to do", True),
    (asks_self_help, "what does that mean", True),
    (asks_self_help, "冰箱不制冷了怎么办", True),
    (asks_self_help, "is it normal that the fridge clicks", True),
    (asks_self_help, "空调显示E2，帮我约个师傅", False),
    (asks_self_help, "E4 again, send someone tomorrow", False),
    (asks_self_help, "can a technician come and look at my E5", False),
    (asks_self_help, "RV-7K3M9QXP shows E4 again", False),
    (asks_self_help, "the washer is broken", False),
    (asks_for_visit, "帮我预约一下", True),
    (asks_for_visit, "能派个师傅来吗", True),
    (asks_for_visit, "please book me an engineer", True),
    (asks_for_visit, "can someone come out today", True),
    (asks_for_visit, "空调坏了 明天下午能来修吗", True),
    (asks_for_visit, "你们师傅来修一下吧", True),
    (asks_for_visit, "E4 是什么意思", False),
    # Whether a visit is needed, or how visits work: a question, not a request.
    (asks_for_visit, "洗衣机不排水，要不要叫师傅来看", False),
    (asks_for_visit, "新买的热水器安装需要预约吗", False),
    (asks_for_visit, "is it a blockage she can clear herself or do i need to send someone?", False),
    (asks_for_visit, "Does Mingjia send someone to install it or do I need my own plumber?", False),
    (asks_for_visit, "could you send someone on Saturday", True),
    (asks_for_visit, "how do I get someone out here tomorrow?", True),
    # A visit already arranged, or one that has happened.
    (asks_for_visit, "师傅明天来修热水器，我需要提前准备点啥不？", False),
    (asks_for_visit, "师傅来看了一下说不值得修，那我还要付钱吗？", False),
    (asks_for_visit, "how much does it cost", False),
    (arranged_visit, "师傅明天来修热水器", True),
    (arranged_visit, "师傅周六下午来", True),
    (arranged_visit, "师傅来过了还是不行", True),
    (arranged_visit, "你们师傅来修一下吧", False),
    (arranged_visit, "can someone come out today", False),
    # A bare detail, or a sentence (or an error code) around it.
    (describes_something, "WM-8012", False),
    (describes_something, "上海浦东", False),
    (describes_something, "13812345678", False),
    (describes_something, "E1", True),
    (describes_something, "净水器停水以后一直显示这个灯在闪", True),
    (describes_something, "the purifier keeps beeping since the water was cut off", True),
]


@pytest.mark.parametrize(
    ("detector", "text", "expected"), CASES, ids=[f"{d.__name__}-{t}" for d, t, _ in CASES]
)
def test_detectors(detector: Detector, text: str, expected: bool) -> None:
    assert detector(text) is expected
