"""How visit windows, dates, fees, bookings and appliances are written for the customer."""

from __future__ import annotations

from datetime import date

from bot import services
from bot.language import Language
from bot.repairs import Booking, Window, find_region
from bot.texts import render

__all__ = [
    "appliance_text",
    "booking_summary",
    "fee_text",
    "format_date",
    "region_name",
    "window_button",
]


def window_button(window: Window, language: Language) -> dict[str, str]:
    """A button that picks ``window``."""
    return {
        "title": window.label(language),
        "payload": '/inform{"visit_window":"' + window.key + '"}',
    }


def format_date(day: date, language: Language) -> str:
    """``2024年3月15日`` / ``15 March 2024``."""
    month = render("month_names", language).split()[day.month - 1]
    return render("date_label", language, year=day.year, month=month, day=day.day)


def fee_text(amount: int | None, language: Language) -> str:
    """``50 元`` / ``CNY 50``."""
    return render("fee_amount", language, amount=amount)


def appliance_text(category: str | None, model: str | None, language: Language) -> str:
    """``WM-8012 明嘉 8 公斤滚筒洗衣机`` or the category's name."""
    kb = services.knowledge()
    if model and model in kb.models:
        return f"{model} {kb.models[model].name(language)}"
    if category and category in kb.categories:
        return kb.categories[category].name(language)
    return "-"


def region_name(code: str | None, language: Language) -> str:
    """The name of the service region stored in the ``city`` slot, or the code itself."""
    region = find_region(services.unit_of_work(), code) if code else None
    if region is None:
        return code or "-"
    return region.name_zh if language == "zh" else region.name_en


def booking_summary(booking: Booking, language: Language) -> str:
    """The booked visit in a few lines: reference, time, appliance, address, status."""
    return render(
        "visit_summary",
        language,
        reference=booking.reference,
        status=render(f"visit_status_{booking.status}", language),
        window=booking.window.label(language),
        appliance=appliance_text(booking.category, booking.model, language),
        address=booking.address,
        technician=booking.technician_name_zh if language == "zh" else booking.technician_name_en,
    )
