from django.apps import AppConfig

from nianbao.core.audit_display import register_code_labeller
from nianbao.indicators.catalog import code_name


class IndicatorsConfig(AppConfig):
    name = "nianbao.indicators"
    label = "indicators"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The audit log shows this app's codes by their Chinese names.
        register_code_labeller(code_name)
