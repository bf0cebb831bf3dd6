"""Complaints: filing, triage replies, status and additions.

Values in braces are filled by the caller.
"""

from __future__ import annotations

from typing import Final

from bot.language import Localized

__all__ = ["TEXTS"]

TEXTS: Final[dict[str, Localized]] = {
    "ask_complaint_category": Localized(
        zh="真对不起，给您添麻烦了，谢谢您告诉我们。请问您要投诉的是哪方面？",
        en="I'm truly sorry for the trouble, and thank you for telling us. What is your complaint about?",
    ),
    "ask_complaint_description": Localized(
        zh="能让我听一下您的意见吗？请把经过告诉我：发生了什么、什么时候，我会完整记录下来。",
        en="Please tell me what happened, and when; I'll record it in full.",
    ),
    "invalid_complaint_description": Localized(
        zh="请用 2,000 字以内描述一下经过，我会完整记录。",
        en="Please describe what happened in up to 2,000 characters; I'll record it in full.",
    ),
    "ask_complaint_phone": Localized(
        zh="请留一个手机号，负责处理的同事会通过它联系您。",
        en="Please give me a phone number so that the colleague handling this can reach you.",
    ),
    "complaint_filed": Localized(
        zh="真对不起，给您添麻烦了。您的投诉（{category}）已登记，投诉单号 {reference}。负责的同事会在 {hours} 小时内联系您；您随时可以用单号和手机号向我查询进度。",
        en="I'm truly sorry for the trouble. Your complaint ({category}) is recorded under reference {reference}. The colleague handling it will contact you within {hours} hours, and you can check its progress with me any time using the reference and your phone number.",
    ),
    "complaint_repeat": Localized(
        zh="真对不起，这个问题又给您添麻烦了。这次投诉（{category}）已登记为重复投诉并提高了处理优先级，投诉单号 {reference}。主管会在 {hours} 小时内联系您；您随时可以用单号和手机号向我查询进度。",
        en="I'm truly sorry this has happened again. Your complaint ({category}) is recorded as a repeat and given higher priority, under reference {reference}. A supervisor will contact you within {hours} hours, and you can check its progress with me any time using the reference and your phone number.",
    ),
    "complaint_critical": Localized(
        zh="这涉及安全，我已把您的投诉列为紧急并立即转给人工值班主管，投诉单号 {reference}，{hours} 小时内一定联系您。请先注意安全：马上拔掉电源或关闭总闸；有燃气味请关闭燃气阀门、打开门窗，不要开关电器、不要打电话在室内；有明火或有人受伤请立即拨打 119 / 120。在此期间请不要再使用这台机器。",
        en="This is a safety matter: I've marked your complaint urgent and passed it to the duty supervisor right now, reference {reference}; you will be contacted within {hours} hour. Please stay safe first: unplug the appliance or switch off the mains; if you smell gas, close the gas valve and open the windows, and don't switch anything on or off or phone from inside; if there is fire or anyone is hurt, call 119 / 120 at once. Please don't use the appliance until it has been checked.",
    ),
    "complaint_not_recorded": Localized(
        zh="真对不起，刚才没能保存您的投诉。为了不耽误您的问题，我马上为您转人工客服登记，您说过的内容会一并转过去。",
        en="I'm sorry, I couldn't save your complaint just now. So that nothing is delayed, a person can record it right away, with everything you've told me passed on.",
    ),
    "ask_complaint_reference": Localized(
        zh="请告诉我投诉单号（CP- 开头，例如 CP-7KQ3MZ2A）。",
        en="Please tell me the complaint reference (it starts with CP-, e.g. CP-7KQ3MZ2A).",
    ),
    "invalid_complaint_reference": Localized(
        zh="这个单号的格式不对：投诉单号是 CP- 加 8 位字母或数字，例如 CP-7KQ3MZ2A，登记投诉时的消息里可以找到。",
        en="That doesn't look like a complaint reference: it is CP- and 8 letters or digits, e.g. CP-7KQ3MZ2A, as given when the complaint was recorded.",
    ),
    "ask_complaint_status_phone": Localized(
        zh="为保护您的信息，请提供登记投诉时留的手机号。",
        en="To protect your details, please give me the phone number you gave with the complaint.",
    ),
    "complaint_not_found": Localized(
        zh="没有找到与这个单号和手机号都匹配的投诉。请核对后再告诉我一次单号；也可以转人工客服帮您查。",
        en="I couldn't find a complaint matching both that reference and that phone number. Please check and tell me the reference again, or a person can look it up for you.",
    ),
    "complaint_status": Localized(
        zh="您的投诉进展如下：\n{summary}",
        en="Here is where your complaint stands:\n{summary}",
    ),
    "ask_complaint_addition": Localized(
        zh="请告诉我您要补充的内容，我会附在这条投诉上，处理的同事马上能看到。",
        en="Please tell me what you'd like to add; I'll attach it to the complaint, where the colleague handling it sees it at once.",
    ),
    "complaint_added": Localized(
        zh="已为您补充到投诉里，谢谢您。\n{summary}",
        en="Added to your complaint, thank you.\n{summary}",
    ),
    "complaint_closed": Localized(
        zh="这条投诉已经处理完毕，不能再补充了。如果问题还在，我马上为您登记一条新的投诉，会按重复投诉优先处理。",
        en="That complaint has been resolved, so nothing more can be added to it. If the problem persists, I'll record a new complaint right away, handled with priority as a repeat.",
    ),
    # The categories, as buttons and in replies.
    "complaint_category_service_attitude": Localized(zh="服务态度", en="Service attitude"),
    "complaint_category_repair_quality": Localized(zh="维修质量", en="Repair quality"),
    "complaint_category_late_or_missed_visit": Localized(
        zh="上门迟到或未上门", en="Late or missed visit"
    ),
    "complaint_category_charges": Localized(zh="收费问题", en="Charges"),
    "complaint_category_product_quality": Localized(zh="产品质量", en="Product quality"),
    "complaint_category_other": Localized(zh="其他", en="Other"),
    # Where a complaint stands, as the status reply shows it.
    "complaint_state_received": Localized(zh="已受理", en="received"),
    "complaint_state_in_progress": Localized(zh="处理中", en="in progress"),
    "complaint_state_resolved": Localized(zh="已解决", en="resolved"),
    "complaint_summary": Localized(
        zh="投诉单号：{reference}\n状态：{status}\n类别：{category}\n最新进展（{stamp} UTC）：{update}",
        en="Reference: {reference}\nStatus: {status}\nAbout: {category}\nLatest update ({stamp} UTC): {update}",
    ),
    "button_complaint_add": Localized(zh="补充信息", en="Add information"),
}
