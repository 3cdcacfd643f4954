"""Permission-scoped reads of the organisation tree."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from nianbao.core.permissions import Action, require, scope_q
from nianbao.organisations.models import Organisation

__all__ = ["organisations_visible_to", "organisation_for_view", "organisation_for_edit"]


def organisations_visible_to(
    user, *, kind: str = "", parent_id: int | None = None, q: str = "", level: str = ""
) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(scope_q(user, Action.VIEW)).select_related("parent")
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    if parent_id:
        parent = Organisation.objects.filter(pk=parent_id).only("path").first()
        qs = qs.filter(path__startswith=parent.path) if parent else qs.none()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(short_name__icontains=q))
    return qs.order_by("path")


def organisation_for_view(user, pk: int) -> Organisation:
    org = organisations_visible_to(user).filter(pk=pk).first()
    if org is None:
        raise Http404("机构不存在或无权查看。")
    return org


def organisation_for_edit(user, pk: int) -> Organisation:
    org = Organisation.objects.filter(pk=pk).first()
    if org is None:
        raise Http404("机构不存在。")
    require(user, Action.MANAGE_ORGANISATIONS, org)
    return org
