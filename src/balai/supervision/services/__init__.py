"""Every write of the binwas module (re-exported from its parts)."""

from balai.supervision.services.agenda import (
    activity_add_member,
    activity_cancel,
    activity_create,
    visit_add_photo,
    visit_save_draft,
    visit_sign,
    visit_start,
)
from balai.supervision.services.feeds import feed_issue, feed_revoke
from balai.supervision.services.followups import (
    due_date,
    followup_answer,
    followup_close_by_data,
    followup_create,
    followup_verify,
    followups_close_recovered,
    followups_escalate_overdue,
)
from balai.supervision.services.instruments import (
    instrument_create,
    instrument_update,
    instruments_ensure_defaults,
    question_add,
    question_update,
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
    "feed_issue",
    "feed_revoke",
    "followup_answer",
    "followup_close_by_data",
    "followup_create",
    "followup_verify",
    "followups_close_recovered",
    "followups_escalate_overdue",
    "instrument_create",
    "instrument_update",
    "instruments_ensure_defaults",
    "meeting_add_item",
    "meeting_create",
    "meeting_invite",
    "meeting_invite_defaults",
    "meeting_record_minutes",
    "question_add",
    "question_update",
    "report_receive",
    "visit_add_photo",
    "visit_save_draft",
    "visit_sign",
    "visit_start",
]
