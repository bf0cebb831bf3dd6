"""Complaints: recorded, triaged, owned, followed to closure, reviewed and reported."""

from bot.complaints import errors
from bot.complaints.categories import CATEGORIES, category_label, guess_category
from bot.complaints.desk import (
    AGENT_STATUSES,
    STATUSES,
    complaint_history,
    get_complaint,
    record_feedback,
    update_status,
)
from bot.complaints.errors import *  # noqa: F403 - every complaints error
from bot.complaints.filing import REPEAT_WINDOW, file_complaint
from bot.complaints.models import ComplaintRecord, ComplaintUpdate
from bot.complaints.report import ComplaintReport, complaint_report, format_report
from bot.complaints.request import MAX_TEXT_LENGTH, ComplaintDetails, ComplaintRequest
from bot.complaints.status import add_information, find_complaint
from bot.complaints.store import CRITICAL_OWNER, DESK_OWNER
from bot.complaints.triage import (
    RESPONSE_HOURS,
    SEVERITIES,
    Severity,
    Triage,
    find_safety_words,
    triage,
)
from bot.complaints.view import Complaint, UpdateEntry

__all__ = [
    "AGENT_STATUSES",
    "CATEGORIES",
    "CRITICAL_OWNER",
    "DESK_OWNER",
    "MAX_TEXT_LENGTH",
    "REPEAT_WINDOW",
    "RESPONSE_HOURS",
    "SEVERITIES",
    "STATUSES",
    "Complaint",
    "ComplaintDetails",
    "ComplaintRecord",
    "ComplaintReport",
    "ComplaintRequest",
    "ComplaintUpdate",
    "Severity",
    "Triage",
    "UpdateEntry",
    "add_information",
    "category_label",
    "complaint_history",
    "complaint_report",
    "file_complaint",
    "find_complaint",
    "find_safety_words",
    "format_report",
    "get_complaint",
    "guess_category",
    "record_feedback",
    "triage",
    "update_status",
]
__all__ += errors.__all__
