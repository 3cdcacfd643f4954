from django.apps import AppConfig

from nianbao.core.audit_display import register_code_labeller
from nianbao.cycles.frameworks import part_name


class CyclesConfig(AppConfig):
    name = "nianbao.cycles"
    label = "cycles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The audit log shows this app's codes by their Chinese names.
        register_code_labeller(part_name)
