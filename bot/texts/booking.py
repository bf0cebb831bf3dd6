"""Booking a technician visit: the form's questions, windows and the summary.

Values in braces are filled by the caller.
"""

from __future__ import annotations

from typing import Final

from bot.language import Localized

__all__ = ["TEXTS"]

TEXTS: Final[dict[str, Localized]] = {
    "ask_product": Localized(
        zh="好的，我来帮您预约师傅上门。请问是哪种电器？知道型号的话也告诉我（例如 WM-8012 洗衣机）。",
        en="Sure, let me book a technician visit for you. Which appliance is it? If you know the model, tell me that too (e.g. WM-8012 washer).",
    ),
    "ask_product_again": Localized(
        zh="请问需要维修的是哪种电器？",
        en="Which appliance needs the repair?",
    ),
    "ask_symptom": Localized(
        zh="请简单描述一下故障现象；屏幕上如果有故障代码（例如 E4），也请告诉我，师傅好带上对应的配件。",
        en="Please describe briefly what it is doing; if the display shows an error code (e.g. E4), tell me that too so the technician brings the right parts.",
    ),
    "invalid_symptom": Localized(
        zh="请再多说几个字描述一下故障，例如“不排水，显示E4”。",
        en='Could you describe the fault in a few more words, e.g. "won\'t drain, shows E4"?',
    ),
    "ask_city": Localized(
        zh="请问机器在哪个城市（哪个区）？",
        en="Which city (and district) is the appliance in?",
    ),
    "city_not_served": Localized(
        zh="真对不起，“{city}”目前还不在我们的上门服务网络内（或当地暂时没有这类电器的师傅）。我可以为您转人工客服，安排附近的服务网点联系您；如果是我说错了城市，请再告诉我一次城市名。",
        en='I\'m sorry, "{city}" is not yet covered by our on-site service network (or has no technician for this appliance). A person can arrange for the nearest service point to contact you; or, if I misread the city, just tell me its name again.',
    ),
    "ask_address": Localized(
        zh="请告诉我详细地址（街道、小区、门牌号），师傅按这个地址上门。",
        en="Please give me the full address (street, building, flat number) for the technician.",
    ),
    "invalid_address": Localized(
        zh="这个地址太短了，请写上街道、小区和门牌号，例如“浦东新区张江路 88 弄 5 号 1201 室”。",
        en='That address is too short: please include the street, building and flat number, e.g. "88 Zhangjiang Road, Building 5, Flat 1201".',
    ),
    "ask_customer_name": Localized(
        zh="请问师傅上门时找哪位？告诉我您的称呼就可以。",
        en="Who should the technician ask for? Your name is enough.",
    ),
    "invalid_name": Localized(
        zh="请告诉我一个称呼（40 个字以内），例如“王女士”。",
        en='Please tell me a name (up to 40 characters), e.g. "Ms Wang".',
    ),
    "ask_booking_phone": Localized(
        zh="请留一个手机号，师傅出发前会打电话联系您。",
        en="Please give me a phone number; the technician calls it before setting off.",
    ),
    "ask_visit_window": Localized(
        zh="下面是最近可以预约的时间段，请选一个；也可以直接告诉我您方便的时间，比如“周六上午”。",
        en='Here are the soonest free time slots; pick one, or tell me when suits you, e.g. "Saturday morning".',
    ),
    "no_window_matches_preference": Localized(
        zh="您说的时间段已经约满了，真对不起。下面是其他最近的空闲时间：",
        en="I'm sorry, that time is fully booked. Here are the next free slots instead:",
    ),
    "no_free_windows": Localized(
        zh="真对不起，未来几周这一区域的师傅都已约满。我为您转人工客服，由调度同事为您加急安排，您看这样可以吗？",
        en="I'm sorry, our technicians in your area are fully booked for the coming weeks. A person from our dispatch team can fit you in urgently. Would that work for you?",
    ),
    "window_not_understood": Localized(
        zh="请点选上面的一个时间段，或者告诉我哪天、上午还是下午，例如“明天下午”“12月5日上午”。",
        en='Please pick one of the time slots above, or tell me a day and part of the day, e.g. "tomorrow afternoon" or "5 Dec morning".',
    ),
    "window_in_past": Localized(
        zh="这个时间段已经过去了，请从下面重新选一个。",
        en="That time slot has already passed; please pick another one below.",
    ),
    "preference_in_past": Localized(
        zh="这个日期已经过去了，请告诉我今天以后的时间。",
        en="That date has already passed; please tell me a time from today on.",
    ),
    "preference_too_far": Localized(
        zh="目前可以预约未来 {days} 天内的时间，请选一个更近的日子。",
        en="Visits can be booked up to {days} days ahead; please choose an earlier day.",
    ),
    "window_just_taken": Localized(
        zh="真对不起，这个时间段刚刚被约走了。请从下面的空闲时间里重新选一个：",
        en="I'm sorry, that time slot has just been taken. Please choose one of the free slots below:",
    ),
    "booking_summary": Localized(
        zh="请确认预约信息：\n电器：{appliance}\n故障：{symptom}\n地址：{city} {address}\n联系人：{name}，{phone}\n上门时间：{window}\n费用：{charges}\n没问题的话请点“确认预约”；需要修改哪项，点对应的按钮即可。",
        en='Please check the booking:\nAppliance: {appliance}\nProblem: {symptom}\nAddress: {address}, {city}\nContact: {name}, {phone}\nVisit: {window}\nCharges: {charges}\nIf it\'s all right, press "Confirm"; to change something, press its button.',
    ),
    "booking_not_recorded": Localized(
        zh="真对不起，刚才没能保存您的预约。为了不耽误您，我马上为您转人工客服安排，您说过的内容会一并转过去。",
        en="I'm sorry, I couldn't save your booking just now. So that nothing is delayed, a person can arrange it right away, with everything you've told me passed on.",
    ),
    "booking_change_ok": Localized(
        zh="好的，我们改一下。",
        en="All right, let's change that.",
    ),
    "booking_done": Localized(
        zh="预约成功！您的预约单号是 {reference}，师傅将在 {window} 上门，出发前会电话联系您。改约、取消或查询进度时，告诉我单号和预约手机号即可。",
        en="You're booked! Your reference is {reference}. The technician will come {window} and will call before setting off. To move, cancel or check the visit, just give me the reference and the phone number you booked with.",
    ),
    "booking_charges_free": Localized(
        zh="在保修期内，本次上门维修免费。",
        en="Under warranty: this visit is free of charge.",
    ),
    "booking_charges_paid": Localized(
        zh="已过整机保修期：上门费 {fee}，工时和配件按统一收费标准，开工前先报价。",
        en="Out of whole-unit warranty: call-out fee {fee}, labour and parts at our published charges, quoted before any work.",
    ),
    "booking_charges_unknown": Localized(
        zh="保修期内免费；如已过保，上门费 {fee}，工时和配件按统一收费标准，开工前先报价。",
        en="Free if under warranty; otherwise a call-out fee of {fee}, with labour and parts at our published charges, quoted before any work.",
    ),
    "fee_amount": Localized(zh="{amount} 元", en="CNY {amount}"),
    "booking_button_confirm": Localized(zh="确认预约", en="Confirm"),
    "booking_button_change_visit_window": Localized(zh="改时间", en="Change the time"),
    "booking_button_change_address": Localized(zh="改地址", en="Change the address"),
    "booking_button_change_phone": Localized(zh="改电话", en="Change the phone"),
    "booking_button_change_customer_name": Localized(zh="改姓名", en="Change the name"),
    "booking_button_change_appliance": Localized(zh="改电器或故障", en="Change the appliance"),
    "booking_button_stop": Localized(zh="不约了", en="Don't book"),
    "booking_button_check_visit": Localized(zh="查询预约", en="Check my visit"),
    "booking_button_another_question": Localized(zh="还有其他问题", en="Another question"),
    "window_label": Localized(
        zh="{month}{day}日（周{weekday}）{start}–{end}",
        en="{weekday} {day} {month}, {start}–{end}",
    ),
    "weekday_names": Localized(zh="一 二 三 四 五 六 日", en="Mon Tue Wed Thu Fri Sat Sun"),
    "month_abbreviations": Localized(
        zh="1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月",
        en="Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    ),
}
