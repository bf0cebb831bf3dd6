"""Messages sent by custom actions, in both languages.

Responses that rules utter live in ``domain.yml``; these are chosen by the actions
themselves, so Rasa's validator would count them as unused if they lived there.
Values in braces are filled by the action.
"""

from __future__ import annotations

from typing import Final

from bot.knowledge.model import Localized

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, Localized]] = {
    "default": Localized(
        zh="抱歉，我没能准确理解您的意思，您能换个说法再说一次吗？您也可以直接选择：",
        en="Sorry, I didn't quite catch that. Could you say it another way? You can also pick one of these:",
    ),
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
    "ask_serial_number": Localized(
        zh="好的，我来帮您查保修。请告诉我机身铭牌上的序列号（两个字母加 10 位数字，例如 WM2304001234）。如果找不到序列号，回复“没有序列号”，我按型号和购买日期为您判断。",
        en="Sure, let me check your warranty. Please tell me the serial number on the unit's rating plate (two letters and 10 digits, e.g. WM2304001234). If you can't find it, just reply \"no serial\" and I'll work it out from the model and purchase date.",
    ),
    "ask_phone": Localized(
        zh="为保护您的信息，请提供购买时登记的手机号。",
        en="To protect your details, please give me the phone number registered when the unit was bought.",
    ),
    "ask_model": Localized(
        zh="请问是哪个型号？型号印在机身铭牌和说明书上，例如 WM-8012。",
        en="Which model is it? The model is printed on the rating plate and in the manual, for example WM-8012.",
    ),
    "ask_purchase_date": Localized(
        zh="请问是哪天购买的？例如 2024-03-15。",
        en="When did you buy it? For example 2024-03-15.",
    ),
    "invalid_serial": Localized(
        zh="这个序列号的格式不对：应为两个字母加 10 位数字，例如 WM2304001234。请再核对一下铭牌；找不到的话回复“没有序列号”。",
        en='That doesn\'t look like a serial number: it is two letters and 10 digits, e.g. WM2304001234. Please check the rating plate again, or reply "no serial".',
    ),
    "invalid_phone": Localized(
        zh="这个手机号的格式不对。请输入 11 位大陆手机号（例如 138 1234 5678），或以 + 开头的国际号码。",
        en="That phone number doesn't look right. Please give an 11-digit mainland mobile number (e.g. 138 1234 5678) or an international number starting with +.",
    ),
    "unknown_model": Localized(
        zh="没有找到型号“{typed}”。是下面其中一个吗？",
        en='I couldn\'t find the model "{typed}". Is it one of these?',
    ),
    "invalid_purchase_date": Localized(
        zh="抱歉，这个日期我没能识别，请按 2024-03-15 这样的格式告诉我。",
        en="Sorry, I couldn't read that date. Please write it like 2024-03-15.",
    ),
    "purchase_date_future": Localized(
        zh="购买日期不能晚于今天，请您再确认一下。",
        en="The purchase date can't be later than today. Could you check it again?",
    ),
    "warranty_return": Localized(
        zh="您的 {model_name}（{purchased_on} 购买）目前在退货期内，至 {return_until}：如有性能故障，您可以选择退货、换货或免费维修。整机保修至 {whole_unit_until}，{main_parts}保修至 {main_parts_until}。",
        en="Your {model_name} (bought {purchased_on}) is within the return period until {return_until}: for a performance fault you may choose a return, an exchange or a free repair. The whole unit is under warranty until {whole_unit_until}, and the main parts ({main_parts}) until {main_parts_until}.",
    ),
    "warranty_exchange": Localized(
        zh="您的 {model_name}（{purchased_on} 购买）退货期已于 {return_until} 结束，目前在换货期内，至 {exchange_until}：如有性能故障，您可以选择换货或免费维修。整机保修至 {whole_unit_until}，{main_parts}保修至 {main_parts_until}。",
        en="Your {model_name} (bought {purchased_on}) is past its return period ({return_until}) but within the exchange period until {exchange_until}: for a performance fault you may choose an exchange or a free repair. The whole unit is under warranty until {whole_unit_until}, and the main parts ({main_parts}) until {main_parts_until}.",
    ),
    "warranty_full": Localized(
        zh="您的 {model_name}（{purchased_on} 购买）在整机保修期内，至 {whole_unit_until}：维修免费，包括上门和配件。{main_parts}保修至 {main_parts_until}。",
        en="Your {model_name} (bought {purchased_on}) is under full warranty until {whole_unit_until}: repairs are free, including the visit and parts. The main parts ({main_parts}) are covered until {main_parts_until}.",
    ),
    "warranty_main_parts": Localized(
        zh="您的 {model_name}（{purchased_on} 购买）整机保修已于 {whole_unit_until} 到期，{main_parts}仍在保修期内，至 {main_parts_until}，这些部件的维修免费。其他维修按统一收费标准：上门费 {call_out_fee}，另加工时费和配件费，开工前师傅会先告知价格。",
        en="Your {model_name} (bought {purchased_on}) came out of whole-unit warranty on {whole_unit_until}, but its main parts ({main_parts}) are covered until {main_parts_until}, so repairs to them are free. Other repairs follow our published charges: a call-out fee of {call_out_fee} plus labour and parts, always quoted before work starts.",
    ),
    "warranty_expired": Localized(
        zh="您的 {model_name}（{purchased_on} 购买）保修已到期（整机至 {whole_unit_until}，{main_parts}至 {main_parts_until}）。我们终身提供上门维修，按统一收费标准收费：上门费 {call_out_fee}，另加工时费和配件费，开工前师傅会先告知价格。",
        en="Your {model_name} (bought {purchased_on}) is out of warranty (whole unit until {whole_unit_until}, main parts ({main_parts}) until {main_parts_until}). We still repair it on site for life at our published charges: a call-out fee of {call_out_fee} plus labour and parts, always quoted before work starts.",
    ),
    "warranty_not_found": Localized(
        zh="没有找到与这个序列号和手机号都匹配的机器。请核对铭牌上的序列号和购买时登记的手机号再试一次；也可以转人工客服帮您核实。",
        en="I couldn't find a unit matching both that serial number and that phone number. Please check the serial on the rating plate and the phone number registered at purchase and try again, or a person can look into it for you.",
    ),
    "warranty_estimate_note": Localized(
        zh="以上是按型号和购买日期推算的结果，办理保修时以购买凭证为准。",
        en="This is worked out from the model and purchase date; for a warranty repair your proof of purchase decides.",
    ),
    "inform_ack": Localized(
        zh="收到，谢谢您。请问您想办理哪项服务？",
        en="Got it, thank you. Which service would you like?",
    ),
    # ---- booking a visit ----
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
    # ---- managing a booked visit ----
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
    # ---- complaints ----
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
}
