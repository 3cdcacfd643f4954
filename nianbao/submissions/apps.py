from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    """编写与报送: authoring, checking and the submission workflow of reports (models in `reports`)."""

    name = "nianbao.submissions"
    label = "submission_workflow"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nianbao.submissions import export_jobs

        export_jobs.register()
