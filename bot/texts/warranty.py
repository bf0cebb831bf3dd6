"""The warranty check: its questions, validation replies and coverage results.

Values in braces are filled by the caller.
"""

from __future__ import annotations

from typing import Final

from bot.language import Localized

__all__ = ["TEXTS"]

TEXTS: Final[dict[str, Localized]] = {
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
    "warranty_button_try_again": Localized(zh="重新查询", en="Try again"),
    "warranty_button_book_visit": Localized(zh="预约师傅上门", en="Book a technician visit"),
    "warranty_button_return_or_exchange": Localized(
        zh="办理退换货（转人工）", en="Return or exchange (a person)"
    ),
    "main_parts_separator": Localized(zh="、", en=", "),
    "date_label": Localized(zh="{year}年{month}{day}日", en="{day} {month} {year}"),
    "month_names": Localized(
        zh="1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月",
        en="January February March April May June July August September October November December",
    ),
}
