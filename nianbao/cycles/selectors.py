from __future__ import annotations

from django.http import Http404

from nianbao.core.params import id_param
from nianbao.cycles.models import Cycle, CycleStatus


def current_cycle() -> Cycle | None:
    """The open cycle with the latest year, else the latest cycle."""
    cycles = list(Cycle.objects.prefetch_related("deadlines").order_by("-year")[:5])
    for cycle in cycles:
        if cycle.status == CycleStatus.OPEN:
            return cycle
    return cycles[0] if cycles else None


def cycles_list():
    return Cycle.objects.prefetch_related("deadlines").order_by("-year")


def cycle_detail(pk: int) -> Cycle:
    cycle = Cycle.objects.prefetch_related("deadlines").filter(pk=pk).first()
    if cycle is None:
        raise Http404("年度不存在。")
    return cycle


def cycle_from_request(request) -> Cycle:
    """The cycle named by `?cycle=<pk>`, else the current one; 404 when there is none."""
    value = request.GET.get("cycle", "")
    cycle_id = id_param(value)
    cycle = Cycle.objects.filter(pk=cycle_id).first() if cycle_id else current_cycle()
    if cycle is None:
        raise Http404("尚未开启年度。")
    return cycle
