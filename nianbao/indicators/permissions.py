"""Who may read and write a report's data tables. The one place that decides: views, the Excel
upload, bulk import and the API all ask `can_edit_data`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import ROLE_ACTIONS, Action

__all__ = [
    "report_is_editable",
    "can_edit_data",
    "holds_edit_role",
    "require_edit_role",
    "require_edit_data",
]


def report_is_editable(report) -> bool:
    """The report workflow decides (`Report.is_editable`: 编制中 and not past the deadline)."""
    return report.is_editable


def _holds_edit_role_on(user, organisation) -> bool:
    """A membership at the report's own organisation (not an ancestor): a city admin reads its
    schools' tables but writes only the city's own."""
    if not getattr(user, "is_authenticated", False) or organisation is None:
        return False
    cache = getattr(user, "_nianbao_edit_orgs", None)
    if cache is None:
        cache = {
            m.organisation_id
            for m in user.memberships.filter(is_active=True)
            if Action.EDIT_REPORT in ROLE_ACTIONS.get(m.role, ())
        }
        user._nianbao_edit_orgs = cache
    return organisation.pk in cache


def holds_edit_role(user, report) -> bool:
    """Whether the user is one of the report's own editors (whatever its status)."""
    return _holds_edit_role_on(user, report.owner_organisation)


def can_edit_data(user, report) -> bool:
    return holds_edit_role(user, report) and report_is_editable(report)


def require_edit_role(user, report) -> None:
    if not holds_edit_role(user, report):
        raise PermissionDenied("您没有填报此年报数据的权限。")


def require_edit_data(user, report) -> None:
    """PermissionDenied for someone who may never edit; ApplicationError when the report is locked."""
    require_edit_role(user, report)
    if not report_is_editable(report):
        raise ApplicationError(_locked_message(report), status=409)


def _locked_message(report) -> str:
    if getattr(report, "is_overdue", False):
        return "年报已过截止日期，数据表已锁定；如需修改请联系上级申请延期。"
    return f"年报当前状态为“{report.get_status_display()}”，数据表不可修改。"
