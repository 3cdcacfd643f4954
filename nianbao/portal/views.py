from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from nianbao.core.permissions import Action, roles_of, user_can
from nianbao.core.roles import Role
from nianbao.cycles.selectors import current_cycle
from nianbao.portal import dashboards


@login_not_required
def home(request):
    """The signed-in user's home page; an anonymous visitor is sent to the public portal (which
    links to the login)."""
    user = request.user
    if not user.is_authenticated:
        return redirect("portal:public-index")
    cycle = current_cycle()
    roles = roles_of(user)
    context = {"cycle": cycle, "deadlines": dashboards.deadlines_of(cycle), "roles": roles}
    if user_can(user, Action.MANAGE_CYCLES):
        context["province"] = dashboards.province_overview(user, cycle)
    if Role.CITY_ADMIN in roles:
        cities = [
            m.organisation
            for m in user.memberships.filter(role=Role.CITY_ADMIN, is_active=True).select_related(
                "organisation"
            )
        ]
        context["cities"] = [
            {"city": c, "schools": dashboards.city_schools(user, cycle, c)} for c in cities
        ]
    context["own_reports"] = dashboards.own_reports(user, cycle)
    if user_can(user, Action.REVIEW):
        context["review_queue"] = dashboards.review_queue(user, cycle)
    if user_can(user, Action.RUN_VALIDATION):
        context["bureau"] = dashboards.bureau_overview(user, cycle)
    if Role.ENTERPRISE_EDITOR in roles and not context["own_reports"]:
        context["partner_schools"] = [
            m.organisation.parent
            for m in user.memberships.filter(
                role=Role.ENTERPRISE_EDITOR, is_active=True
            ).select_related("organisation__parent")
        ]
    return render(request, "portal/home.html", context)
