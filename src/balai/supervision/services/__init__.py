"""Every write of the binwas module (re-exported from its parts)."""

from balai.supervision.services.agenda import (
    activity_add_member,
    activity_cancel,
    activity_create,
    instruments_ensure_defaults,
    question_add,
    visit_add_photo,
    visit_save_draft,
    visit_sign,
    visit_start,
)
from balai.supervision.services.followups import (
    due_date,
    followup_answer,
    followup_close_by_data,
    followup_create,
    followup_verify,
    followups_close_recovered,
    followups_escalate_overdue,
)
from balai.supervision.services.meetings import (
    attendance_mark,
    attendance_sign_qr,
    meeting_add_item,
    meeting_create,
    meeting_invite,
    meeting_invite_defaults,
    meeting_record_minutes,
)
from balai.supervision.services.reports import report_receive

__all__ = [
    "activity_add_member",
    "activity_cancel",
    "activity_create",
    "attendance_mark",
    "attendance_sign_qr",
    "due_date",
    "followup_answer",
    "followup_close_by_data",
    "followup_create",
    "followup_verify",
    "followups_close_recovered",
    "followups_escalate_overdue",
    "instruments_ensure_defaults",
    "meeting_add_item",
    "meeting_create",
    "meeting_invite",
    "meeting_invite_defaults",
    "meeting_record_minutes",
    "question_add",
    "report_receive",
    "visit_add_photo",
    "visit_save_draft",
    "visit_sign",
    "visit_start",
]
