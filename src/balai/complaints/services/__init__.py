"""Every write of the complaints module (one file per concern)."""

from balai.complaints.services.categories import category_defaults_ensure, category_save
from balai.complaints.services.escalation import (
    EscalationReport,
    complaints_escalate_overdue,
    complaints_warn_due_soon,
)
from balai.complaints.services.intake import Filed, complaint_file
from balai.complaints.services.survey import complaint_survey_submit, survey_submit
from balai.complaints.services.workflow import (
    complaint_assign,
    complaint_forward,
    complaint_hold,
    complaint_instruct,
    complaint_note,
    complaint_rate,
    complaint_reject,
    complaint_reopen,
    complaint_reply,
    complaint_resolve,
    complaint_respond,
    complaint_verify,
)

__all__ = [
    "EscalationReport",
    "Filed",
    "category_defaults_ensure",
    "category_save",
    "complaint_assign",
    "complaint_file",
    "complaint_forward",
    "complaint_hold",
    "complaint_instruct",
    "complaint_note",
    "complaint_rate",
    "complaint_reject",
    "complaint_reopen",
    "complaint_reply",
    "complaint_resolve",
    "complaint_respond",
    "complaint_survey_submit",
    "complaint_verify",
    "complaints_escalate_overdue",
    "complaints_warn_due_soon",
    "survey_submit",
]
