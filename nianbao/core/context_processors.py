"""Navigation items and the user menu for the current user, computed once per request from
their memberships. URL names only: the pages live in higher apps."""

from django.urls import reverse

from nianbao.core.permissions import Action, roles_of, user_can
from nianbao.core.roles import Role


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_menu": []}
    items = [("首页", reverse("portal:home"))]
    items.append(("年报", reverse("submissions:report-list")))
    items.append(("年报体检", reverse("checker:check-upload")))
    items.append(("组织机构", reverse("organisations:organisation-list")))
    if user_can(user, Action.REVIEW):
        items.append(("审核", reverse("review:queue")))
    if user_can(user, Action.RUN_VALIDATION):
        items.append(("进度总览", reverse("review:overview")))
        items.append(("数据校验", reverse("validation:scope-findings")))
    if user_can(user, Action.MANAGE_CYCLES):
        items.append(("年度管理", reverse("cycles:cycle-list")))
        items.append(("批量导入数据", reverse("indicators:bulk-import-list")))
        items.append(("数据反馈报告", reverse("portal:feedback-runs")))
    if user_can(user, Action.MANAGE_USERS):
        items.append(("用户管理", reverse("accounts:user-list")))
    if user_can(user, Action.VIEW_AUDIT):
        items.append(("审计日志", reverse("core:audit-list")))

    role_labels = sorted({Role(r).label for r in roles_of(user)})
    user_menu = [
        ("API 令牌", reverse("accounts:token-list")),
        ("修改密码", reverse("accounts:password-change")),
    ]
    return {"nav_items": items, "nav_roles": role_labels, "user_menu": user_menu}
