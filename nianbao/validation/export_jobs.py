"""The admin's list of validation findings (数据校验结果) as an Excel background download
(core.exports): the rows the requester's scope and filters select, as on the page."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.http import Http404
from openpyxl import Workbook

from nianbao.core.exports import XLSX, register_export
from nianbao.core.permissions import Action, user_can
from nianbao.core.spreadsheets import workbook_as_text
from nianbao.cycles.models import Cycle
from nianbao.validation import selectors

__all__ = ["SCOPE_FINDINGS", "register", "findings_xlsx"]

SCOPE_FINDINGS = "validation.scope_findings"
HEADER = ["地市", "学校代码", "学校", "层次", "规则", "级别", "问题", "相关指标"]
WIDTHS = (14, 12, 30, 8, 14, 6, 80, 30)


def can_export(user, *, user_id: int, **_filters) -> bool:
    # The rows depend on whose scope they are read in: only the requester's own.
    return user.pk == user_id and user_can(user, Action.RUN_VALIDATION)


def findings_xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "校验结果"
    ws.append(HEADER)
    for r in rows:
        ws.append(
            [
                r.city,
                r.school_code,
                r.school,
                r.level,
                r.rule_id,
                r.severity_label,
                r.message,
                "、".join(r.indicators),
            ]
        )
    for col, width in zip("ABCDEFGH", WIDTHS, strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    workbook_as_text(wb)
    wb.save(buf)
    return buf.getvalue()


def render_findings(*, user_id: int, cycle_id: int, **filters):
    user = get_user_model().objects.filter(pk=user_id).first()
    cycle = Cycle.objects.filter(pk=cycle_id).first()
    if user is None or cycle is None:
        raise Http404("年度或用户不存在。")
    rows = selectors.finding_rows(user, cycle=cycle, **filters)
    return findings_xlsx(rows), f"validation-{cycle.year}.xlsx", XLSX


def register() -> None:
    register_export(
        SCOPE_FINDINGS,
        label="数据校验结果（Excel）",
        can_request=can_export,
        render=render_findings,
        denied="您没有执行此操作的权限。",
    )
