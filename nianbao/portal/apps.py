from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "nianbao.portal"
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nianbao.portal import signals  # noqa: F401  (connects the receivers)
