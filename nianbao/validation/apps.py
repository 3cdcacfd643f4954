from django.apps import AppConfig


class ValidationConfig(AppConfig):
    name = "nianbao.validation"
    label = "validation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # receivers connects the signal handlers; export_jobs registers the Excel download.
        from nianbao.validation import export_jobs, receivers  # noqa: F401

        export_jobs.register()
