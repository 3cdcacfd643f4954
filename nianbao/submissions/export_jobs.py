"""A report's data-table workbook (数据表工作簿) as a background download (core.exports): whoever
may see the report's data tables may have it."""

from __future__ import annotations

from nianbao.core.exports import XLSX, register_export
from nianbao.indicators import uploads
from nianbao.indicators.selectors import report_for_data
from nianbao.reports.models import Report

__all__ = ["DATA_WORKBOOK", "register"]

DATA_WORKBOOK = "submissions.data_workbook"


def can_export(user, *, report_id: int) -> bool:
    report_for_data(user, report_id)  # 404 when the user may not see it
    return True


def render_workbook(*, report_id: int):
    report = Report.objects.select_related("organisation", "cycle").get(pk=report_id)
    return uploads.workbook_for_report(report), uploads.workbook_filename(report), XLSX


def register() -> None:
    register_export(
        DATA_WORKBOOK,
        label="数据表工作簿（含已填数据）",
        can_request=can_export,
        render=render_workbook,
    )
