"""An organisation added (or made to file) during an open cycle gets that cycle's report."""

from __future__ import annotations

from django.dispatch import receiver

from nianbao.cycles.services import open_cycles_reports_ensure
from nianbao.organisations.models import Organisation
from nianbao.organisations.signals import organisations_changed


@receiver(organisations_changed, dispatch_uid="cycles.reports_for_new_organisations")
def reports_for_new_organisations(sender, *, pks, **kwargs) -> None:
    open_cycles_reports_ensure(Organisation.objects.filter(pk__in=pks))
