from django.apps import AppConfig


class RankingsConfig(AppConfig):
    name = "nianbao.rankings"
    label = "rankings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nianbao.rankings import export_jobs

        export_jobs.register()
