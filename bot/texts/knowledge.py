"""Replies around knowledge-base answers: asking for detail, no match, which article.

Values in braces are filled by the caller.
"""

from __future__ import annotations

from typing import Final

from bot.language import Localized

__all__ = ["TEXTS"]

TEXTS: Final[dict[str, Localized]] = {
    "kb_need_detail": Localized(
        zh="为了给您准确的答复，能再具体说一下吗？比如是哪种电器（或型号）、出现了什么现象、屏幕上有没有显示故障代码。",
        en="So that I give you the right answer, could you tell me a little more? For example which appliance (or model) it is, what it is doing, and whether the display shows an error code.",
    ),
    "kb_no_match": Localized(
        zh="这个问题我想请专业的同事来为您解答，以免答复不准确。我可以马上为您转人工客服，您说过的内容会一并转过去；您也可以直接预约师傅上门检查。",
        en="I'd like a specialist colleague to answer this so that you get an accurate reply. I can put you through to a person right away, passing on everything you've told me, or you can book a technician visit.",
    ),
    "kb_which": Localized(
        zh="您想了解的是下面哪一项？",
        en="Which of these is your question about?",
    ),
    # The next steps an answer offers, as buttons (``human`` is ``button_person``).
    "next_book_repair": Localized(zh="预约师傅上门", en="Book a technician visit"),
    "next_check_warranty": Localized(zh="查询我的保修", en="Check my warranty"),
    "next_complain": Localized(zh="我要投诉", en="Make a complaint"),
    "next_repair_status": Localized(zh="查询我的预约", en="Check my visit"),
    "next_reschedule_repair": Localized(zh="改约上门时间", en="Move my visit"),
    "next_cancel_repair": Localized(zh="取消预约", en="Cancel my visit"),
    # Units in article text (``{fee:call_out}``, ``{years:...}``): one and more than one.
    "unit_money": Localized(zh="{amount} 元", en="CNY {amount}"),
    "unit_year": Localized(zh="{count} 年", en="{count} year"),
    "unit_years": Localized(zh="{count} 年", en="{count} years"),
    "unit_month": Localized(zh="1 个月", en="month"),
    "unit_months": Localized(zh="{count} 个月", en="{count} months"),
    "unit_day": Localized(zh="{count} 天", en="{count} day"),
    "unit_days": Localized(zh="{count} 天", en="{count} days"),
    "list_separator": Localized(zh="、", en=", "),
}
