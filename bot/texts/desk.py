"""The staff's side: complaint history lines, acknowledgements and the reports' labels.

Entries starting ``complaint_update_`` are written into a complaint's history, which
the customer sees as the complaint's latest news; ``complaint_handoff_`` entries make
the summary a person reads when taking over (written in English); ``complaint_report_``
entries label the complaints report. Values in braces are filled by the caller.
"""

from __future__ import annotations

from typing import Final

from bot.language import Localized

__all__ = ["TEXTS"]

TEXTS: Final[dict[str, Localized]] = {
    "complaint_update_received": Localized(
        zh="已受理您的投诉（{category}），我们会在{hours}小时内答复您。",
        en="Complaint received ({category}); a person will answer within {hours} hours.",
    ),
    "complaint_update_received_one_hour": Localized(
        zh="已受理您的投诉（{category}），我们会在{hours}小时内答复您。",
        en="Complaint received ({category}); a person will answer within {hours} hour.",
    ),
    "complaint_update_to_supervisor": Localized(
        zh="已立即转值班主管处理。",
        en=" Passed to the duty supervisor now.",
    ),
    "complaint_update_escalated": Localized(
        zh="因涉及安全（{words}）升级为紧急，已转值班主管，1小时内答复您。",
        en=(
            "Escalated to critical (safety: {words}); passed to the duty supervisor, "
            "who will answer within 1 hour."
        ),
    ),
    "complaint_update_list_separator": Localized(zh="、", en=", "),
    "complaint_handoff_summary": Localized(
        zh=(
            "紧急投诉 {reference}（{category}），安全：{words}。\n"
            "客户：{customer}，{phone}，语言 {spoken}。\n"
            "型号 {model}，序列号 {serial}，预约 {booking}。\n"
            "客户说：{description}"
        ),
        en=(
            "Critical complaint {reference} ({category}), safety: {words}.\n"
            "Customer: {customer}, {phone}, language {spoken}.\n"
            "Model {model}, serial {serial}, booking {booking}.\n"
            "Said: {description}"
        ),
    ),
    "complaint_handoff_added": Localized(zh="随后补充：{text}", en="Then added: {text}"),
    "complaint_handoff_no_name": Localized(zh="未留姓名", en="name not given"),
    "complaint_report_title": Localized(zh="投诉报告", en="Complaints report"),
    "complaint_report_period": Localized(
        zh="统计期间：{since} 起（UTC），截至 {now}",
        en="Period: since {since} (UTC), as of {now}",
    ),
    "complaint_report_total": Localized(zh="投诉总数", en="Complaints filed"),
    "complaint_report_category": Localized(zh="按类别", en="By category"),
    "complaint_report_model": Localized(zh="按型号", en="By model"),
    "complaint_report_severity": Localized(zh="按紧急程度", en="By severity"),
    "complaint_report_resolved": Localized(zh="已解决", en="Resolved"),
    "complaint_report_awaiting": Localized(zh="已解决待回访", en="Resolved, awaiting review"),
    "complaint_report_open": Localized(zh="待办（全部日期）", en="Open work (all dates)"),
    "complaint_report_without_owner": Localized(
        zh="未解决且无负责人", en="Unresolved without owner"
    ),
    "complaint_report_overdue": Localized(zh="已超时", en="Overdue"),
    "complaint_report_none": Localized(zh="无", en="none"),
    "complaint_report_no_owner": Localized(zh="（无负责人）", en="(no owner)"),
    "complaint_report_column_reference": Localized(zh="编号", en="Reference"),
    "complaint_report_column_category": Localized(zh="类别", en="Category"),
    "complaint_report_column_severity": Localized(zh="紧急程度", en="Severity"),
    "complaint_report_column_due": Localized(zh="应答复时间", en="Due (UTC)"),
    "complaint_report_column_owner": Localized(zh="负责人", en="Owner"),
    "complaint_report_severity_critical": Localized(zh="紧急", en="critical"),
    "complaint_report_severity_high": Localized(zh="高", en="high"),
    "complaint_report_severity_normal": Localized(zh="普通", en="normal"),
}
