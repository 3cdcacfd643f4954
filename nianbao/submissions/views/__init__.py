"""Views of the submissions app, one module per area; `urls.py` refers to them through here."""

from nianbao.submissions.views.attachments import (
    declaration_file,
    declaration_template,
    declaration_upload,
    publication_url,
    report_upload,
)
from nianbao.submissions.views.authoring import (
    case_save,
    figure_image,
    figure_save,
    item_action,
    report_part,
    section_save,
    table_save,
)
from nianbao.submissions.views.enterprise import (
    enterprise_reports,
    notification_list,
    notification_read,
)
from nianbao.submissions.views.handover import report_handover_view
from nianbao.submissions.views.reports import report_check, report_detail, report_list, report_mode
from nianbao.submissions.views.workflow import (
    report_extend,
    report_submit,
    report_transition,
    snapshot_download,
)

__all__ = [
    "report_list",
    "report_detail",
    "report_mode",
    "report_check",
    "report_part",
    "section_save",
    "case_save",
    "figure_save",
    "table_save",
    "item_action",
    "figure_image",
    "report_upload",
    "declaration_upload",
    "declaration_file",
    "declaration_template",
    "publication_url",
    "report_submit",
    "report_handover_view",
    "report_transition",
    "report_extend",
    "snapshot_download",
    "enterprise_reports",
    "notification_list",
    "notification_read",
]
