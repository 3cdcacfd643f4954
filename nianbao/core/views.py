from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from nianbao.core.audit_display import action_choices, action_label, audit_changes
from nianbao.core.permissions import Action, require
from nianbao.core.selectors import audit_events_visible_to


def paginate(request, queryset, per_page: int = 50):
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    base = params.urlencode()
    return {"page_obj": page, "querystring_base": f"{base}&" if base else ""}


@login_required
def audit_list(request):
    require(request.user, Action.VIEW_AUDIT)
    events = audit_events_visible_to(request.user, action=request.GET.get("action", "").strip())
    context = paginate(request, events)
    context["rows"] = [
        {"event": e, "label": action_label(e.action), "changes": audit_changes(e)}
        for e in context["page_obj"]
    ]
    context["action_choices"] = action_choices()
    return render(request, "core/audit_list.html", context)
