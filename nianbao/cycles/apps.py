from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "nianbao.cycles"
    label = "cycles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nianbao.cycles import receivers  # noqa: F401  (connects the signal handlers)
