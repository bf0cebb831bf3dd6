"""Technician repair visits: the service network, free windows and bookings."""

from bot.repairs.availability import BookingRules, booking_rules, free_windows
from bot.repairs.bookings import book, cancel, reschedule
from bot.repairs.errors import (
    BookingClosed,
    BookingNotFound,
    InvalidPhone,
    InvalidRequest,
    PreferenceError,
    PreferenceInPast,
    PreferenceTooFar,
    RepairsError,
    ServiceNetworkError,
    WindowTaken,
)
from bot.repairs.importer import NetworkImportReport, import_network
from bot.repairs.lookup import find_booking, get_booking, list_bookings
from bot.repairs.network import (
    CATEGORIES,
    RegionSpec,
    ServiceNetwork,
    TechnicianSpec,
    load_network,
)
from bot.repairs.outcomes import first_visit_fix_rate, record_outcome
from bot.repairs.preference import Preference, check_preference, parse_preference
from bot.repairs.regions import Region, find_region
from bot.repairs.request import BookingRequest, WarrantyStatus
from bot.repairs.view import Booking, BookingStatus
from bot.repairs.windows import SERVICE_TZ, DayPart, Window

__all__ = [
    "CATEGORIES",
    "SERVICE_TZ",
    "Booking",
    "BookingClosed",
    "BookingNotFound",
    "BookingRequest",
    "BookingRules",
    "BookingStatus",
    "DayPart",
    "InvalidPhone",
    "InvalidRequest",
    "NetworkImportReport",
    "Preference",
    "PreferenceError",
    "PreferenceInPast",
    "PreferenceTooFar",
    "Region",
    "RegionSpec",
    "RepairsError",
    "ServiceNetwork",
    "ServiceNetworkError",
    "TechnicianSpec",
    "WarrantyStatus",
    "Window",
    "WindowTaken",
    "book",
    "booking_rules",
    "cancel",
    "check_preference",
    "find_booking",
    "find_region",
    "first_visit_fix_rate",
    "free_windows",
    "get_booking",
    "import_network",
    "list_bookings",
    "load_network",
    "parse_preference",
    "record_outcome",
    "reschedule",
]
