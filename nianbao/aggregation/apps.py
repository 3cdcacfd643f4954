from django.apps import AppConfig


class AggregationConfig(AppConfig):
    name = "nianbao.aggregation"
    label = "aggregation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nianbao.aggregation import receivers  # noqa: F401  (connects the signal handlers)
