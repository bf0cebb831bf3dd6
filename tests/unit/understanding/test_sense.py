"""Sense checks on form answers: noise, numbers and addresses where they cannot belong."""

from __future__ import annotations

import pytest

from bot.texts import MESSAGES
from bot.understanding.sense import (
    QUERIES,
    doubt,
    is_gibberish,
    is_hostile_remark,
    looks_like_phone,
    query,
    shown,
    unknown_model_answer,
    what_it_looks_like,
)
from tests.unit.tables import READS, Arguments, Function, check, reads

TABLE = [
    *reads(
        is_gibberish,
        # Keyboard mash, noise and punctuation.
        ("asdfgh", True),
        ("jjjjjj", True),
        ("啊啊啊啊", True),
        ("。。。", True),
        ("123123", True),
        ("qwerty lol", True),
        ("ASDF", True),
        ("sdfsdf", True),
        ("fjdksla", True),
        ("poiuy", True),
        ("zxcvbnm", True),
        ("hahaha", True),
        ("哈哈哈", True),
        ("嗯嗯", True),
        ("测试", True),
        ("test", True),
        ("???", True),
        ("…", True),
        ("！！！", True),
        ("abc", True),
        ("asd123", True),
        ("88", True),
        # Real descriptions, however short.
        ("不制冷", False),
        ("leaks", False),
        ("E4", False),
        ("e4", False),
        ("吵", False),
        ("漏", False),
        ("坏了", False),
        ("声音很大", False),
        ("有异味", False),
        ("不转", False),
        ("noisy", False),
        ("dead", False),
        ("no power", False),
        ("won't start", False),
        ("too loud", False),
        ("rattles", False),
        ("it hums", False),
        ("ice inside", False),
        ("F1", False),
        ("显示88", False),
        ("WM-8012", False),
        ("bu zhi leng", False),
        ("asdf 不制冷", False),
        ("吵吵吵", False),
        ("嗯，漏水", False),
        ("hello", False),
        # Names are words too.
        ("王小明", False),
        ("Coco", False),
        ("Ng", False),
        ("Tom Smith", False),
    ),
    *reads(
        looks_like_phone,
        ("13812345678", True),
        ("138 1234 5678", True),
        ("+86 138-1234-5678", True),
        ("我的手机是13812345678", True),
        ("my number is +44 7700 900123", True),
        ("88-5-1201", True),
        ("1201", True),
        ("５号楼１２０１室", False),
        ("张江路88弄5号1201室", False),
        ("88 Zhangjiang Road", False),
        ("88", False),
        ("王女士", False),
    ),
    *reads(
        what_it_looks_like,
        ("13812345678", "phone"),
        ("123123", "phone"),
        ("浦东新区张江路88弄5号", "address"),
        ("上海市浦东新区世纪大道", "address"),
        ("Room 1201, Building 5", "address"),
        ("12 Baker Street", "address"),
        ("asdfgh", "gibberish"),
        ("啊啊啊啊", "gibberish"),
        ("王小明", "text"),
        ("我叫王小明", "text"),
        ("Lois Lane", "text"),
        ("my name is Anna", "text"),
        ("不制冷", "text"),
        ("wm8012", "text"),
    ),
    *reads(
        doubt,
        ("symptom", "asdfgh", "sense_gibberish"),
        ("symptom", "13812345678", "sense_gibberish"),
        ("symptom", "不制冷", None),
        ("symptom", "冰箱在5号楼漏水了", None),
        ("complaint_description", "qwerty lol", "sense_gibberish"),
        ("complaint_description", "师傅迟到了三个小时", None),
        ("address", "13812345678", "sense_address_phone"),
        ("address", "88-5-1201", "sense_address_phone"),
        ("address", "jjjjjj", "sense_gibberish"),
        ("address", "张江路88弄5号1201室", None),
        ("address", "世纪大道", None),
        ("customer_name", "13812345678", "sense_customer_name_phone"),
        ("customer_name", "浦东新区张江路88弄5号", "sense_customer_name_address"),
        ("customer_name", "Flat 3, 12 Baker Street", "sense_customer_name_address"),
        ("customer_name", "asdf", "sense_gibberish"),
        ("customer_name", "王女士", None),
        ("customer_name", "Lois Lane", None),
        ("phone", "asdfgh", None),
        ("city", "13812345678", None),
    ),
    *reads(
        query,
        ("symptom", "asdfgh", None, "sense_gibberish"),
        ("symptom", "asdfgh", "address", "sense_gibberish"),
        ("symptom", "asdfgh", "symptom", None),
        ("address", "13812345678", "address", None),
        ("customer_name", "13812345678", "symptom", "sense_customer_name_phone"),
    ),
    *reads(
        shown,
        ("  asdf\n gh ", "asdf gh"),
        ("啊" * 30, "啊" * 30),
        ("啊" * 31, "啊" * 29 + "…"),
    ),
    *reads(
        is_hostile_remark,
        ("你们是骗子吧", True),
        ("are you scammers?", True),
        ("this is a joke, useless company", True),
        ("坑人", True),
        ("你们这什么破服务", True),
        ("fuck this", True),
        ("what a joke", True),
        # Anger that also says what is wrong is an answer.
        ("这破冰箱又不制冷了，妈的", False),
        ("骗子，多收了我两百块", False),
        ("垃圾客服，师傅到现在还没来", False),
        ("the damn thing shows E4", False),
        ("不制冷", False),
        ("thank you", False),
    ),
]


@pytest.mark.parametrize(READS, TABLE)
def test_answers_are_sense_checked(
    function: Function, arguments: Arguments, expected: object
) -> None:
    check(function, arguments, expected)


@pytest.mark.parametrize(
    ("text", "queried", "expected"),
    [
        ("不知道", False, "skip"),
        ("找不到", False, "skip"),
        ("铭牌看不清", False, "skip"),
        ("I don't know", False, "skip"),
        ("can't find it", False, "skip"),
        ("no idea", False, "skip"),
        ("RF-99", False, "query"),
        ("白色那台", False, "query"),
        ("RF-99", True, "skip"),
        ("白色那台", True, "skip"),
    ],
)
def test_an_answer_naming_no_model_is_queried_once_or_skipped(
    text: str, queried: bool, expected: str
) -> None:
    assert unknown_model_answer(text, queried=queried) == expected


def test_every_query_is_a_catalogue_entry() -> None:
    keys = {key for kinds in QUERIES.values() for key in kinds.values()}
    assert keys <= set(MESSAGES)
