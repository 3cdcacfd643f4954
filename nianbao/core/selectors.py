from django.db.models import Q, QuerySet

from nianbao.core.models import AuditEvent
from nianbao.core.permissions import Action, scope_q


def audit_events_visible_to(user, *, action: str = "") -> QuerySet[AuditEvent]:
    """Events about organisations in scope, plus events with no organisation (cycle-wide) for
    users who may view audit anywhere."""
    qs = AuditEvent.objects.filter(
        scope_q(user, Action.VIEW_AUDIT, prefix="organisation__") | Q(organisation__isnull=True)
    ).select_related("actor")
    if action:
        qs = qs.filter(action__startswith=action)
    return qs
