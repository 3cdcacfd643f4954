from django.apps import AppConfig


class CheckerConfig(AppConfig):
    name = "nianbao.checker"
    label = "checker"
    default_auto_field = "django.db.models.BigAutoField"
