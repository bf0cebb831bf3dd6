"""A booked visit: status, moving and cancelling it.

Values in braces are filled by the caller.
"""

from __future__ import annotations

from typing import Final

from bot.language import Localized

__all__ = ["TEXTS"]

TEXTS: Final[dict[str, Localized]] = {
    "ask_visit_reference": Localized(
        zh="请告诉我预约单号（RV- 开头，例如 RV-7K3M9QXP）。",
        en="Please tell me the booking reference (it starts with RV-, e.g. RV-7K3M9QXP).",
    ),
    "invalid_visit_reference": Localized(
        zh="这个单号的格式不对：预约单号是 RV- 加 8 位字母或数字，例如 RV-7K3M9QXP。预约成功时的消息里可以找到。",
        en="That doesn't look like a booking reference: it is RV- and 8 letters or digits, e.g. RV-7K3M9QXP, as given when you booked.",
    ),
    "ask_visit_phone": Localized(
        zh="为保护您的信息，请提供预约时留的手机号。",
        en="To protect your details, please give me the phone number you booked with.",
    ),
    "visit_not_found": Localized(
        zh="没有找到与这个单号和手机号都匹配的预约。请核对后再告诉我一次单号；也可以转人工客服帮您查。",
        en="I couldn't find a booking matching both that reference and that phone number. Please check and tell me the reference again, or a person can look it up for you.",
    ),
    "visit_status": Localized(
        zh="您的预约情况如下：\n{summary}",
        en="Here is your visit:\n{summary}",
    ),
    "visit_current": Localized(
        zh="您现在的预约：\n{summary}",
        en="Your visit as booked now:\n{summary}",
    ),
    "visit_moved": Localized(
        zh="已为您改约到 {window}，预约单号不变。\n{summary}",
        en="Done: your visit is moved to {window}, with the same reference.\n{summary}",
    ),
    "ask_cancel_confirmed": Localized(
        zh="确定要取消这次上门吗？\n{summary}",
        en="Do you want to cancel this visit?\n{summary}",
    ),
    "visit_cancelled": Localized(
        zh="已为您取消预约，这个时间段已释放。需要时随时可以重新预约。\n{summary}",
        en="Your visit is cancelled and the time slot released. You can book again whenever you need.\n{summary}",
    ),
    "visit_kept": Localized(
        zh="好的，预约保持不变。\n{summary}",
        en="All right, the visit stays as booked.\n{summary}",
    ),
    "visit_closed": Localized(
        zh="这个预约已经取消或已完成，不能再修改了。需要的话我可以为您重新预约。",
        en="That visit has already been cancelled or completed, so it can't be changed. I can book a new one if you need.",
    ),
    "visit_summary": Localized(
        zh="预约单号：{reference}（{status}）\n上门时间：{window}\n电器：{appliance}\n地址：{address}\n师傅：{technician}",
        en="Reference: {reference} ({status})\nVisit: {window}\nAppliance: {appliance}\nAddress: {address}\nTechnician: {technician}",
    ),
    "visit_status_booked": Localized(zh="已预约", en="booked"),
    "visit_status_cancelled": Localized(zh="已取消", en="cancelled"),
    "visit_status_completed": Localized(zh="已完成", en="completed"),
    "visit_button_move": Localized(zh="改时间", en="Move it"),
    "visit_button_cancel": Localized(zh="取消预约", en="Cancel it"),
    "visit_button_confirm_cancel": Localized(zh="确认取消", en="Yes, cancel it"),
    "visit_button_keep": Localized(zh="保留预约", en="No, keep it"),
}
