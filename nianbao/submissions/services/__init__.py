"""Report services: writing, attachments, checking, workflow, deadlines, notifications."""

from nianbao.submissions.services.attachments import (
    declaration_template_docx,
    declaration_upload,
    publication_url_set,
    publication_url_warning,
)
from nianbao.submissions.services.authoring import (
    authoring_mode_set,
    case_save,
    figure_chart_save,
    figure_image_save,
    item_delete,
    item_move,
    report_file_upload,
    section_save,
    table_save,
)
from nianbao.submissions.services.checking import checker_summary, report_check
from nianbao.submissions.services.deadlines import deadline_extend, send_deadline_reminders
from nianbao.submissions.services.enterprise import enterprise_report_create
from nianbao.submissions.services.notifications import notifications_mark_read, notify
from nianbao.submissions.services.workflow import (
    report_publish,
    report_reopen,
    report_submit,
    report_withdraw,
    submission_refusals,
)

__all__ = [
    "authoring_mode_set",
    "case_save",
    "checker_summary",
    "deadline_extend",
    "declaration_template_docx",
    "declaration_upload",
    "enterprise_report_create",
    "figure_chart_save",
    "figure_image_save",
    "item_delete",
    "item_move",
    "notifications_mark_read",
    "notify",
    "publication_url_set",
    "publication_url_warning",
    "report_check",
    "report_file_upload",
    "report_publish",
    "report_reopen",
    "report_submit",
    "report_withdraw",
    "section_save",
    "send_deadline_reminders",
    "submission_refusals",
    "table_save",
]
