from django.apps import AppConfig

from nianbao.cycles.signals import cycle_opened
from nianbao.organisations.signals import organisations_changed


class ReportsConfig(AppConfig):
    """年报: the Report entity and its parts (sections, cases, figures, tables, files, declarations,
    snapshots). Keeps the app label "submissions" under which its tables and migrations were made;
    the writing and submission workflow on top of it is the `submissions` app."""

    name = "nianbao.reports"
    label = "submissions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from nianbao.reports import services  # models are ready only now

        cycle_opened.connect(services.expected_reports_create, dispatch_uid="reports.cycle_opened")
        organisations_changed.connect(
            services.open_cycles_reports_ensure, dispatch_uid="reports.organisations_changed"
        )
