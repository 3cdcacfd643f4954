from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require
from nianbao.cycles import selectors, services
from nianbao.cycles.forms import CycleOpenForm


@login_required
def cycle_list(request):
    require(request.user, Action.MANAGE_CYCLES)
    return render(request, "cycles/cycle_list.html", {"cycles": selectors.cycles_list()})


@login_required
def cycle_detail(request, pk: int):
    require(request.user, Action.MANAGE_CYCLES)
    cycle = selectors.cycle_detail(pk)
    # Labels through the related model's own choices (cycles sits below submissions).
    fields = cycle.reports.model._meta
    kinds = dict(fields.get_field("kind").flatchoices)
    statuses = dict(fields.get_field("status").flatchoices)
    counts = [
        {**c, "kind": kinds.get(c["kind"], c["kind"]), "status": statuses.get(c["status"], c["status"])}
        for c in cycle.reports.values("kind", "status")
        .annotate(n=Count("id"))
        .order_by("kind", "status")
    ]
    return render(
        request,
        "cycles/cycle_detail.html",
        {"cycle": cycle, "counts": counts, "framework": cycle.framework},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_open(request):
    require(request.user, Action.MANAGE_CYCLES)
    form = CycleOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        period = (d["data_period_start"], d["data_period_end"]) if d["data_period_start"] else None
        try:
            cycle = services.cycle_open(
                actor=request.user,
                year=d["year"],
                framework_edition=d["framework_edition"],
                indicator_edition=d["indicator_edition"],
                data_period=period,
                deadlines={
                    "school": d["school_deadline"],
                    "city": d["city_deadline"],
                    "enterprise": d["enterprise_deadline"],
                },
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"{cycle.name}已开启，已生成 {cycle.reports.count()} 份应交年报。"
            )
            return redirect("cycles:cycle-detail", cycle.pk)
    return render(request, "cycles/cycle_open.html", {"form": form})
