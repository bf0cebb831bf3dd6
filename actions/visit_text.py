"""How visit windows, bookings and appliances are written for the customer."""

from __future__ import annotations

from bot import services
from bot.language import Language
from bot.repairs import Booking, Window

__all__ = ["appliance_text", "booking_summary", "window_button", "window_text"]


def window_text(window: Window, language: Language) -> str:
    """``12月3日（周四）10:00–12:00`` / ``Thu 3 Dec, 10:00–12:00``, in service time."""
    return window.label(language)


def window_button(window: Window, language: Language) -> dict[str, str]:
    """A button that picks ``window``."""
    return {
        "title": window_text(window, language),
        "payload": '/inform{"visit_window":"' + window.key + '"}',
    }


def appliance_text(category: str | None, model: str | None, language: Language) -> str:
    """``WM-8012 明嘉 8 公斤滚筒洗衣机`` or the category's name."""
    kb = services.knowledge()
    if model and model in kb.models:
        return f"{model} {kb.models[model].name(language)}"
    if category and category in kb.categories:
        return kb.categories[category].name(language)
    return "-"


def booking_summary(booking: Booking, language: Language) -> str:
    """The booked visit in a few lines: reference, time, appliance, address, status."""
    status = {
        "booked": ("已预约", "booked"),
        "cancelled": ("已取消", "cancelled"),
        "completed": ("已完成", "completed"),
    }[booking.status]
    window = window_text(booking.window, language)
    appliance = appliance_text(booking.category, booking.model, language)
    if language == "zh":
        return (
            f"预约单号：{booking.reference}（{status[0]}）\n"
            f"上门时间：{window}\n"
            f"电器：{appliance}\n"
            f"地址：{booking.address}\n"
            f"师傅：{booking.technician_name_zh}"
        )
    return (
        f"Reference: {booking.reference} ({status[1]})\n"
        f"Visit: {window}\n"
        f"Appliance: {appliance}\n"
        f"Address: {booking.address}\n"
        f"Technician: {booking.technician_name_en}"
    )
