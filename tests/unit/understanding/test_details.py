"""Reading form details: model codes, names, addresses, faults and "no serial"."""

from __future__ import annotations

import pytest

from bot.understanding.details import (
    Symptom,
    customer_name,
    describes_fault,
    doesnt_know,
    fault_in,
    fault_phrase,
    has_model_letters,
    looks_like_address,
    model_like,
    says_no_serial,
    street_address,
    symptom,
)
from tests.unit.tables import READS, Arguments, Function, check, reads


def longest_kept(function: Function, longest: str) -> list[pytest.ParameterSet]:
    """``function`` keeps ``longest`` and refuses it one character longer."""
    return reads(function, (longest, longest), (longest + longest[-1], None))


@pytest.mark.parametrize(
    READS,
    [
        *reads(
            model_like,
            ("冰箱型号 RF-99", "rf-99"),
            ("model WM-8021", "wm-8021"),
            ("型号是wm 8021", "wm-8021"),
            ("fridge model rf99", "rf99"),
            ("洗衣机", None),
            ("XWM-8012", None),
            ("ac 12345", "ac 12345"),
        ),
        *reads(
            has_model_letters,
            ("wm 8012", True),
            ("2026-12-12", False),
            ("12345", False),
            ("冰箱", False),
        ),
        *reads(
            customer_name,
            ("我叫王小明", "王小明"),
            ("姓名：李娜", "李娜"),
            ("联系人是张三", "张三"),
            ("王女士。", "王女士"),
            ("my name is Anna", "Anna"),
            ("I'm Tom Smith.", "Tom Smith"),
            ("  Ms Wang! ", "Ms Wang"),
            ("我叫", None),
            ("", None),
        ),
        *longest_kept(customer_name, "x" * 40),
        *reads(
            street_address,
            (" 张江路88弄5号1201室 ", "张江路88弄5号1201室"),
            ("世纪大道", "世纪大道"),
            ("88", None),
            ("   ", None),
        ),
        *longest_kept(street_address, "路" * 200),
        *reads(
            looks_like_address,
            ("上海浦东新区张江路88弄5号", True),
            ("  88 Zhangjiang Road, Pudong  ", True),
            ("100 Caoxi Rd", True),
            ("上海", False),
            ("Shanghai", False),
            ("路88", False),
            ("浦东新区世纪公园", False),
        ),
        *reads(
            describes_fault,
            ("我家WM-8012显示E4不排水", True),
            ("冰箱不制冷了", True),
            ("空调漏水", True),
            ("my fridge is not cooling", True),
            ("the washer won't drain", True),
            ("it makes a noise", True),
            ("帮我约个师傅", False),
            ("I'd like to book a technician", False),
            ("空调要上门看看", False),
        ),
        *reads(
            symptom,
            ("不排水，显示E4", Symptom("不排水，显示E4", "E4")),
            ("it won't drain and shows e4", Symptom("it won't drain and shows e4", "E4")),
            ("  不制冷了  ", Symptom("不制冷了", None)),
            ("漏" * 600, Symptom("漏" * 500, None)),
            # One character names a fault ("noisy", "leaking"), or only says "broken".
            ("吵", Symptom("吵", None)),
            (" 漏 ", Symptom("漏", None)),
            ("坏", None),
            ("  ", None),
        ),
        *reads(
            fault_phrase,
            ("你好我家冰箱不制冷了帮我约个师傅明天上午来", "冰箱不制冷了"),
            ("我家WM-8012显示E4不排水，约个师傅", "WM-8012显示E4不排水"),
            ("您好，空调漏水，麻烦派个师傅来看看，谢谢", "空调漏水"),
            ("洗衣机用了三年了，最近不排水，帮我约个师傅", "洗衣机用了三年了，最近不排水"),
            ("帮我约个师傅，冰箱不制冷", "冰箱不制冷"),
            ("帮我约个师傅冰箱不制冷", "冰箱不制冷"),
            ("热水器不加热了，明天上午来", "热水器不加热了"),
            ("冰箱不制冷了，请尽快上门", "冰箱不制冷了"),
            ("我家的洗衣机坏了，能上门修吗", "洗衣机坏了"),
            ("空调不制冷可以上门吗", "空调不制冷"),
            ("1.5匹空调不制冷", "1.5匹空调不制冷"),
            ("预约洗涤功能不工作了", "预约洗涤功能不工作了"),
            ("my fridge is not cooling, can someone come", "fridge is not cooling"),
            (
                "Hi, my washer won't drain, shows E4. Can you send a technician tomorrow morning?",
                "washer won't drain, shows E4",
            ),
            (
                "hello the dryer is making a noise please book a technician",
                "the dryer is making a noise",
            ),
            ("The washer is leaking. I need someone to come on Saturday", "The washer is leaking"),
            ("帮我约个师傅", "帮我约个师傅"),
            ("  不排水，显示E4 ", "不排水，显示E4"),
        ),
        *reads(
            fault_in,
            ("我家WM-8012显示E4不排水，约个师傅", Symptom("WM-8012显示E4不排水", "E4")),
            ("约个师傅，显示E4", Symptom("显示E4", "E4")),
            ("坏了", Symptom("坏了", None)),
            ("坏", Symptom("坏", None)),
            ("帮我约个师傅", None),
        ),
        *reads(
            says_no_serial,
            ("没有序列号", True),
            ("铭牌磨掉了看不清", True),
            ("I don't have the serial", True),
            ("can't find it", True),
            ("WM2304001234", False),
            ("12345", False),
        ),
        *reads(
            doesnt_know,
            ("不知道", True),
            ("找不到铭牌", True),
            ("铭牌看不清", True),
            ("忘了", True),
            ("没有型号", True),
            ("I don't know", True),
            ("dunno", True),
            ("can't find it", True),
            ("no idea", True),
            ("RF-5501", False),
            ("白色那台", False),
            ("the big one", False),
        ),
    ],
)
def test_details_are_read(function: Function, arguments: Arguments, expected: object) -> None:
    check(function, arguments, expected)
