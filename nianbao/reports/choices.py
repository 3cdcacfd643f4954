from django.db import models


class ReportStatus(models.TextChoices):
    DRAFTING = "drafting", "编制中"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已通过"
    PUBLISHED = "published", "已发布"


# Allowed transitions: from-status -> {to-status: service name}. Each transition is one service
# (`submissions.services.workflow`; 退回 and 审核通过 in `review.transitions`).
REPORT_TRANSITIONS: dict[str, dict[str, str]] = {
    ReportStatus.DRAFTING: {ReportStatus.SUBMITTED: "report_submit"},
    ReportStatus.SUBMITTED: {
        ReportStatus.RETURNED: "report_return",
        ReportStatus.APPROVED: "report_approve",
        ReportStatus.DRAFTING: "report_withdraw",
    },
    ReportStatus.RETURNED: {ReportStatus.DRAFTING: "report_reopen"},
    ReportStatus.APPROVED: {ReportStatus.PUBLISHED: "report_publish"},
    ReportStatus.PUBLISHED: {},
}


class AuthoringMode(models.TextChoices):
    PLATFORM = "platform", "在平台中编写"
    UPLOAD = "upload", "上传成稿（DOCX/PDF）"
