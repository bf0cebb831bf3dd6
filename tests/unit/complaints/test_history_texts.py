from __future__ import annotations

import pytest

from bot.complaints.filing import received_text
from bot.complaints.status import escalated_text
from bot.complaints.triage import Severity
from bot.language import Language


@pytest.mark.parametrize(
    ("language", "category", "severity", "text"),
    [
        ("zh", "charges", "normal", "已受理您的投诉（收费问题），我们会在24小时内答复您。"),
        (
            "zh",
            "product_quality",
            "critical",
            "已受理您的投诉（产品质量），我们会在1小时内答复您。已立即转值班主管处理。",
        ),
        (
            "en",
            "charges",
            "high",
            "Complaint received (Charges); a person will answer within 4 hours.",
        ),
        (
            "en",
            "product_quality",
            "critical",
            "Complaint received (Product quality); a person will answer within 1 hour."
            " Passed to the duty supervisor now.",
        ),
    ],
)
def test_the_received_entry(
    language: Language, category: str, severity: Severity, text: str
) -> None:
    assert received_text(language, category, severity) == text


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh", "因涉及安全（冒烟、漏电）升级为紧急，已转值班主管，1小时内答复您。"),
        (
            "en",
            "Escalated to critical (safety: 冒烟, 漏电); passed to the duty supervisor, "
            "who will answer within 1 hour.",
        ),
    ],
)
def test_the_escalation_entry(language: Language, text: str) -> None:
    assert escalated_text(language, ["冒烟", "漏电"]) == text
