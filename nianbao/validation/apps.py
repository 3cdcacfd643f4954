from django.apps import AppConfig


class ValidationConfig(AppConfig):
    name = "nianbao.validation"
    label = "validation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nianbao.validation import receivers  # noqa: F401  (connects the signal handlers)
