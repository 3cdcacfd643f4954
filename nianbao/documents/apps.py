from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "nianbao.documents"
    label = "documents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nianbao.documents import progress_exports

        progress_exports.register()
