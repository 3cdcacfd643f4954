from django.apps import AppConfig


class ValidationConfig(AppConfig):
    name = "nianbao.validation"
    label = "validation"
    default_auto_field = "django.db.models.BigAutoField"
