from django import template

from nianbao.core.permissions import roles_of
from nianbao.core.roles import Role

register = template.Library()

COMMITTEE_ROLES = frozenset({Role.PROVINCE_ADMIN, Role.REVIEWER})


@register.simple_tag(takes_context=True)
def rankings_committee(context) -> bool:
    """Whether to show the 50强 link: province admins and reviewers. Read from the memberships
    the navigation has already loaded (no query); the pages check the exact permission."""
    request = context.get("request")
    return request is not None and bool(roles_of(request.user) & COMMITTEE_ROLES)
