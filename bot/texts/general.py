"""General replies: not understood, the help menu, out of scope, details acknowledged.

Values in braces are filled by the caller.
"""

from __future__ import annotations

from typing import Final

from bot.language import Localized

__all__ = ["TEXTS"]

TEXTS: Final[dict[str, Localized]] = {
    "default": Localized(
        zh="抱歉，我没能准确理解您的意思，您能换个说法再说一次吗？您也可以直接选择：",
        en="Sorry, I didn't quite catch that. Could you say it another way? You can also pick one of these:",
    ),
    "inform_ack": Localized(
        zh="收到，谢谢您。请问您想办理哪项服务？",
        en="Got it, thank you. Which service would you like?",
    ),
    "help": Localized(
        zh=(
            "我可以为您：\n"
            "1. 解答产品使用、故障码、收费标准和三包保修问题；\n"
            "2. 查询您这台机器的保修状态；\n"
            "3. 预约、改约、取消或查询师傅上门维修；\n"
            "4. 登记投诉并告诉您处理进度；\n"
            "5. 转接人工客服，您说过的内容会一并转过去，不用重复。\n"
            "请直接告诉我您的问题，或选择下面的服务。"
        ),
        en=(
            "Here is what I can do for you:\n"
            "1. Answer questions about using your appliance, error codes, our published "
            "charges and warranty (三包) rules;\n"
            "2. Check the warranty of your own unit;\n"
            "3. Book, move, cancel or check a technician visit;\n"
            "4. Record a complaint and tell you how it is progressing;\n"
            "5. Put you through to a person, passing on everything you told me so you never "
            "repeat yourself.\n"
            "Just tell me what you need, or pick a service below."
        ),
    ),
    "out_of_scope": Localized(
        zh="抱歉，这超出了我的服务范围。我专门负责明嘉家电产品的使用和售后服务，比如：",
        en="Sorry, that's outside what I can help with. I look after Mingjia appliances and their after-sales service, for example:",
    ),
    # Buttons.
    "button_person": Localized(zh="转人工客服", en="Talk to a person"),
    "menu_book_repair": Localized(zh="预约维修", en="Book a repair"),
    "menu_check_warranty": Localized(zh="查询保修", en="Check my warranty"),
    "menu_complain": Localized(zh="我要投诉", en="Make a complaint"),
}
