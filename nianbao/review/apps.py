from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "nianbao.review"
    label = "review"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nianbao.review import export_jobs

        export_jobs.register()
