from django.db.models import Prefetch, QuerySet

from nianbao.accounts.models import Membership, User
from nianbao.core.permissions import Action, scope_q


def users_visible_to(user, *, q: str = "") -> QuerySet[User]:
    """Users holding a role somewhere in the actor's user-management scope."""
    memberships = Membership.objects.filter(
        scope_q(user, Action.MANAGE_USERS, prefix="organisation__")
    ).select_related("organisation")
    qs = (
        User.objects.filter(memberships__in=memberships)
        .distinct()
        .prefetch_related(
            Prefetch("memberships", queryset=memberships, to_attr="scoped_memberships")
        )
        .order_by("username")
    )
    if q:
        qs = qs.filter(username__icontains=q) | qs.filter(full_name__icontains=q)
    return qs


def membership_for_manage(user, pk: int) -> Membership:
    from django.http import Http404

    membership = (
        Membership.objects.filter(
            scope_q(user, Action.MANAGE_USERS, prefix="organisation__"), pk=pk
        )
        .select_related("organisation", "user")
        .first()
    )
    if membership is None:
        raise Http404("成员关系不存在或无权管理。")
    return membership
